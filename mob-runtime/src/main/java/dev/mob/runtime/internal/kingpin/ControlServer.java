package dev.mob.runtime.internal.kingpin;

import dev.mob.runtime.internal.Json;
import dev.mob.runtime.internal.Log;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The socket that commands ({@code status}, {@code scale}, {@code reload}, {@code stop}) reach the
 * running Kingpin on: {@code control.sock} in the run directory, which only its user can enter
 * (mode 0700). One JSON line in, one JSON line out, per connection. A daemon thread serves it;
 * the work happens on the Kingpin's control thread.
 */
final class ControlServer implements AutoCloseable {
    private static final Logger log = Log.get(ControlServer.class);
    static final String SOCKET = "control.sock";

    /** Runs a command; completes with the answer (a map with "ok", "text" and maybe "json"). */
    interface Handler {
        CompletableFuture<Map<String, Object>> handle(String command, Map<String, Object> args);
    }

    private final ServerSocketChannel server;
    private final Thread thread;

    ControlServer(Path runDir, Handler handler) throws IOException {
        Path path = runDir.resolve(SOCKET);
        Files.deleteIfExists(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        thread = new Thread(() -> serve(handler), "mob-control");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(Handler handler) {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                answer(client, handler);
            } catch (IOException e) {
                if (server.isOpen()) {
                    log.debug("control connection failed: {}", e.toString());
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void answer(SocketChannel client, Handler handler) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                StandardCharsets.UTF_8));
        OutputStream out = Channels.newOutputStream(client);
        String line = in.readLine();
        Map<String, Object> answer;
        try {
            Map<String, Object> request = Json.readProtocol(line == null ? new byte[0]
                    : line.getBytes(StandardCharsets.UTF_8), Map.class);
            String command = String.valueOf(request.get("command"));
            Map<String, Object> args = request.get("args") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            answer = handler.handle(command, args).get(15, TimeUnit.MINUTES);
        } catch (Exception e) {
            answer = Map.of("ok", false, "text", "the command failed: " + e);
        }
        out.write(Json.writeProtocol(answer));
        out.write('\n');
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
