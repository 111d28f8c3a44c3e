package dev.mob.runtime.internal.wire;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.time.Duration;
import java.util.function.BiConsumer;

/** The two pipelines every connection uses: codec, handshake, then the frame listener. */
public final class Pipelines {
    private Pipelines() {}

    /** At most this many connections per listening socket may be waiting to authenticate. */
    public static final int MAX_UNAUTHENTICATED = 64;

    public static ChannelInitializer<Channel> server(int maxFrameBytes, String secret, Duration handshakeTimeout,
            Link.Peer self, BiConsumer<Link, Handshake.Hello> onAccepted, FrameHandler.Listener listener) {
        Handshake.Gate gate = new Handshake.Gate(MAX_UNAUTHENTICATED);
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new FrameCodec(maxFrameBytes),
                        new Handshake.Server(secret, handshakeTimeout, self, gate, onAccepted),
                        new FrameHandler(listener));
            }
        };
    }

    /** For a connection to {@code expected}, whose answer to the handshake must come from it. */
    public static ChannelInitializer<Channel> client(int maxFrameBytes, Duration handshakeTimeout,
            Link.Peer expected, FrameHandler.Listener listener) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new FrameCodec(maxFrameBytes),
                        new Handshake.Client(handshakeTimeout, expected),
                        new FrameHandler(listener));
            }
        };
    }
}
