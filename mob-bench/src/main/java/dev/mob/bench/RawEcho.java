package dev.mob.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The ceiling mob is measured against: a plain request/reply server over a Unix socket with the
 * JDK's blocking NIO, one thread, the same Jackson payload as the bench's echo call (a JSON array
 * of arguments in, the JSON result out), length-prefixed frames. Run as its own JVM by
 * {@link RawBaseline}: {@code java -cp ... dev.mob.bench.RawEcho <socket>}.
 */
public final class RawEcho {
    private RawEcho() {}

    public static void main(String[] args) throws IOException {
        Path path = Path.of(args[0]);
        Files.deleteIfExists(path);
        ObjectMapper mapper = new ObjectMapper();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            System.out.println("RAW-UP");
            System.out.flush();
            try (SocketChannel client = server.accept()) {
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Channels.newInputStream(client), 1 << 16));
                DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Channels.newOutputStream(client), 1 << 16));
                byte[] buffer = new byte[1 << 16];
                while (true) {
                    int length;
                    try {
                        length = in.readInt();
                    } catch (java.io.EOFException done) {
                        return;
                    }
                    in.readFully(buffer, 0, length);
                    Object[] arguments = mapper.readValue(buffer, 0, length, Object[].class);
                    byte[] reply = mapper.writeValueAsBytes(arguments[0]);
                    out.writeInt(reply.length);
                    out.write(reply);
                    if (in.available() == 0) {
                        out.flush(); // flush when no request is waiting: pipelined requests share a write
                    }
                }
            }
        } finally {
            Files.deleteIfExists(path);
        }
    }
}
