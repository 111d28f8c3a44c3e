package dev.mob.runtime.internal.wire;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.time.Duration;
import java.util.function.BiConsumer;

/** The two pipelines every connection uses: codec, handshake, then the frame listener. */
public final class Pipelines {
    private Pipelines() {}

    public static ChannelInitializer<Channel> server(int maxFrameBytes, String secret, Duration handshakeTimeout,
            Link.Peer self, BiConsumer<Link, Handshake.Hello> onAccepted, FrameHandler.Listener listener) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new FrameCodec(maxFrameBytes),
                        new Handshake.Server(secret, handshakeTimeout, self, onAccepted),
                        new FrameHandler(listener));
            }
        };
    }

    public static ChannelInitializer<Channel> client(int maxFrameBytes, Duration handshakeTimeout,
            FrameHandler.Listener listener) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new FrameCodec(maxFrameBytes),
                        new Handshake.Client(handshakeTimeout),
                        new FrameHandler(listener));
            }
        };
    }
}
