package dev.mob.runtime.internal.mobster;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pool that runs with as few threads as keep the CPUs busy and adds threads only when work
 * starves: when the oldest queued task has waited {@value #STARVED_MILLIS} ms, some running task
 * must be blocking, and one more thread (up to {@code max}) takes the queue. Quick tasks thus share
 * a couple of hot threads (every extra thread costs futex wake-ups and context switches on a small
 * machine), while tasks that block still get up to {@code max} threads between them.
 */
final class AdaptivePool extends ThreadPoolExecutor {
    static final long STARVED_MILLIS = 5;
    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mob-pool-watch");
        t.setDaemon(true);
        return t;
    });

    private final int floor;
    private final AtomicBoolean watching = new AtomicBoolean();

    private AdaptivePool(int floor, int max, BlockingQueue<Runnable> queue, ThreadFactory threads) {
        super(floor, max, 30, TimeUnit.SECONDS, queue, threads);
        this.floor = floor;
    }

    /** At least {@code floor} threads (started on demand), at most {@code max}. */
    static AdaptivePool create(int floor, int max, ThreadFactory threads) {
        int lo = Math.max(1, Math.min(floor, max));
        return new AdaptivePool(lo, Math.max(lo, max), new LinkedBlockingQueue<>(), threads);
    }

    @Override
    public void execute(Runnable task) {
        super.execute(new Stamped(task));
        if (!getQueue().isEmpty() && watching.compareAndSet(false, true)) {
            WATCH.schedule(this::check, STARVED_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void check() {
        Runnable oldest = getQueue().peek();
        if (oldest == null) {
            watching.set(false);
            int busy = getActiveCount();
            if (getCorePoolSize() > floor && busy < getCorePoolSize()) {
                setCorePoolSize(Math.max(floor, busy + 1));
            }
            if (!getQueue().isEmpty() && watching.compareAndSet(false, true)) {
                WATCH.schedule(this::check, STARVED_MILLIS, TimeUnit.MILLISECONDS);
            }
            return;
        }
        long waited = System.nanoTime() - ((Stamped) oldest).queuedAt;
        if (waited >= TimeUnit.MILLISECONDS.toNanos(STARVED_MILLIS) && getCorePoolSize() < getMaximumPoolSize()) {
            setCorePoolSize(getCorePoolSize() + 1); // starts a thread for the queued work
        }
        WATCH.schedule(this::check, STARVED_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static final class Stamped implements Runnable {
        final Runnable task;
        final long queuedAt = System.nanoTime();

        Stamped(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            task.run();
        }
    }
}
