package dev.mob.runtime.internal.cluster;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import java.util.function.Supplier;

/**
 * A mobster's links to mobsters of other hosts: TCP on the host's advertised address, with mutual
 * TLS from the cluster CA in front of the same frames and handshake as the Unix sockets.
 */
public interface Network extends AutoCloseable {
    /**
     * Listens on the advertised address (a free port); each accepted connection gets TLS, then the
     * handlers {@code handlers} makes. Returns the {@code address:port} other hosts dial.
     */
    String listen(Supplier<ChannelHandler[]> handlers) throws InterruptedException;

    /** Starts connecting to {@code address} ({@code host:port}); the future's channel exists at once. */
    ChannelFuture dial(String address, ChannelHandler[] handlers);

    /** "mutual TLS" or "plain TCP (insecure)", for the log. */
    String security();

    @Override
    void close();
}
