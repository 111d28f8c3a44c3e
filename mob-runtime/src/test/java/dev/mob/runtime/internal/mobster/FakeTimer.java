package dev.mob.runtime.internal.mobster;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A timer whose clock moves only when a test says so: deadlines without sleeping. */
final class FakeTimer implements Timer {
    private final List<FakeTimeout> timeouts = new ArrayList<>();
    private long now;

    @Override
    public synchronized Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
        FakeTimeout t = new FakeTimeout(task, now + unit.toMillis(delay));
        timeouts.add(t);
        return t;
    }

    /** Moves the clock by {@code millis} and runs every timeout that falls due, in order. */
    void advance(long millis) {
        List<FakeTimeout> due = new ArrayList<>();
        synchronized (this) {
            now += millis;
            for (FakeTimeout t : List.copyOf(timeouts)) {
                if (t.due <= now) {
                    timeouts.remove(t);
                    due.add(t);
                }
            }
        }
        due.sort((a, b) -> Long.compare(a.due, b.due));
        for (FakeTimeout t : due) {
            if (!t.cancelled) {
                t.expired = true;
                try {
                    t.task.run(t);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    synchronized int pending() {
        return (int) timeouts.stream().filter(t -> !t.cancelled).count();
    }

    @Override
    public Set<Timeout> stop() {
        return Set.of();
    }

    private final class FakeTimeout implements Timeout {
        final TimerTask task;
        final long due;
        volatile boolean cancelled;
        volatile boolean expired;

        FakeTimeout(TimerTask task, long due) {
            this.task = task;
            this.due = due;
        }

        @Override
        public Timer timer() {
            return FakeTimer.this;
        }

        @Override
        public TimerTask task() {
            return task;
        }

        @Override
        public boolean isExpired() {
            return expired;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean cancel() {
            cancelled = true;
            return !expired;
        }
    }
}
