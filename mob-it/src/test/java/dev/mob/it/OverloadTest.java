package dev.mob.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mob.test.KingpinProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Overload and partial failure, with real processes: floods against a slow receiver, a worker that
 * hangs, a frozen worker, start-up on a saturated machine, a second start of a running app, a
 * memory limit. Floods last {@code mob.flood.seconds} (10 in CI; 60 by hand).
 */
class OverloadTest {
    static final String MAIN = "dev.mob.it.overload.MobMain";
    private static final long FLOOD_SECONDS = Long.getLong("mob.flood.seconds", 10);
    private static final long RSS_LIMIT = 256L << 20;

    /** Samples the resident memory of every process of the app until closed; keeps the maximum per pid. */
    private static final class RssSampler implements AutoCloseable {
        final Map<Long, Long> maxRss = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        RssSampler(KingpinProcess app) {
            thread = new Thread(() -> {
                while (running.get()) {
                    List<ProcessHandle> all = new ArrayList<>(app.process().descendants().toList());
                    all.add(app.process().toHandle());
                    for (ProcessHandle h : all) {
                        long rss = rss(h.pid());
                        maxRss.merge(h.pid(), rss, Math::max);
                    }
                    try {
                        Thread.sleep(200); // sampling period
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        long max() {
            return maxRss.values().stream().mapToLong(Long::longValue).max().orElse(0);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.interrupt();
            thread.join(5_000);
        }
    }

    static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception gone) {
            // exited between listing and reading
        }
        return 0;
    }

    private static String result(KingpinProcess app, String name, Duration timeout) {
        String line = app.await(l -> l.contains("] IT " + name + " "), timeout);
        assertTrue(line.contains(" PASS "), line);
        return line;
    }

    @Test
    void messageFloodAgainstASlowReceiverStaysUnderTheMemoryBoundAndLosesNothing() throws Exception {
        try (KingpinProcess app = KingpinProcess.start(MAIN, List.of("-Dmob.it.scenario=messages",
                "-Dmob.it.seconds=" + FLOOD_SECONDS, "-Dmob.it.sinkDelayMs=1"));
                RssSampler rss = new RssSampler(app)) {
            current = app;
            app.readyPids(Duration.ofSeconds(60));
            String line = result(app, "messages-accounted", Duration.ofSeconds(FLOOD_SECONDS + 180));
            rss.close();
            System.out.println("message flood of " + FLOOD_SECONDS + " s: " + line.substring(line.indexOf("IT "))
                    + "; max RSS per process (MiB): " + mib(rss.maxRss));
            assertTrue(rss.max() < RSS_LIMIT, "RSS over 256 MiB: " + mib(rss.maxRss));
            app.sigterm();
            assertEquals(0, app.awaitExit(Duration.ofSeconds(60)));
        }
    }

    @Test
    void twoMobstersFloodingEachOtherDoNotDeadlockAndLoseNothing() throws Exception {
        // A 64 KiB window: small messages, slow handlers both ways, and a drain that stays short.
        try (KingpinProcess app = KingpinProcess.start(MAIN, List.of("-Dmob.it.scenario=mutual",
                "-Dmob.it.seconds=" + FLOOD_SECONDS, "-Dmob.it.sinkDelayMs=1", "-Dmob.messageWindowBytes=65536"));
                RssSampler rss = new RssSampler(app)) {
            current = app;
            app.readyPids(Duration.ofSeconds(60));
            String line = result(app, "mutual-accounted", Duration.ofSeconds(FLOOD_SECONDS + 300));
            rss.close();
            System.out.println("mutual flood of " + FLOOD_SECONDS + " s: " + line.substring(line.indexOf("IT "))
                    + "; max RSS per process (MiB): " + mib(rss.maxRss));
            assertTrue(rss.max() < RSS_LIMIT, "RSS over 256 MiB: " + mib(rss.maxRss));
            app.sigterm();
            assertEquals(0, app.awaitExit(Duration.ofSeconds(60)));
        }
    }

    @Test
    void callFloodAgainstASlowWorkerStaysUnderTheMemoryBoundAndEveryCallEndsRunOrRefused() throws Exception {
        try (KingpinProcess app = KingpinProcess.start(MAIN, List.of("-Dmob.it.scenario=calls",
                "-Dmob.it.seconds=" + FLOOD_SECONDS));
                RssSampler rss = new RssSampler(app)) {
            current = app;
            app.readyPids(Duration.ofSeconds(60));
            String line = result(app, "calls-accounted", Duration.ofSeconds(FLOOD_SECONDS + 120));
            rss.close();
            System.out.println("call flood of " + FLOOD_SECONDS + " s: " + line.substring(line.indexOf("IT "))
                    + "; max RSS per process (MiB): " + mib(rss.maxRss));
            assertTrue(rss.max() < RSS_LIMIT, "RSS over 256 MiB: " + mib(rss.maxRss));
            app.sigterm();
            assertEquals(0, app.awaitExit(Duration.ofSeconds(60)));
        }
    }

    @Test
    void aHungWorkerIsDetectedDumpedAndReplacedAndCallsSucceedAgainWithin30Seconds() throws Exception {
        try (KingpinProcess app = KingpinProcess.start(MAIN, List.of("-Dmob.it.scenario=hang"))) {
            app.readyPids(Duration.ofSeconds(60));
            String line = result(app, "hang-replaced", Duration.ofSeconds(120));
            System.out.println("hung worker: " + line.substring(line.indexOf("IT ")));
            assertTrue(app.lines().stream().anyMatch(l -> l.contains("stuck#0") && l.contains("stalled: all 64 call "
                    + "threads are busy")), "the stall is explained");
            assertTrue(app.lines().stream().anyMatch(l -> l.contains("stuck#0") && l.contains("\"mob-call-")
                    && l.contains("WAITING")), "a thread dump of the stuck call threads");
            assertTrue(app.lines().stream().anyMatch(l -> l.contains("stuck#0") && l.contains("Stuck.deadlock")),
                    "the dump shows where they are stuck");
        }
    }

    @Test
    void aFrozenWorkerIsCutOffAndReplaced() throws Exception {
        try (KingpinProcess app = KingpinProcess.start(MAIN, List.of("-Dmob.it.scenario=frozen"))) {
            app.readyPids(Duration.ofSeconds(60));
            String ready = app.await(l -> l.contains("IT-FROZEN-READY "), Duration.ofSeconds(30));
            long sink = Long.parseLong(ready.substring(ready.indexOf("IT-FROZEN-READY ") + 16).trim());
            assertTrue(app.alive(sink));
            long stoppedAt = System.nanoTime();
            signal("STOP", sink);
            String cut = app.await(l -> l.contains("stopped answering; killing it"), Duration.ofSeconds(60));
            long cutMs = (System.nanoTime() - stoppedAt) / 1_000_000;
            String line = result(app, "frozen-cut", Duration.ofSeconds(120));
            System.out.println("frozen worker: killed by the Kingpin " + cutMs + " ms after SIGSTOP; "
                    + line.substring(line.indexOf("IT ")));
            assertTrue(cut.contains("sink#0"), cut);
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " " + pid);
    }

    @Test
    void startUpOnASaturatedMachineGetsReadyWithoutRestarts() throws Exception {
        // A bounded CPU burner: twice as many spinning threads as cores, for at most 3 minutes.
        AtomicBoolean burn = new AtomicBoolean(true);
        List<Thread> burners = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (burn.get() && System.nanoTime() < until) {
                    x += System.nanoTime() % 7;
                }
                if (x == 42) {
                    System.out.print("");
                }
            }, "cpu-burner-" + i);
            t.setDaemon(true);
            t.start();
            burners.add(t);
        }
        try (KingpinProcess app = KingpinProcess.start(CallsTest.MAIN, List.of(), "--workers", "calc=3")) {
            String ready = app.await(l -> l.contains("] ready in "), Duration.ofSeconds(170));
            burn.set(false);
            System.out.println("under CPU load: " + ready);
            assertTrue(app.lines().stream().noneMatch(l -> l.contains(" restart ") || l.contains("exited with code")),
                    "a mobster was restarted while starting on a busy machine");
            app.sigterm();
            assertEquals(0, app.awaitExit(Duration.ofSeconds(60)));
        } finally {
            burn.set(false);
            for (Thread t : burners) {
                t.join(5_000);
            }
        }
    }

