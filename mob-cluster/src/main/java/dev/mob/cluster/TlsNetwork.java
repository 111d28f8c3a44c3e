package dev.mob.cluster;

import dev.mob.runtime.internal.Log;
import dev.mob.runtime.internal.cluster.ClusterConfig;
import dev.mob.runtime.internal.cluster.Network;
import dev.mob.runtime.internal.wire.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;

/**
 * TCP links between the mobsters of different hosts, on the host's advertised address, each
 * behind mutual TLS (TLS 1.3; BoringSSL through netty-tcnative, or the JDK's engine where that
 * does not load): both ends present a certificate signed by the
 * cluster CA, and any certificate that CA signed is a member. Host names are not checked against
 * the certificates (hosts are dialled by address); the CA is the boundary. With
 * {@code --insecure-cluster} (loopback only) the links are plain TCP.
 */
final class TlsNetwork implements Network {
    private static final Logger log = Log.get(TlsNetwork.class);

    private final Transport transport;
    private final String advertise;
    private final boolean insecure;
    /**
     * Server and client contexts, built on a thread of their own from the moment the mobster
     * boots: loading a TLS stack costs about a second of CPU, which then overlaps the rest of
     * start-up (connecting to the Kingpin, creating the role) instead of adding to it.
     */
    private final CompletableFuture<SslContext[]> contexts;
    private Channel listener;

    TlsNetwork(ClusterConfig config, Transport transport) {
        this.transport = transport;
        this.advertise = config.advertise();
        this.insecure = config.insecure();
        if (insecure) {
            contexts = CompletableFuture.completedFuture(new SslContext[2]);
        } else {
            contexts = new CompletableFuture<>();
            Thread loader = new Thread(() -> {
                try {
                    contexts.complete(new SslContext[] {serverContext(config), clientContext(config)});
                } catch (Throwable t) {
                    contexts.completeExceptionally(t);
                }
            }, "mob-tls-init");
            loader.setDaemon(true);
            loader.start();
        }
    }

    /** The contexts, waiting for them at most once per process (they are ready before READY is sent). */
    private SslContext[] contexts() {
        try {
            return contexts.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IllegalStateException("cannot set up TLS between hosts: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    static SslContext serverContext(ClusterConfig config) throws IOException {
        return SslContextBuilder.forServer(new File(config.tlsCert()), new File(config.tlsKey()))
                .trustManager(new File(config.tlsCa()))
                .clientAuth(ClientAuth.REQUIRE)
                .sslProvider(provider())
                .protocols("TLSv1.3")
                .build();
    }

    static SslContext clientContext(ClusterConfig config) throws IOException {
        return SslContextBuilder.forClient()
                .keyManager(new File(config.tlsCert()), new File(config.tlsKey()))
                .trustManager(new File(config.tlsCa()))
                .endpointIdentificationAlgorithm(null)
                .sslProvider(provider())
                .protocols("TLSv1.3")
                .build();
    }

    /** A JDK {@link SSLContext} with this host's certificate and the cluster CA, for a {@code tls://} NATS server. */
    static SSLContext jdkContext(ClusterConfig config) throws IOException {
        return ((JdkSslContext) SslContextBuilder.forClient()
                .keyManager(new File(config.tlsCert()), new File(config.tlsKey()))
                .trustManager(new File(config.tlsCa()))
                .sslProvider(SslProvider.JDK)
                .build()).context();
    }

    /**
     * BoringSSL through netty-tcnative where it is on the class path (about twice the throughput of
     * the JDK's engine here), else the JDK's own.
     */
    static SslProvider provider() {
        return io.netty.handler.ssl.OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    private boolean epoll() {
        return transport.kind().equals("epoll");
    }

    @Override
    public String listen(Supplier<ChannelHandler[]> handlers) throws InterruptedException {
        SslContext server = contexts()[0];
        listener = new ServerBootstrap()
                .group(transport.group())
                .channel(epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (server != null) {
                            ch.pipeline().addLast(server.newHandler(ch.alloc()), new TlsOutcome("from"));
                        }
                        ch.pipeline().addLast(handlers.get());
                    }
                })
                .bind(new InetSocketAddress(advertise, 0)).sync().channel();
        int port = ((InetSocketAddress) listener.localAddress()).getPort();
        return (advertise.contains(":") ? "[" + advertise + "]" : advertise) + ":" + port;
    }

    @Override
    public ChannelFuture dial(String address, ChannelHandler[] handlers) {
        int colon = address.lastIndexOf(':');
        String host = colon > 0 ? address.substring(0, colon).replace("[", "").replace("]", "") : address;
        int port = colon > 0 ? Integer.parseInt(address.substring(colon + 1)) : 0;
        SslContext client = contexts()[1];
        return new Bootstrap()
                .group(transport.group())
                .channel(epoll() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3_000)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (client != null) {
                            ch.pipeline().addLast(client.newHandler(ch.alloc(), host, port), new TlsOutcome("to"));
                        }
                        ch.pipeline().addLast(handlers);
                    }
                })
                .connect(host, port);
    }

    @Override
    public String security() {
        return insecure ? "plain TCP (insecure)" : "mutual TLS (" + provider() + ")";
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
    }

    /** Logs a failed TLS handshake with who it was with and why, and closes that connection only. */
    private static final class TlsOutcome extends ChannelInboundHandlerAdapter {
        private final String direction;

        TlsOutcome(String direction) {
            this.direction = direction;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent done) {
                if (!done.isSuccess()) {
                    Throwable cause = done.cause();
                    log.warn("refusing a connection {} {}: TLS handshake failed: {}", direction,
                            ctx.channel().remoteAddress(), cause.getMessage() == null ? cause.toString()
                                    : cause.getMessage());
                    ctx.close();
                }
                ctx.pipeline().remove(this);
            }
            ctx.fireUserEventTriggered(event);
        }
    }
}
