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
    Member.State state;
    boolean everReady;
    int consecutiveFailures;
    int restarts;
    boolean stopRequested;
    /** Drained and stopped, waiting for the others before it exits. */
    boolean stopped;
    /** Asked to drain and stop so that it restarts at once (not a failure). */
    boolean restartRequested;

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

    Member member() {
        return new Member(pid, role, index, endpoint, state);
    }
}
