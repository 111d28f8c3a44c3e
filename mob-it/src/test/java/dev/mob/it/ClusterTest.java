package dev.mob.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mob.runtime.internal.kingpin.ControlClient;
import dev.mob.test.KingpinProcess;
import dev.mob.test.NatsServer;
import dev.mob.test.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One app over several "hosts" on this machine: a Kingpin per host, each with its own {@code --host}
 * and {@code --advertise} loopback address (127.0.0.2, .3, .4), joined through a real nats-server,
 * with mutual TLS from a test CA between them. Host "a" runs the front, "b" and "c" the back role,
 * so every call crosses hosts.
 */
class ClusterTest {
    static final String MAIN = "dev.mob.it.cluster.MobMain";
    private static final Pattern TICK = Pattern.compile("CL tick ok=\\{([^}]*)\\} err=\\{([^}]*)\\}");

    @TempDir
    static Path certs;
    static TestCertificates ca;
    static NatsServer nats;

    @BeforeAll
    static void start() {
        nats = NatsServer.start();
        ca = TestCertificates.authority(certs, "cluster");
    }

    @AfterAll
    static void stop() {
        if (nats != null) {
            nats.close();
        }
    }

    static KingpinProcess host(String name, String ip, String roles, TestCertificates.Host tls, String... more) {
        List<String> args = new ArrayList<>(List.of("--cluster", nats.url(), "--host", name, "--advertise", ip,
                "--roles", roles));
        args.addAll(tls.flags());
        args.addAll(List.of(more));
        return KingpinProcess.start(MAIN, List.of("-Dmob.spares=0", "-Dmob.it.checks=" + roles.equals("front")),
                args.toArray(String[]::new));
    }

    @Test
    void callsCallbacksErrorsAndMessagesCrossHostsOverTls() throws Exception {
        try (KingpinProcess b = host("b", "127.0.0.3", "back", ca.issue("b", "127.0.0.3"));
                KingpinProcess a = host("a", "127.0.0.2", "front", ca.issue("a", "127.0.0.2"))) {
            a.await(l -> l.endsWith("CL-DONE") || l.contains("CL driver FAIL"), Duration.ofSeconds(120));
            List<String> checks = a.lines().stream().filter(l -> l.contains("] CL ") && !l.contains("CL tick")).toList();
            assertEquals(7, checks.size(), "checks: " + checks);
            List<String> failed = checks.stream().filter(l -> !l.contains(" PASS ")).toList();
            assertTrue(failed.isEmpty(), "failed: " + failed);
            assertTrue(b.lines().stream().noneMatch(l -> l.contains("PLAIN TCP")));

            // status on either host shows both
            @SuppressWarnings("unchecked")
            Map<String, Object> status = (Map<String, Object>) ControlClient.send("clusterit", "a", "status", Map.of())
                    .get("json");
            assertEquals("a", status.get("host"));
            assertTrue(String.valueOf(status.get("hosts")).contains("host=b"), "status: " + status);
            // b's workers, with their state, from b's latest heartbeat
            String hosts = String.valueOf(status.get("hosts"));
            assertTrue(hosts.contains("name=back") && hosts.contains("state=ready"), "status: " + hosts);
        }
    }

    @Test
    void aFrozenHostIsCutOffWithinSecondsAndRejoinsWhenThawed() throws Exception {
        try (ThreeHosts hosts = ThreeHosts.start("2")) {
            KingpinProcess a = hosts.a();
            KingpinProcess c = hosts.c();
            c.readyPids(Duration.ofSeconds(5));
            int mark = a.lines().size();
            long frozenAt = System.nanoTime();
            c.freeze();
            try {
                // Calls on c fail (their deadline, or the link cut after 3 s of silence), the rest go
                // to b; once c is out of the directory, every call goes to b and none fails.
                awaitStable(a, mark, t -> t.ok().containsKey("b") && !t.ok().containsKey("c") && t.err().isEmpty(),
                        10, Duration.ofSeconds(30));
                long ms = (System.nanoTime() - frozenAt) / 1_000_000;
                List<Tick> after = ticks(a, mark);
                System.out.println("frozen host: 2 s of clean ticks ended " + ms + " ms after the freeze; ticks: "
                        + after);
                assertTrue(after.stream().allMatch(t -> t.ok().containsKey("b")), "b stopped answering: " + after);
                        } finally {
                c.thaw();
            }
            awaitTick(a, a.lines().size(), t -> t.ok().containsKey("c"), Duration.ofSeconds(60));
        }
    }