    @Test
    void aSecondStartOfARunningAppFailsAtOnceAndDeadRunDirectoriesAreRemoved() throws Exception {
        try (KingpinProcess first = KingpinProcess.start(MAIN, List.of())) {
            Set<Long> pids = first.readyPids(Duration.ofSeconds(60));
            Path firstDir = first.runDir();
            try (KingpinProcess second = KingpinProcess.start(MAIN, List.of())) {
                assertEquals(3, second.awaitExit(Duration.ofSeconds(30)));
                String why = String.join("\n", second.lines());
                assertTrue(why.contains("app 'overload' is already running") && why.contains("pid="
                        + first.process().pid()) && why.contains(firstDir.toString()), why);
            }
            try (KingpinProcess other = KingpinProcess.start(MAIN, List.of(), "--instance", "blue")) {
                other.readyPids(Duration.ofSeconds(60));
                other.sigterm();
                assertEquals(0, other.awaitExit(Duration.ofSeconds(60)));
            }
            first.sigkill();
            assertTrue(first.awaitGone(pids, Duration.ofSeconds(10)) >= 0, "mobsters outlived their Kingpin");
            assertTrue(Files.isDirectory(firstDir), "a SIGKILLed Kingpin cannot remove its run directory");
            try (KingpinProcess again = KingpinProcess.start(MAIN, List.of())) {
                again.readyPids(Duration.ofSeconds(60));
                assertFalse(Files.exists(firstDir), "the dead Kingpin's run directory was not removed");
                again.sigterm();
                assertEquals(0, again.awaitExit(Duration.ofSeconds(60)));
            }
        }
    }

