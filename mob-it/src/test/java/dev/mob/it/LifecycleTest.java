package dev.mob.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import dev.mob.test.KingpinProcess;
import org.junit.jupiter.api.Test;

/** Start-up options, shutdown and the Kingpin's death, with real processes. */
class LifecycleTest {
    @Test
    void kingpinKilledWithSigkillLeavesNoMobsterAliveAfterTwoSeconds() throws Exception {
        try (KingpinProcess mob = KingpinProcess.start(CallsTest.MAIN, List.of(), "--workers", "calc=3")) {
            Set<Long> pids = mob.readyPids(Duration.ofSeconds(30));
            assertEquals(7, pids.size(), "--workers calc=3 gives 3 calc + 1 driver + 2 echo + 1 flaky");
            mob.sigkill();
            long goneMs = mob.awaitGone(pids, Duration.ofSeconds(2));
            assertTrue(goneMs >= 0, "mobsters still alive 2 s after the Kingpin's SIGKILL");
            System.out.println("all mobsters gone " + goneMs + " ms after the Kingpin's SIGKILL");
        }
    }

    @Test
    void sigtermLetsCallsInFlightFinishThenExitsZeroLeavingNothing() throws Exception {
        // A grace period longer than the wait below: calls in flight that call another role after
        // the stop must not park until the grace ends (every worker drains at once).
        try (KingpinProcess mob = KingpinProcess.start(CallsTest.MAIN, List.of("-Dmob.it.scenario=drain",
                "-Dmob.graceMs=120000"))) {
            Set<Long> pids = mob.readyPids(Duration.ofSeconds(30));
            mob.await(l -> l.endsWith("] IT-INFLIGHT"), Duration.ofSeconds(10));
            // Both nested calls are running at a calc worker.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (mob.lines().stream().filter(l -> l.contains("IT-CALC-BUSY")).count() < 2) {
                assertTrue(System.nanoTime() < deadline, "the calls did not start");
                Thread.sleep(20); // polling the output, bounded by the deadline
            }
            mob.sigterm();
            assertEquals(0, mob.awaitExit(Duration.ofSeconds(60)));
            assertTrue(mob.lines().stream().noneMatch(l -> l.contains("killing")), "the stop was forced");
            assertTrue(mob.lines().stream().anyMatch(l -> l.contains("] IT drained PASS")),
                    "calls in flight did not finish:\n" + String.join("\n", mob.lines()));
            assertTrue(mob.awaitGone(pids, Duration.ofSeconds(2)) >= 0, "a mobster outlived the Kingpin");
            Path runDir = mob.runDir();
            assertFalse(Files.exists(runDir), "run directory left behind: " + runDir);
        }
    }

    @Test
    void classDataArchiveIsRecordedOnTheFirstCleanStopAndUsedAfterwards() throws Exception {
        Path dir = Files.createTempDirectory("mob-cds-test");
        Path jars = Files.createTempDirectory("mob-cds-jars");
        try {
            String classPath = ClassPaths.jarred(jars);
            List<String> flags = List.of("-Dmob.cdsDir=" + dir, "-Dmob.spares=0");
            try (KingpinProcess first = KingpinProcess.start(classPath, CallsTest.MAIN, flags, java.util.Map.of())) {
                first.readyPids(Duration.ofSeconds(30));
                first.sigterm();
                assertEquals(0, first.awaitExit(Duration.ofSeconds(30)));
            }
            List<Path> archives;
            try (Stream<Path> files = Files.list(dir)) {
                archives = files.toList();
            }
            assertEquals(1, archives.size(), "one archive, no leftovers: " + archives);
            boolean aot = Runtime.version().feature() >= 25; // an AOT cache from JDK 25 on
            assertTrue(archives.get(0).toString().endsWith(aot ? ".aot" : ".jsa"), archives.toString());
            try (KingpinProcess second = KingpinProcess.start(classPath, CallsTest.MAIN, flags, java.util.Map.of())) {
                Set<Long> pids = second.readyPids(Duration.ofSeconds(30));
                for (long pid : pids) {
                    String[] args = commandLine(pid);
                    assertTrue(List.of(args).contains((aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archives.get(0)),
                            "mobster " + pid + " runs without the archive: " + List.of(args));
                }
                second.sigterm();
                assertEquals(0, second.awaitExit(Duration.ofSeconds(30)));
            }
            // A directory others can write is not trusted with class data.
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            try (KingpinProcess third = KingpinProcess.start(classPath, CallsTest.MAIN, flags, java.util.Map.of())) {
                Set<Long> pids = third.readyPids(Duration.ofSeconds(30));
                for (long pid : pids) {
                    String[] args = commandLine(pid);
                    assertTrue(List.of(args).stream().noneMatch(a -> a.contains("Archive") || a.contains("AOTCache")),
                            "mobster " + pid + " uses an archive from a shared directory: " + List.of(args));
                }
                assertTrue(third.lines().stream().anyMatch(l -> l.contains("not using class-data archives in")));
                third.sigterm();
                assertEquals(0, third.awaitExit(Duration.ofSeconds(30)));
            }
        } finally {
            for (Path d : List.of(dir, jars)) {
                try (Stream<Path> files = Files.list(d)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(d);
            }
        }
    }

    @Test
    void unknownFlagPrintsUsageAndExitsNonZero() throws Exception {
        try (KingpinProcess mob = KingpinProcess.start(CallsTest.MAIN, List.of(), "--bogus")) {
            assertEquals(2, mob.awaitExit(Duration.ofSeconds(20)));
            mob.await(l -> l.startsWith("usage: "), Duration.ofSeconds(2));
        }
    }

    /** A process's arguments from /proc (ProcessHandle.Info can come back empty for a busy process). */
    private static String[] commandLine(long pid) throws java.io.IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
        return new String(raw, java.nio.charset.StandardCharsets.UTF_8).split("\0");
    }
}
