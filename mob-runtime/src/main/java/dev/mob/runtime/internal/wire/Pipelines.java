package dev.mob.runtime.internal.wire;

import dev.mob.runtime.internal.Settings;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.util.function.BiConsumer;

/**
 * The two pipelines every connection uses: liveness detection, codec, handshake, liveness (pings),
 * then the frame listener.
 */
public final class Pipelines {
    private Pipelines() {}

    /** At most this many connections per listening socket may be waiting to authenticate. */
    public static final int MAX_UNAUTHENTICATED = 64;

    public static ChannelInitializer<Channel> server(Settings settings, String secret, Link.Peer self,
            BiConsumer<Link, Handshake.Hello> onAccepted, FrameHandler.Listener listener) {
        Handshake.Gate gate = new Handshake.Gate(MAX_UNAUTHENTICATED);
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(Liveness.detector(settings.pingInterval(), settings.liveness()),
                        new FrameCodec(settings.maxFrameBytes()),
                        new Handshake.Server(secret, settings.handshakeTimeout(), self, gate, onAccepted),
                        Liveness.handler(settings.liveness(), true),
                        new FrameHandler(listener));
            }
        };
    }

    /**
     * For a connection to {@code expected}, whose answer to the handshake must come from it.
     * {@code cutOnSilence}: close the link when the peer goes silent (not for the Kingpin link,
     * whose loss a mobster learns from its stdin).
     */
    public static ChannelInitializer<Channel> client(Settings settings, Link.Peer expected, boolean cutOnSilence,
            FrameHandler.Listener listener) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(Liveness.detector(settings.pingInterval(), settings.liveness()),
                        new FrameCodec(settings.maxFrameBytes()),
                        new Handshake.Client(settings.handshakeTimeout(), expected),
                        Liveness.handler(settings.liveness(), cutOnSilence),
                        new FrameHandler(listener));
            }
        };
    }
}