    @Test
    void aWorkerPastItsMemoryLimitIsDrainedAndRestarted() throws Exception {
        try (KingpinProcess app = KingpinProcess.start(MAIN, List.of("-Dmob.it.scenario=hog"),
                "--max-memory", "sink=200m")) {
            app.readyPids(Duration.ofSeconds(60));
            String over = app.await(l -> l.contains("sink#0") && l.contains("over its limit of 200 MiB"),
                    Duration.ofSeconds(60));
            app.await(l -> l.contains("sink#0") && l.contains("starting it again"), Duration.ofSeconds(60));
            System.out.println("memory limit: " + over);
            app.sigterm();
            assertEquals(0, app.awaitExit(Duration.ofSeconds(60)));
        }
    }

    /** MiB per process, named by the role label in the app's output where it printed one. */
    private String mib(Map<Long, Long> bytes) {
        StringBuilder s = new StringBuilder();
        bytes.forEach((pid, b) -> s.append(s.length() == 0 ? "" : ", ").append(label(pid)).append('=').append(b >> 20));
        return s.toString();
    }

    private KingpinProcess current;

    private String label(long pid) {
        if (current != null) {
            for (String line : current.lines()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("([a-z-]+)=\\[[0-9, ]*\\b" + pid + "\\b")
                        .matcher(line);
                if (line.contains("] ready in ") && m.find()) {
                    return m.group(1);
                }
                if (line.startsWith("[") && line.contains(" " + pid + "] ")) {
                    String[] words = line.substring(1, line.indexOf(']')).split(" ");
                    return words.length >= 2 ? words[1] : Long.toString(pid);
                }
            }
        }
        return Long.toString(pid);
    }
}
