package dev.mob.runtime.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mob.runtime.PayloadTooLargeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private static final int MAX = 1024;

    private static ByteBuf frame(byte kind, long id, String name, String json) {
        return FrameCodec.encode(ByteBufAllocator.DEFAULT, MAX, kind, id, name, json.getBytes(StandardCharsets.UTF_8), "test");
    }

    @Test
    void roundTripsFramesSplitAnywhere() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameCodec(MAX));
        ByteBuf all = Unpooled.buffer();
        all.writeBytes(frame(Frame.CALL, 7, "foo", "[1,\"ü\"]"));
        all.writeBytes(frame(Frame.REPLY, 8, "", "null"));
        // Feed one byte at a time: the decoder must wait for whole frames.
        while (all.isReadable()) {
            channel.writeInbound(all.readRetainedSlice(1));
        }
        Frame a = channel.readInbound();
        Frame b = channel.readInbound();
        assertEquals(Frame.CALL, a.kind());
        assertEquals(7, a.id());
        assertEquals("foo", a.name());
        assertEquals("[1,\"ü\"]", a.payloadText());
        assertEquals(Frame.REPLY, b.kind());
        assertArrayEquals("null".getBytes(StandardCharsets.UTF_8), b.payload());
    }

    @Test
    void senderRefusesOversizedPayload() {
        assertThrows(PayloadTooLargeException.class, () -> frame(Frame.CALL, 1, "foo", "x".repeat(MAX)));
    }

    @Test
    void absurdLengthPrefixIsRejected() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameCodec(MAX));
        assertThrows(DecoderException.class, () -> channel.writeInbound(Unpooled.buffer().writeInt(Integer.MAX_VALUE)));
    }

    @Test
    void negativeOrShortLengthIsRejected() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameCodec(MAX));
        assertThrows(DecoderException.class, () -> channel.writeInbound(Unpooled.buffer().writeInt(-5)));
        EmbeddedChannel other = new EmbeddedChannel(new FrameCodec(MAX));
        assertThrows(DecoderException.class, () -> other.writeInbound(Unpooled.buffer().writeInt(3).writeBytes(new byte[3])));
    }

    @Test
    void unknownKindIsRejected() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameCodec(MAX));
        ByteBuf bad = frame(Frame.CALL, 1, "x", "[]");
        bad.setByte(4, 99);
        assertThrows(DecoderException.class, () -> channel.writeInbound(bad));
    }

    @Test
    void nameLengthPastTheFrameIsRejected() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameCodec(MAX));
        ByteBuf bad = frame(Frame.CALL, 1, "x", "[]");
        bad.setShort(4 + 1 + 8, 500);
        assertThrows(DecoderException.class, () -> channel.writeInbound(bad));
    }

    /**
     * Frames with valid lengths and random kinds, names and payloads: each is decoded exactly as
     * sent when its kind and name are valid, and refused otherwise, and every outcome is counted so
     * the test shows it reached each check.
     */
    @Test
    void randomFramesAreDecodedExactlyOrRefusedForTheRightReason() {
        Random random = new Random(42);
        int decoded = 0;
        int badKind = 0;
        int badName = 0;
        for (int round = 0; round < 2_000; round++) {
            byte kind = (byte) random.nextInt(20);
            byte[] name = new byte[random.nextInt(8)];
            for (int i = 0; i < name.length; i++) {
                name[i] = (byte) ('a' + random.nextInt(26));
            }
            byte[] payload = new byte[random.nextInt(200)];
            random.nextBytes(payload);
            long id = random.nextLong();
            int declaredName = random.nextInt(10) == 0 ? name.length + 1 + payload.length + random.nextInt(100) : name.length;
            int length = Frame.HEADER_BYTES + name.length + payload.length;
            ByteBuf buf = Unpooled.buffer().writeInt(length).writeByte(kind).writeLong(id).writeShort(declaredName)
                    .writeBytes(name).writeBytes(payload);
            EmbeddedChannel channel = new EmbeddedChannel(new FrameCodec(MAX));
            boolean kindOk = Frame.isKnownKind(kind);
            boolean nameOk = declaredName == name.length;
            if (!kindOk) {
                DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(buf));
                assertTrue(e.getMessage().contains("unknown frame kind " + kind), e.getMessage());
                badKind++;
            } else if (!nameOk) {
                DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(buf));
                assertTrue(e.getMessage().contains("runs past the frame"), e.getMessage());
                badName++;
            } else {
                channel.writeInbound(buf);
                Frame f = channel.readInbound();
                assertEquals(kind, f.kind());
                assertEquals(id, f.id());
                assertEquals(new String(name, StandardCharsets.UTF_8), f.name());
                assertArrayEquals(payload, f.payload());
                assertTrue(channel.readInbound() == null, "exactly one frame");
                decoded++;
            }
        }
        assertTrue(decoded > 500 && badKind > 100 && badName > 50,
                "every outcome reached: decoded " + decoded + ", bad kind " + badKind + ", bad name " + badName);
    }

    /** Random bytes never escape as anything but a decoder error or well-formed frames. */
    @Test
    void randomBytesEitherDecodeOrAreRefused() {
        Random random = new Random(42);
        int refused = 0;
        for (int round = 0; round < 2_000; round++) {
            EmbeddedChannel channel = new EmbeddedChannel(new FrameCodec(MAX));
            byte[] junk = new byte[4 + random.nextInt(64)];
            random.nextBytes(junk);
            junk[0] = 0; // lengths up to 16 MiB: past the limit, or waiting for more
            try {
                channel.writeInbound(Unpooled.wrappedBuffer(junk));
                Frame f;
                while ((f = channel.readInbound()) != null) {
                    assertTrue(f.payload().length <= MAX);
                }
            } catch (DecoderException expected) {
                refused++;
            }
        }
        assertTrue(refused > 1_000, "most garbage is refused at once, not buffered: " + refused);
    }
}
