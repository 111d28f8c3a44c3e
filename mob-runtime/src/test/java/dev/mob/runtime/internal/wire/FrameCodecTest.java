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

    /** Random bytes never crash the decoder: it either yields well-formed frames or throws. */
    @Test
    void randomBytesNeverEscapeAsAnythingButADecoderError() {
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            EmbeddedChannel channel = new EmbeddedChannel(new FrameCodec(MAX));
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            try {
                channel.writeInbound(Unpooled.wrappedBuffer(junk));
                Object msg;
                while ((msg = channel.readInbound()) != null) {
                    Frame f = (Frame) msg;
                    assertTrue(f.payload().length <= MAX);
                }
                assertFalse(channel.finish() && channel.readInbound() instanceof ByteBuf);
            } catch (DecoderException expected) {
                // the pipeline closes the connection on this
            }
        }
    }
}
