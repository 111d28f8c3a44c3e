package dev.mob.runtime.internal.wire;

import dev.mob.runtime.internal.Settings;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

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
        Supplier<ChannelHandler[]> handlers = serverHandlers(settings, secret, self, onAccepted, listener);
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(handlers.get());
            }
        };
    }

    /**
     * The handlers of one accepted connection, made anew for each; one gate counts the
     * unauthenticated connections of the listener they serve. For transports that put their own
     * handlers first (TLS).
     */
    public static Supplier<ChannelHandler[]> serverHandlers(Settings settings, String secret, Link.Peer self,
            BiConsumer<Link, Handshake.Hello> onAccepted, FrameHandler.Listener listener) {
        Handshake.Gate gate = new Handshake.Gate(MAX_UNAUTHENTICATED);
        return () -> new ChannelHandler[] {Liveness.detector(settings.pingInterval(), settings.liveness()),
                new FrameCodec(settings.maxFrameBytes()),
                new Handshake.Server(secret, settings.handshakeTimeout(), self, gate, onAccepted),
                Liveness.handler(settings.liveness(), true),
                new FrameHandler(listener)};
    }

    /** The handlers of a connection we dial to {@code expected}; see {@link #client}. */
    public static ChannelHandler[] clientHandlers(Settings settings, Link.Peer expected, boolean cutOnSilence,
            FrameHandler.Listener listener) {
        return new ChannelHandler[] {Liveness.detector(settings.pingInterval(), settings.liveness()),
                new FrameCodec(settings.maxFrameBytes()),
                new Handshake.Client(settings.handshakeTimeout(), expected),
                Liveness.handler(settings.liveness(), cutOnSilence),
                new FrameHandler(listener)};
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
                ch.pipeline().addLast(clientHandlers(settings, expected, cutOnSilence, listener));
            }
        };
    }
}
