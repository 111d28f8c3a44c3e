package dev.mob.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        ProcessBuilder builder = new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.mob.examples.hello.MobMain")
                .redirectErrorStream(true);
        builder.environment().put("HELLO_PORT", Integer.toString(port));
        Process kingpin = builder.start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(kingpin.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        Set<Long> started = new HashSet<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (output.stream().filter(l -> l.contains("HttpFront - Server ") && l.contains(" running at ")).count() < 2) {
                assertTrue(System.nanoTime() < deadline, "fronts did not start:\n" + String.join("\n", output));
                Thread.sleep(50);
            }
            kingpin.descendants().forEach(p -> started.add(p.pid()));

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

            kingpin.toHandle().destroy(); // SIGTERM, keeping our end of its stdout open
            assertTrue(kingpin.waitFor(30, TimeUnit.SECONDS), "the Kingpin did not stop");
            assertEquals(0, kingpin.exitValue());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (started.stream().anyMatch(HelloAppTest::alive) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertTrue(started.stream().noneMatch(HelloAppTest::alive), "a mobster outlived the Kingpin");
        } finally {
            kingpin.destroyForcibly();
            started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
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