    @Test
    void callsKeepFlowingThroughANatsRestartAndAKilledKingpin() throws Exception {
        try (ThreeHosts hosts = ThreeHosts.start("3")) {
            KingpinProcess a = hosts.a();
            KingpinProcess c = hosts.c();
            int mark = a.lines().size();
            nats.stop();
            // The data plane does not need NATS: calls go on to both hosts while it is down.
            awaitTick(a, mark, t -> true, Duration.ofSeconds(5));
            int down = a.lines().size();
            awaitTick(a, down, t -> true, Duration.ofSeconds(5));
            awaitTick(a, a.lines().size(), t -> true, Duration.ofSeconds(5));
            List<Tick> during = ticks(a, mark);
            nats.restart();
            assertTrue(during.size() >= 3, "ticks: " + during);
            assertTrue(during.stream().allMatch(t -> t.ok().containsKey("b") && t.ok().containsKey("c")
                    && t.err().isEmpty()), "calls faltered while NATS was down: " + during);
            a.await(l -> l.contains("reconnected to NATS"), Duration.ofSeconds(30));

            // A host's Kingpin dies: its mobsters exit, the links close, c's part expires.
            mark = a.lines().size();
            long killedAt = System.nanoTime();
            c.sigkill();
            awaitTick(a, mark, t -> t.ok().containsKey("b") && !t.ok().containsKey("c") && t.err().isEmpty(),
                    Duration.ofSeconds(30));
            System.out.println("failover after the Kingpin of c was killed: "
                    + (System.nanoTime() - killedAt) / 1_000_000 + " ms");
            a.await(l -> l.contains("host 'c'") && (l.contains("missed 3 heartbeats") || l.contains("left")),
                    Duration.ofSeconds(30));
        }
    }

    @Test
    void aHostWithACertificateFromAnotherCaIsRefused() throws Exception {
        TestCertificates other = TestCertificates.authority(certs.resolve("other"), "intruder");
        try (KingpinProcess b = host("b", "127.0.0.3", "back", other.issue("b", "127.0.0.3"));
                KingpinProcess a = host("a", "127.0.0.2", "front", ca.issue("a4", "127.0.0.2"))) {
            // Both hear each other on NATS, but no call gets through: each side refuses the other's TLS.
            b.await(l -> l.contains("host 'a' joined"), Duration.ofSeconds(120));
            String refused = a.await(l -> l.contains("TLS handshake failed"), Duration.ofSeconds(60));
            System.out.println("refused: " + refused);
            assertTrue(a.lines().stream().noneMatch(l -> l.contains("CL tick ok={b=")), "a call got through");
        }
    }

    /** Host a runs the front, b and c the back role; started once calls reach both b and c. */
    record ThreeHosts(KingpinProcess a, KingpinProcess b, KingpinProcess c) implements AutoCloseable {
        static ThreeHosts start(String certs) {
            KingpinProcess b = host("b", "127.0.0.3", "back", ca.issue("b" + certs, "127.0.0.3"));
            KingpinProcess c = host("c", "127.0.0.4", "back", ca.issue("c" + certs, "127.0.0.4"));
            KingpinProcess a = host("a", "127.0.0.2", "front", ca.issue("a" + certs, "127.0.0.2"));
            ThreeHosts hosts = new ThreeHosts(a, b, c);
            try {
                awaitTick(a, t -> t.ok().containsKey("b") && t.ok().containsKey("c"), Duration.ofSeconds(120));
            } catch (RuntimeException | Error e) {
                hosts.close();
                throw e;
            }
            return hosts;
        }

        @Override
        public void close() {
            a.close();
            c.close();
            b.close();
        }
    }

    record Tick(Map<String, Long> ok, Map<String, Long> err) {}

    /** Waits for {@code run} ticks in a row, after line {@code from}, that pass {@code test}. */
    static void awaitStable(KingpinProcess mob, int from, java.util.function.Predicate<Tick> test, int run,
            Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        int next = from;
        int streak = 0;
        while (System.nanoTime() < end) {
            List<String> lines = mob.lines();
            for (; next < lines.size(); next++) {
                Tick t = parse(lines.get(next));
                if (t != null) {
                    streak = test.test(t) ? streak + 1 : 0;
                    if (streak >= run) {
                        return;
                    }
                }
            }
            try {
                Thread.sleep(50); // polling the output, bounded above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError(run + " ticks in a row did not come within " + timeout + ": " + ticks(mob, from));
    }

    static Tick parse(String line) {
        Matcher m = TICK.matcher(line);
        if (!m.find()) {
            return null;
        }
        return new Tick(counts(m.group(1)), counts(m.group(2)));
    }

    private static Map<String, Long> counts(String text) {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (String kv : text.split(",\\s*")) {
            if (!kv.isBlank()) {
                String[] p = kv.split("=");
                out.put(p[0].trim(), Long.parseLong(p[1].trim()));
            }
        }
        return out;
    }

    static List<Tick> ticks(KingpinProcess mob, int from) {
        List<String> lines = mob.lines();
        return lines.subList(Math.min(from, lines.size()), lines.size()).stream().map(ClusterTest::parse)
                .filter(java.util.Objects::nonNull).toList();
    }

    static Tick awaitTick(KingpinProcess mob, java.util.function.Predicate<Tick> test, Duration timeout) {
        return awaitTick(mob, 0, test, timeout);
    }

    /** The first tick printed after line {@code from} that passes {@code test}; polls, bounded by {@code timeout}. */
    static Tick awaitTick(KingpinProcess mob, int from, java.util.function.Predicate<Tick> test, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        int next = from;
        while (System.nanoTime() < end) {
            List<String> lines = mob.lines();
            for (; next < lines.size(); next++) {
                Tick t = parse(lines.get(next));
                if (t != null && test.test(t)) {
                    return t;
                }
            }
            try {
                Thread.sleep(50); // polling the output, bounded above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("no such tick within " + timeout + "; last ticks: "
                + ticks(mob, Math.max(from, mob.lines().size() - 200)).stream().skip(Math.max(0,
                        ticks(mob, from).size() - 10)).toList());
    }

}
