package dev.mob.runtime.internal.kingpin;

import dev.mob.runtime.internal.Member;
import dev.mob.runtime.internal.wire.Link;
import java.time.Duration;
import java.time.Instant;

/**
 * One worker position, {@code role#index}, across its successive processes. Only the Kingpin's
 * control thread reads or writes it.
 */
final class Slot {
    final String role;
    final int index;
    Process process;
    long pid;
    Instant startedAt;
    Link link;
    String endpoint;
    /** Where mobsters of other hosts reach it (cluster only); empty until it is ready. */
    String address = "";
    Member.State state;
    boolean everReady;
    int consecutiveFailures;
    int restarts;
    boolean stopRequested;
    /** Drained and stopped, waiting for the others before it exits. */
    boolean stopped;
    /** Asked to drain and stop so that it restarts at once (not a failure). */
    boolean restartRequested;
    /** Being replaced by a reload: when it exits, its successor takes its place. */
    boolean retiring;
    /** Removed by a scale-down: when it exits, the slot goes away. */
    boolean removing;
    /** When a reload started this process (System.nanoTime). */
    long reloadStartedAt;
    /** {@code Mobster.start()} returned. */
    boolean serving;
    /** The last counters the mobster sent (a STATS frame), or null. */
    java.util.Map<String, Object> stats;
    /** (nanoTime, calls, errors, cpu nanos) samples of the last ~10 s, oldest first. */
    final java.util.ArrayDeque<long[]> history = new java.util.ArrayDeque<>();

    Slot(String role, int index) {
        this.role = role;
        this.index = index;
    }

    /**
     * Counts a failure: an exit after {@code uptime}, or a process that could not be started
     * ({@code uptime} null, which is never healthy). Returns the delay before the next attempt.
     */
    Duration failed(Backoff backoff, Duration uptime) {
        if (uptime != null && backoff.wasHealthy(uptime)) {
            consecutiveFailures = 0;
        }
        consecutiveFailures++;
        restarts++;
        return backoff.delay(consecutiveFailures);
    }

    String label() {
        return role + "#" + index;
    }

    /**
     * Whether its process has not been seen to exit. Not {@code Process.isAlive()}: the Kingpin
     * must not finish before it has handled every exit (one may have recorded a class-data archive).
     */
    boolean alive() {
        return process != null;
    }

    /** Records a STATS frame and the CPU time used so far, keeping 10 s of history. */
    void sample(java.util.Map<String, Object> stats, long now) {
        this.stats = stats;
        history.addLast(new long[] {now, number(stats.get("callsTotal")), number(stats.get("errorsTotal")),
                ProcStat.cpuNanos(pid)});
        while (history.size() > 2 && now - history.peekFirst()[0] > 10_500_000_000L) {
            history.pollFirst();
        }
    }

    static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    /** Calls per second, errors, and CPU % over the history window: {callsPerSec, errors, cpuPercent}. */
    double[] rates() {
        if (history.size() < 2) {
            return new double[] {0, 0, 0};
        }
        long[] first = history.peekFirst();
        long[] last = history.peekLast();
        double seconds = (last[0] - first[0]) / 1e9;
        if (seconds <= 0) {
            return new double[] {0, 0, 0};
        }
        return new double[] {(last[1] - first[1]) / seconds, last[2] - first[2],
                100.0 * (last[3] - first[3]) / (last[0] - first[0])};
    }

    /** As the directory lists it: {@code id} is its mobster id, {@code host} this host's name. */
    Member member(long id, String host) {
        return new Member(id, role, index, endpoint, state, host, address);
    }
}
