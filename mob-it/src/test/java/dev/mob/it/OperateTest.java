package dev.mob.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mob.it.app.CalcClient;
import dev.mob.runtime.internal.mobster.MobsterRuntime;
import dev.mob.test.KingpinProcess;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operating a running app with its commands, as an operator would: status, scale, reload, stop, metrics. */
class OperateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs {@code java -cp <cp> <main> <args>} (a command to the running app); returns exit code and output. */
    static Map.Entry<Integer, String> command(String classPath, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, CallsTest.MAIN));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the command did not finish");
        return Map.entry(p.exitValue(), out);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(20_000);
        try (var in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void statusScaleMetricsAndStopOfARunningApp() throws Exception {
        String cp = System.getProperty("java.class.path");
        int port = freePort();
        try (KingpinProcess app = KingpinProcess.start(cp, CallsTest.MAIN, List.of(), Map.of(),
                "--instance", "operate", "--metrics-port", Integer.toString(port))) {
            app.await(l -> l.contains(" kingpin ") && l.contains("] serving in "), Duration.ofSeconds(90));
            // status --json: the contract's fields
            var status = command(cp, "status", "--json", "--instance", "operate");
            assertEquals(0, status.getKey(), status.getValue());
            JsonNode json = JSON.readTree(status.getValue());
            assertEquals("itapp", json.get("app").asText());
            assertEquals(app.process().pid(), json.get("kingpin").get("pid").asLong());
            assertTrue(json.get("kingpin").get("uptime_ms").asLong() > 0);
            JsonNode calc = null;
            for (JsonNode role : json.get("roles")) {
                if (role.get("name").asText().equals("calc")) {
                    calc = role;
                }
            }
            assertEquals(2, calc.get("workers").size());
            for (JsonNode w : calc.get("workers")) {
                for (String field : List.of("index", "pid", "state", "restarts", "rss_bytes", "inflight", "calls_total",
                        "errors_total")) {
                    assertTrue(w.has(field), "worker lacks " + field + ": " + w);
                }
                assertEquals("ready", w.get("state").asText());
                assertTrue(w.get("rss_bytes").asLong() > 1 << 20);
            }
            // status: the table
            var table = command(cp, "status", "--instance", "operate");
            assertTrue(table.getValue().contains("role") && table.getValue().contains("calls/s")
                    && table.getValue().contains("calc"), table.getValue());
            // scale up, then down (removed workers drain first)
            var up = command(cp, "scale", "calc=3", "--instance", "operate");
            assertEquals(0, up.getKey(), up.getValue());
            assertTrue(waitForWorkers(cp, "calc", 3, "ready"), "calc did not reach 3 ready workers");
            var down = command(cp, "scale", "calc=1", "--instance", "operate");
            assertEquals(0, down.getKey(), down.getValue());
            assertTrue(waitForWorkers(cp, "calc", 1, "ready"), "calc did not shrink to 1 worker");
            app.await(l -> l.contains("stopped and was removed (scale)"), Duration.ofSeconds(30));
            // metrics: every mobster's, labelled, each family once, an app's own meter included
            String metrics = awaitMetrics(port);
            assertTrue(metrics.contains("mob_workers{app=\"itapp\",role=\"calc\",state=\"ready\"} 1"), metrics);
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("mob_process_resident_memory_bytes{") && l.contains("role=\"calc\"")));
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("mob_restarts_total{app=\"itapp\",role=\"calc\"}")));
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("mob_calls_inflight{") && l.contains("app=\"itapp\"")
                    && l.contains("role=\"calc\"") && l.contains("index=\"0\"") && l.contains("pid=\"")), metrics);
            List<String> types = metrics.lines().filter(l -> l.startsWith("# TYPE ")).toList();
            assertEquals(Set.copyOf(types).size(), types.size(), "a metric family appears twice");
            // stop: like SIGTERM, and the command waits until the app is gone
            var stop = command(cp, "stop", "--instance", "operate");
            assertEquals(0, stop.getKey(), stop.getValue());
            assertTrue(stop.getValue().contains("stopped"), stop.getValue());
            assertEquals(0, app.awaitExit(Duration.ofSeconds(30)));
        }
        var none = command(cp, "status", "--instance", "operate");
        assertEquals(1, none.getKey());
        assertTrue(none.getValue().contains("no Kingpin of app 'itapp' instance 'operate' is running"), none.getValue());
    }

    private static String awaitMetrics(int port) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String text = "";
        while (System.nanoTime() < end) {
            text = get("http://127.0.0.1:" + port + "/metrics");
            if (text.contains("mob_calls_inflight{")) {
                return text;
            }
            Thread.sleep(200); // polling: the driver's calls come in after start-up
        }
        return text;
    }

    private static boolean waitForWorkers(String cp, String role, int count, String state) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            JsonNode json = JSON.readTree(command(cp, "status", "--json", "--instance", "operate").getValue());
            for (JsonNode r : json.get("roles")) {
                if (r.get("name").asText().equals(role)) {
                    long n = 0;
                    for (JsonNode w : r.get("workers")) {
                        n += w.get("state").asText().equals(state) ? 1 : 0;
                    }
                    if (n == count && r.get("workers").size() == count) {
                        return true;
                    }
                }
            }
            Thread.sleep(200); // polling status, bounded
        }
        return false;
    }

    @Test
    void aReloadUnderACallLoopFailsNoCallAndServesTheNewJarAtTheSamePath(@TempDir Path dir) throws Exception {
        Path versionJar = dir.resolve("version.jar");
        writeVersionJar(versionJar, "1");
        String cp = ClassPaths.jarred(dir) + java.io.File.pathSeparator + versionJar;
        int port = freePort();
        try (KingpinProcess app = KingpinProcess.start(cp, CallsTest.MAIN, List.of(), Map.of(),
                "--instance", "reload", "--allow-guests", "--workers", "calc=2", "--metrics-port", Integer.toString(port))) {
            app.await(l -> l.contains("] serving in "), Duration.ofSeconds(90));
            MobsterRuntime guest = MobsterRuntime.guest(dev.mob.it.app.MobMain.app(), app.runDir(), Duration.ofSeconds(60));
            try {
                CalcClient calc = guest.require(CalcClient.class);
                assertEquals("1", calc.version().get(30, TimeUnit.SECONDS));
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicLong ok = new AtomicLong();
                List<Throwable> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
                Thread loop = new Thread(() -> {
                    while (running.get()) {
                        try {
                            calc.add(1, 2).get(30, TimeUnit.SECONDS); // not idempotent: no retry hides a failure
                            ok.incrementAndGet();
                        } catch (Exception e) {
                            failed.add(e);
                        }
                    }
                }, "call-loop");
                loop.start();
                // A new jar at the same path (a new file moved over the old, as a deploy does), then reload.
                Path next = dir.resolve("version.jar.new");
                writeVersionJar(next, "2");
                Files.move(next, versionJar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                long before = ok.get();
                var reload = command(cp, "reload", "calc", "--instance", "reload");
                long during = ok.get() - before;
                running.set(false);
                loop.join(60_000);
                assertEquals(0, reload.getKey(), reload.getValue());
                System.out.println("reload: " + reload.getValue().trim() + "; " + during + " calls during it, "
                        + failed.size() + " failed");
                assertTrue(failed.isEmpty(), "calls failed during the reload: " + failed);
                assertTrue(during > 0, "no call ran during the reload");
                for (int i = 0; i < 10; i++) {
                    assertEquals("2", calc.version().get(30, TimeUnit.SECONDS), "a worker runs the old jar");
                }
                String metrics = get("http://127.0.0.1:" + port + "/metrics");
                assertTrue(metrics.lines().anyMatch(l -> l.startsWith("itapp_adds_total{") && l.contains("role=\"calc\"")),
                        "an app's own meter is scraped with mob's:\n" + metrics);
                assertTrue(metrics.lines().anyMatch(l -> l.startsWith("mob_calls_total{") && l.contains("method=\"add\"")
                        && l.contains("outcome=\"ok\"")), metrics);
                assertTrue(metrics.contains("mob_call_duration_seconds_bucket{"), "a latency histogram");
                assertEquals(2, app.lines().stream().filter(l -> l.contains("reloaded calc#")).count());
                // SIGHUP does the same, for every role
                new ProcessBuilder("kill", "-HUP", Long.toString(app.process().pid())).start().waitFor(10, TimeUnit.SECONDS);
                app.await(l -> l.contains("SIGHUP: reloading every role"), Duration.ofSeconds(30));
                app.await(l -> l.contains("] reloaded ") && l.contains("workers of [calc, driver, echo, flaky]"),
                        Duration.ofSeconds(180));
            } finally {
                guest.closeGuest();
            }
            app.sigterm();
            assertEquals(0, app.awaitExit(Duration.ofSeconds(60)));
        }
    }

    private static void writeVersionJar(Path jar, String version) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("mob-version.txt"));
            out.write(version.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
