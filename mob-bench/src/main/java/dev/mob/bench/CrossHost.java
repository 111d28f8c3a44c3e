package dev.mob.bench;

import dev.mob.test.NatsServer;
import dev.mob.test.TestCertificates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The cross-host figures: the bench app over two simulated hosts on loopback addresses, joined
 * through a nats-server, with mutual TLS between them. Host h1 (127.0.0.2) runs the driver, host
 * h2 (127.0.0.3) the 4 echo workers, so every call crosses hosts; the driver measures the same
 * sequential and 64-in-flight calls as on one host, reported as {@code cross_host_*}. Skipped, with
 * a line saying why, where nats-server is not installed.
 */
final class CrossHost {
    private CrossHost() {}

    static Map<String, Double> measure(boolean quick) throws Exception {
        Map<String, Double> results = new LinkedHashMap<>();
        try {
            NatsServer.binary();
        } catch (AssertionError missing) {
            System.out.println("cross-host figures skipped: " + missing.getMessage());
            return results;
        }
        Path dir = Files.createTempDirectory("mob-bench-cluster");
        List<Process> kingpins = new ArrayList<>();
        try (NatsServer nats = NatsServer.start()) {
            TestCertificates ca = TestCertificates.authority(dir, "bench");
            Path go = dir.resolve("go");
            kingpins.add(start(go, quick, nats, "h2", "127.0.0.3", "echo", ca.issue("h2", "127.0.0.3"), null));
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            kingpins.add(start(go, quick, nats, "h1", "127.0.0.2", "driver", ca.issue("h1", "127.0.0.2"), lines));
            Bench.await(lines, l -> l.contains("BENCH-CROSS-READY"), 120);
            Files.createFile(go);
            Bench.collect(lines, results, quick ? 60 : 120);
        } finally {
            for (Process kingpin : kingpins) {
                kingpin.toHandle().destroy();
            }
            for (Process kingpin : kingpins) {
                if (!kingpin.waitFor(20, TimeUnit.SECONDS)) {
                    kingpin.descendants().forEach(ProcessHandle::destroyForcibly);
                    kingpin.destroyForcibly();
                }
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
        return results;
    }

    /** One host's Kingpin; its output goes to {@code lines}, or is drained when that is null. */
    private static Process start(Path go, boolean quick, NatsServer nats, String host, String ip, String roles,
            TestCertificates.Host tls, BlockingQueue<String> lines) throws IOException {
        List<String> command = new ArrayList<>(Bench.kingpinCommand(go, quick));
        command.add(command.size() - 3, "-Dmob.bench.cross=true");
        command.add(command.size() - 3, "-Dmob.spares=0");
        command.addAll(List.of("--cluster", nats.url(), "--host", host, "--advertise", ip, "--roles", roles,
                "--instance", "bench-" + host));
        if (Boolean.getBoolean("mob.bench.insecure")) {
            command.add("--insecure-cluster"); // to tell TLS's share from TCP's (by hand)
        } else {
            command.addAll(tls.flags());
        }
        for (String extra : System.getProperty("mob.bench.kingpinArgs", "").split(" ")) {
            if (!extra.isBlank()) {
                command.add(command.indexOf("-cp"), extra);
            }
        }
        Process kingpin = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(kingpin.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (lines != null) {
                        lines.add(line);
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
        }, "bench-" + host);
        reader.setDaemon(true);
        reader.start();
        return kingpin;
    }
}
