package dev.mob.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mob.runtime.internal.Member;
import dev.mob.runtime.internal.MobsterIds;
import dev.mob.runtime.internal.cluster.ClusterConfig;
import dev.mob.runtime.internal.cluster.HostPart;
import dev.mob.runtime.internal.cluster.Membership;
import dev.mob.test.NatsServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The control plane against a real nats-server, with a 200 ms heartbeat (parts expire after 700 ms). */
class NatsMembershipTest {
    static NatsServer nats;
    final ScheduledExecutorService beats = Executors.newScheduledThreadPool(2);
    final List<Membership> open = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        System.setProperty("mob.clusterHeartbeatMs", "200");
        nats = NatsServer.start();
    }

    @AfterAll
    static void stop() {
        nats.close();
        System.clearProperty("mob.clusterHeartbeatMs");
    }

    @AfterEach
    void close() {
        beats.shutdownNow();
        open.forEach(Membership::close);
    }

    /** What one host hears: every snapshot of the others, and its log lines. */
    static final class Heard implements Membership.Listener {
        final List<Map<String, HostPart>> snapshots = new CopyOnWriteArrayList<>();
        final List<String> said = new CopyOnWriteArrayList<>();

        @Override
        public void onParts(Map<String, HostPart> others) {
            snapshots.add(others);
        }

        @Override
        public void say(String line) {
            said.add(line);
        }

        Set<String> hosts() {
            return snapshots.isEmpty() ? Set.of() : snapshots.get(snapshots.size() - 1).keySet();
        }
    }

    Membership join(String app, String host, int number, Heard heard, boolean beat) throws Exception {
        ClusterConfig config = new ClusterConfig(nats.url(), host, number, "127.0.0.1", Set.of(), null, null, null,
                true, null);
        Membership m = new NatsMembership(config, app, 100 + number, heard);
        open.add(m);
        joined.add(new Object[] {host, heard, m});
        HostPart part = new HostPart(host, number, 100 + number, List.of(new Member(MobsterIds.of(number, 42), "back", 0,
                "/tmp/x.sock", Member.State.READY, host, "127.0.0.1:1")), Map.of("back", 0), List.of(), false);
        m.publish(part);
        if (beat) {
            beats.scheduleAtFixedRate(() -> m.publish(part), 200, 200, TimeUnit.MILLISECONDS);
        }
        return m;
    }

    /** Every host joined in this test, with what it heard, for a failure's message. */
    final List<Object[]> joined = new CopyOnWriteArrayList<>();

    String state() {
        StringBuilder out = new StringBuilder();
        for (Object[] j : joined) {
            Heard h = (Heard) j[1];
            out.append("\n  ").append(j[0]).append(": ").append(((Membership) j[2]).describe()).append("; said ")
                    .append(h.said).append("; hears ").append(h.hosts());
        }
        return out.toString();
    }

    void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + timeout + ": " + what + state());
            }
            Thread.sleep(20); // polling, bounded above
        }
    }

    @Test
    void hostsHearEachOtherThroughARestartOfNatsAndASilentHostExpires() throws Exception {
        Heard x = new Heard();
        Heard y = new Heard();
        join("t1", "x", 1, x, true);
        Membership my = join("t1", "y", 2, y, true);
        await(() -> x.hosts().contains("y") && y.hosts().contains("x"), Duration.ofSeconds(20), "x and y meet");
        assertEquals("127.0.0.1:1", x.snapshots.get(x.snapshots.size() - 1).get("y").members().get(0).address());

        int mark = x.snapshots.size();
        nats.restart();
        await(() -> x.said.stream().anyMatch(l -> l.startsWith("reconnected"))
                && y.said.stream().anyMatch(l -> l.startsWith("reconnected")), Duration.ofSeconds(30), "both reconnect");
        // Five expiry periods after the restart, neither has dropped the other at any point.
        Thread.sleep(3_500); // a span in which a dropped host would show; nothing is synchronised on it
        assertTrue(x.snapshots.subList(mark, x.snapshots.size()).stream().allMatch(s -> s.containsKey("y")),
                "x dropped y: " + x.said);
        assertTrue(y.hosts().contains("x"), "y dropped x: " + y.said);

        // y goes silent without leaving (its Kingpin frozen or killed): x drops it within ~3 heartbeats.
        beats.shutdownNow();
        long silentAt = System.nanoTime();
        await(() -> !x.hosts().contains("y"), Duration.ofSeconds(10), "x drops the silent y");
        long ms = (System.nanoTime() - silentAt) / 1_000_000;
        assertTrue(x.said.stream().anyMatch(l -> l.contains("'y' missed 3 heartbeats")), x.said.toString());
        System.out.println("silent host dropped after " + ms + " ms (heartbeat 200 ms)");
        open.remove(my);
        my.close();
    }

    @Test
    void aHostStartsWithoutNatsAndJoinsWhenItComes() throws Exception {
        nats.stop();
        try {
            Heard x = new Heard();
            long start = System.nanoTime();
            join("t3", "x", 1, x, true); // must not wait for NATS: the Kingpin starts its app meanwhile
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "joining waited for NATS");
            await(() -> x.said.stream().anyMatch(l -> l.startsWith("cannot reach NATS")), Duration.ofSeconds(10),
                    "x says NATS is not there");
            nats.restart();
            Heard y = new Heard();
            join("t3", "y", 2, y, true);
            await(() -> x.hosts().contains("y") && y.hosts().contains("x"), Duration.ofSeconds(30),
                    "x and y meet once NATS is up");
        } finally {
            nats.restart(); // up for the other tests, whatever happened here
        }
    }

    @Test
    void natsOverMutualTlsWithTheClusterCertificates(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        dev.mob.test.TestCertificates ca = dev.mob.test.TestCertificates.authority(dir, "natsca");
        try (NatsServer secure = NatsServer.startTls(ca.issue("nats", "127.0.0.1"))) {
            Heard x = new Heard();
            Heard y = new Heard();
            for (Object[] h : new Object[][] {{"x", 1, x}, {"y", 2, y}}) {
                dev.mob.test.TestCertificates.Host cert = ca.issue((String) h[0], "127.0.0.1");
                ClusterConfig config = new ClusterConfig(secure.url(), (String) h[0], (Integer) h[1], "127.0.0.1",
                        Set.of(), cert.cert().toString(), cert.key().toString(), cert.ca().toString(), false, null);
                Membership m = new NatsMembership(config, "t4", 100 + (Integer) h[1], (Heard) h[2]);
                open.add(m);
                joined.add(new Object[] {h[0], h[2], m});
                m.publish(new HostPart((String) h[0], (Integer) h[1], 100 + (Integer) h[1], List.of(), Map.of(),
                        List.of(), false));
                beats.scheduleAtFixedRate(() -> m.publish(new HostPart((String) h[0], (Integer) h[1],
                        100 + (Integer) h[1], List.of(), Map.of(), List.of(), false)), 200, 200, TimeUnit.MILLISECONDS);
            }
            await(() -> x.hosts().contains("y") && y.hosts().contains("x"), Duration.ofSeconds(30),
                    "x and y meet through NATS over TLS");

            // A host whose certificate another CA signed cannot even reach the control plane.
            dev.mob.test.TestCertificates.Host stranger = dev.mob.test.TestCertificates
                    .authority(dir.resolve("other"), "otherca").issue("z", "127.0.0.1");
            Heard z = new Heard();
            Membership mz = new NatsMembership(new ClusterConfig(secure.url(), "z", 3, "127.0.0.1", Set.of(),
                    stranger.cert().toString(), stranger.key().toString(), stranger.ca().toString(), false, null),
                    "t4", 103, z);
            open.add(mz);
            joined.add(new Object[] {"z", z, mz});
            mz.publish(new HostPart("z", 3, 103, List.of(), Map.of(), List.of(), false));
            await(() -> z.said.stream().anyMatch(l -> l.startsWith("cannot reach NATS")), Duration.ofSeconds(20),
                    "z says it cannot reach NATS");
            assertTrue(!x.hosts().contains("z") && z.hosts().isEmpty(), state());
        }
    }

    @Test
    void natsWithUserAndPasswordInTheUrl() throws Exception {
        try (NatsServer guarded = NatsServer.startWithUser("mob", "s3cret")) {
            Heard x = new Heard();
            Heard y = new Heard();
            Heard z = new Heard();
            String wrong = guarded.url().replace("s3cret", "guess");
            for (Object[] h : new Object[][] {{"x", 1, x, guarded.url()}, {"y", 2, y, guarded.url()}, {"z", 3, z, wrong}}) {
                ClusterConfig config = new ClusterConfig((String) h[3], (String) h[0], (Integer) h[1], "127.0.0.1",
                        Set.of(), null, null, null, true, null);
                Membership m = new NatsMembership(config, "t5", 100 + (Integer) h[1], (Heard) h[2]);
                open.add(m);
                joined.add(new Object[] {h[0], h[2], m});
                HostPart part = new HostPart((String) h[0], (Integer) h[1], 100 + (Integer) h[1], List.of(), Map.of(),
                        List.of(), false);
                m.publish(part);
                beats.scheduleAtFixedRate(() -> m.publish(part), 200, 200, TimeUnit.MILLISECONDS);
            }
            await(() -> x.hosts().contains("y") && y.hosts().contains("x"), Duration.ofSeconds(30),
                    "x and y meet with the right password");
            await(() -> z.said.stream().anyMatch(l -> l.startsWith("cannot reach NATS")), Duration.ofSeconds(20),
                    "z, with a wrong password, says it cannot reach NATS");
            assertTrue(!x.hosts().contains("z"), state());
        }
    }

    @Test
    void aLeavingHostIsDroppedAtOnceAndACollidingNumberIsRefused() throws Exception {
        Heard x = new Heard();
        join("t2", "x", 1, x, true);
        Heard y = new Heard();
        Membership my = join("t2", "y", 2, y, false);
        await(() -> x.hosts().contains("y"), Duration.ofSeconds(20), "x hears y");
        open.remove(my);
        my.close();
        await(() -> !x.hosts().contains("y"), Duration.ofSeconds(5), "x drops y when it leaves");
        assertTrue(x.said.stream().anyMatch(l -> l.equals("host 'y' left the cluster")), x.said.toString());

        Heard w = new Heard();
        join("t2", "w", 1, w, false); // the same number as x
        await(() -> x.said.stream().anyMatch(l -> l.contains("'w' has this host's number 1")), Duration.ofSeconds(10),
                "x refuses w");
        assertTrue(!x.hosts().contains("w"));
    }
}
