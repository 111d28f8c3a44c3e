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

    /**
     * A rolling reload of the fronts while clients keep opening connections to the shared port:
     * every new front listens before an old one closes, and no request fails.
     */
    @Test
    void reloadingTheFrontsUnderAnHttpLoopFailsNoRequest() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String cp = System.getProperty("java.class.path");
        // Connections still in a closing listener's accept queue are reset by the kernel unless it
        // migrates them to another listener of the port (Linux 5.14+, net.ipv4.tcp_migrate_req=1,
        // as the README recommends for zero-loss reloads). Set it for this test where we may (root).
        java.nio.file.Path migrate = java.nio.file.Path.of("/proc/sys/net/ipv4/tcp_migrate_req");
        String migrateBefore = java.nio.file.Files.isReadable(migrate) ? java.nio.file.Files.readString(migrate).trim() : null;
        if (migrateBefore != null && java.nio.file.Files.isWritable(migrate)) {
            java.nio.file.Files.writeString(migrate, "1");
        }
        try (KingpinProcess app = KingpinProcess.start(cp, "dev.mob.examples.hello.MobMain", java.util.List.of(),
                Map.of("HELLO_PORT", Integer.toString(port)), "--instance", "reload-test")) {
            app.await(l -> l.contains("] serving in "), java.time.Duration.ofSeconds(90));
            java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
            java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();
            java.util.List<String> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.List<Thread> clients = new java.util.ArrayList<>();
            for (int c = 0; c < 2; c++) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        try {
                            get(port);
                            served.incrementAndGet();
                        } catch (Throwable e) {
                            failed.add(e.toString());
                        }
                    }
                }, "http-client-" + c);
                t.start();
                clients.add(t);
            }
            java.util.List<String> reload = new java.util.ArrayList<>(java.util.List.of(
                    java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                    "dev.mob.examples.hello.MobMain", "reload", "front", "--instance", "reload-test"));
            long before = served.get();
            Process command = new ProcessBuilder(reload).redirectErrorStream(true).start();
            String out = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(command.waitFor(3, java.util.concurrent.TimeUnit.MINUTES));
            long during = served.get() - before;
            running.set(false);
            for (Thread t : clients) {
                t.join(30_000);
            }
            System.out.println("front reload: " + out.trim() + "; " + during + " requests served during it, "
                    + failed.size() + " failed " + (failed.isEmpty() ? "" : failed.subList(0, Math.min(3, failed.size()))));
            assertEquals(0, command.exitValue(), out);
            assertTrue(during > 0, "no request was served during the reload");
            assertTrue(failed.isEmpty(), "requests failed during the reload: " + failed);
            app.sigterm();
            assertEquals(0, app.awaitExit(java.time.Duration.ofSeconds(60)));
        } finally {
            if (migrateBefore != null && java.nio.file.Files.isWritable(migrate)) {
                java.nio.file.Files.writeString(migrate, migrateBefore);
            }
        }
    }
}
