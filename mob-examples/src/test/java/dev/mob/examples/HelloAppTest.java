package dev.mob.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.mob.test.KingpinProcess;
import org.junit.jupiter.api.Test;

/**
 * Starts the hello app as a user would (its generated MobMain), sends 200 requests on fresh
 * connections to the shared port, and checks that both fronts and all 4 backs served; then
 * SIGTERM, exit 0, and no process left.
 */
class HelloAppTest {
    private static final Pattern ANSWER = Pattern.compile("Served by front (\\d+); back said: Bar! My pid is (\\d+)");

    @Test
    void bothFrontsAndAllBacksServeOneSharedPortAndSigtermStopsEverything() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (KingpinProcess app = KingpinProcess.start(System.getProperty("java.class.path"), "dev.mob.examples.hello.MobMain", java.util.List.of(), Map.of("HELLO_PORT", Integer.toString(port)))) {
            app.await(l -> l.contains("HttpFront - Server ") && l.contains(" running at "), 2, java.time.Duration.ofSeconds(60));
            Set<String> fronts = new HashSet<>();
            Set<String> backs = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                Matcher m = ANSWER.matcher(get(port));
                assertTrue(m.find(), "unexpected answer");
                fronts.add(m.group(1));
                backs.add(m.group(2));
            }
            assertEquals(2, fronts.size(), "fronts that served: " + fronts);
            assertEquals(4, backs.size(), "backs that served: " + backs);
            app.sigterm();
            assertEquals(0, app.awaitExit(java.time.Duration.ofSeconds(30)));
            assertTrue(app.allGone(java.time.Duration.ofSeconds(2)), "a mobster outlived the Kingpin");
        }
    }

    /** One request on a fresh connection, so the kernel picks a front each time. */
    private static String get(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.contains("Hello World"), response);
            return response;
        }
    }
}
