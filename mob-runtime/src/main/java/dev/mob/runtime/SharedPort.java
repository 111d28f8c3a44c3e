package dev.mob.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

/**
 * A TCP port that several mobsters of one role listen on together, as node's cluster module does.
 * Each mobster binds its own socket with {@code SO_REUSEPORT} and the kernel spreads new
 * connections over them; when one exits, the others take every new connection.
 *
 * <p>Hand the channel to your server, e.g. Jetty's {@code ServerConnector.open(channel)}.
 * Connections still queued on a listener when it closes are reset by the kernel, so stop a front
 * by closing its listener only after the others are up (mob's revival does that by itself).
 */
public final class SharedPort {
    private SharedPort() {}

    /**
     * Opens a listening channel on {@code host:port} that other processes may bind too.
     *
     * @throws UnsupportedOperationException where the platform lacks {@code SO_REUSEPORT}
     * @throws IOException if the port is taken by a process that did not set the option
     */
    public static ServerSocketChannel open(String host, int port) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            if (!channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                throw new UnsupportedOperationException("this platform (" + System.getProperty("os.name")
                        + ") has no SO_REUSEPORT, so mobsters cannot share port " + port
                        + "; run one front worker, or put a load balancer in front of one port per worker");
            }
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(host, port), 1024);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}
