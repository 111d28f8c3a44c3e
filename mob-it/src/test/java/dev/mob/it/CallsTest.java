package dev.mob.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import dev.mob.test.KingpinProcess;
import org.junit.jupiter.api.Test;

/**
 * Real processes: the generated MobMain of the test app starts a Kingpin, which starts 2 calc,
 * 2 echo and 1 driver mobster. The driver runs a scenario and prints one line per check.
 */
class CallsTest {
    static final String MAIN = "dev.mob.it.app.MobMain";

    static void assertAllPass(KingpinProcess mob) throws InterruptedException {
        assertAllPass(mob, Duration.ofSeconds(90));
    }

    static void assertAllPass(KingpinProcess mob, Duration timeout) throws InterruptedException {
        mob.await(l -> l.endsWith("] IT-DONE"), timeout);
        List<String> checks = mob.lines().stream()
                .filter(l -> l.contains("] IT ") && !l.contains("] IT revive_ms"))
                .map(l -> l.substring(l.indexOf("] IT ") + 2))
                .toList();
        assertTrue(!checks.isEmpty(), "the driver reported no checks");
        List<String> failed = checks.stream().filter(l -> !l.split(" ")[2].equals("PASS")).toList();
        assertTrue(failed.isEmpty(), "failed checks:\n" + String.join("\n", failed));
    }

    @Test
    void callsCallbacksErrorsTimeoutsMessagesAndPayloadLimit() throws Exception {
        try (KingpinProcess mob = KingpinProcess.start(MAIN, List.of("-Dmob.it.scenario=basic"))) {
            Set<Long> pids = mob.readyPids(Duration.ofSeconds(30));
            assertEquals(6, pids.size(), "2 calc + 1 driver + 2 echo + 1 flaky");
            assertAllPass(mob);
            mob.sigterm();
            assertEquals(0, mob.awaitExit(Duration.ofSeconds(30)));
            assertTrue(mob.awaitGone(pids, Duration.ofSeconds(5)) >= 0, "mobsters outlived the Kingpin");
        }
    }

    @Test
    void workerKilledWithCallsInFlightFailsThemAtOnceAndIsRevived() throws Exception {
        try (KingpinProcess mob = KingpinProcess.start(MAIN, List.of("-Dmob.it.scenario=kill"))) {
            mob.readyPids(Duration.ofSeconds(30));
            assertAllPass(mob);
            String revive = mob.await(l -> l.contains("] IT revive_ms "), Duration.ofSeconds(5));
            System.out.println("revival: " + revive);
        }
    }
}
