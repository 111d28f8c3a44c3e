package dev.mob.runtime.internal.wire;

import dev.mob.runtime.PayloadTooLargeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes frames into pooled buffers (on the sending thread, off the I/O thread) and decodes them,
 * rejecting any length, kind or name that does not parse: the caller closes the connection.
 */
public final class FrameCodec extends ByteToMessageDecoder {
    /** The largest frame a peer may send before it has authenticated: a handshake is tiny. */
    public static final int UNAUTHENTICATED_MAX_BYTES = 4096;

    private final int maxFrameBytes;
    private int limit;

    /** A decoder that accepts frames up to {@value #UNAUTHENTICATED_MAX_BYTES} bytes until {@link #authenticated()}. */
    public FrameCodec(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
        this.limit = Math.min(maxFrameBytes, UNAUTHENTICATED_MAX_BYTES);
    }

    /** The peer passed the handshake: frames up to the configured maximum are accepted from now on. */
    void authenticated() {
        limit = maxFrameBytes;
    }

    /**
     * Encodes one frame.
     *
     * @throws PayloadTooLargeException if the frame would exceed {@code maxFrameBytes}
     */
    public static ByteBuf encode(ByteBufAllocator alloc, int maxFrameBytes, byte kind, long id, String name,
            byte[] payload, String what) {
        byte[] nameBytes = name == null ? new byte[0] : name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 0xFFFF) {
            throw new IllegalArgumentException("name too long: " + nameBytes.length + " bytes");
        }
        int length = Frame.HEADER_BYTES + nameBytes.length + payload.length;
        if (length > maxFrameBytes) {
            throw new PayloadTooLargeException(what + " is " + payload.length + " bytes of JSON, over the limit of "
                    + maxFrameBytes + " bytes per frame (set -Dmob.maxFrameBytes to raise it, or send less)");
        }
        ByteBuf buf = alloc.directBuffer(4 + length);
        buf.writeInt(length).writeByte(kind).writeLong(id).writeShort(nameBytes.length)
                .writeBytes(nameBytes).writeBytes(payload);
        return buf;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 4) {
            int length = in.getInt(in.readerIndex());
            if (length < Frame.HEADER_BYTES) {
                throw new CorruptedFrameException("frame length " + length + " is shorter than a header");
            }
            if (length > limit) {
                throw new TooLongFrameException("frame length " + length + " exceeds the limit of " + limit
                        + (limit < maxFrameBytes ? " before the handshake" : ""));
            }
            if (in.readableBytes() < 4 + length) {
                return;
            }
            in.skipBytes(4);
            int end = in.readerIndex() + length;
            byte kind = in.readByte();
            if (!Frame.isKnownKind(kind)) {
                throw new CorruptedFrameException("unknown frame kind " + kind);
            }
            long id = in.readLong();
            int nameLength = in.readUnsignedShort();
            if (nameLength > end - in.readerIndex()) {
                throw new CorruptedFrameException("name length " + nameLength + " runs past the frame");
            }
            String name = nameLength == 0 ? "" : in.toString(in.readerIndex(), nameLength, StandardCharsets.UTF_8);
            in.skipBytes(nameLength);
            byte[] payload = new byte[end - in.readerIndex()];
            in.readBytes(payload);
            out.add(new Frame(kind, id, name, payload));
        }
    }
}
