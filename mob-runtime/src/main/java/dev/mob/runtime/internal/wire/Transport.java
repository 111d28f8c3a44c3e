package dev.mob.runtime.internal.wire;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Unix domain sockets through Netty: epoll where the native transport loads, NIO (JDK 16+ domain
 * sockets) elsewhere. One event loop group per process, on daemon threads.
 */
public final class Transport implements AutoCloseable {
    private final boolean epoll;
    private final EventLoopGroup group;

    public Transport(int ioThreads) {
        this.epoll = Epoll.isAvailable() && !dev.mob.runtime.internal.Setting.NO_EPOLL.booleanValue();
        IoHandlerFactory handler = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("mob-io", true), handler);
    }

    public String kind() {
        return epoll ? "epoll" : "nio";
    }

    public EventLoopGroup group() {
        return group;
    }

    /** Listens on {@code path}; the file must not exist. */
    public Channel bind(Path path, ChannelInitializer<Channel> init) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(epoll ? EpollServerDomainSocketChannel.class : NioServerDomainSocketChannel.class)
                .childHandler(init);
        return bootstrap.bind(address(path)).sync().channel();
    }

    /** Starts connecting to {@code path}; the returned future's channel exists at once. */
    public ChannelFuture connect(Path path, ChannelInitializer<Channel> init) {
        return new Bootstrap()
                .group(group)
                .channel(epoll ? EpollDomainSocketChannel.class : NioDomainSocketChannel.class)
                .handler(init)
                .connect(address(path));
    }

    private SocketAddress address(Path path) {
        return epoll ? new DomainSocketAddress(path.toString()) : UnixDomainSocketAddress.of(path);
    }

    /**
     * The pid of the process at the other end of a Unix socket, from the kernel (SO_PEERCRED), or
     * 0 where the transport cannot tell (NIO).
     */
    public static long peerPid(Channel channel) {
        if (channel instanceof EpollDomainSocketChannel epoll) {
            try {
                return epoll.peerCredentials().pid();
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
        return 0;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
