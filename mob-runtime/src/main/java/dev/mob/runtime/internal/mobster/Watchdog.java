package dev.mob.runtime.internal.mobster;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Notices a mobster that is alive but makes no progress, which no connection closing would ever
 * reveal: every call thread busy and no call finished for the stall time (a deadlock, an endless
 * loop, a dependency that hangs), or an I/O thread that has not run its heartbeat for that long.
 * It then prints why and a dump of the stuck threads, and ends the process with
 * {@value #EXIT_STALLED}: its connections close (calls in flight fail with
 * {@code MobsterLostException}, idempotent ones are retried elsewhere), it leaves routing, and the
 * Kingpin revives it.
 *
 * <p>A method that is slow on purpose does not trip it unless every call thread is in such a call:
 * raise {@code mob.callThreads} or {@code mob.stallMs} for a role whose calls may all be slow, or
 * make them asynchronous (they then hold no thread).
 */
final class Watchdog {
    static final int EXIT_STALLED = 70;

    private final Duration stall;
    private final ThreadPoolExecutor callPool;
    private final int callThreads;
    private final IntSupplier callsInFlight;
    private final LongSupplier lastFinishedNanos;
    private final List<AtomicLong> heartbeats = new ArrayList<>();

    Watchdog(Duration stall, ThreadPoolExecutor callPool, int callThreads, IntSupplier callsInFlight,
            LongSupplier lastFinishedNanos) {
        this.stall = stall;
        this.callPool = callPool;
        this.callThreads = callThreads;
        this.callsInFlight = callsInFlight;
        this.lastFinishedNanos = lastFinishedNanos;
    }

    /** Starts watching, with a heartbeat on every event loop of {@code io}. */
    void start(EventLoopGroup io) {
        long beat = Math.max(100, stall.toMillis() / 10);
        for (EventExecutor loop : io) {
            AtomicLong last = new AtomicLong(System.nanoTime());
            heartbeats.add(last);
            loop.scheduleAtFixedRate(() -> last.set(System.nanoTime()), beat, beat, TimeUnit.MILLISECONDS);
        }
        Thread thread = new Thread(this::watch, "mob-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        long every = Math.max(100, stall.toMillis() / 10);
        while (true) {
            try {
                Thread.sleep(every); // a period, not a synchronisation: this thread only samples
            } catch (InterruptedException e) {
                return;
            }
            String why = stalled(System.nanoTime());
            if (why != null) {
                System.err.println("mob: stalled: " + why + "; exiting so the Kingpin replaces this worker "
                        + "(see mob.stallMs). Stuck threads:");
                System.err.print(dump());
                System.err.flush();
                Runtime.getRuntime().halt(EXIT_STALLED);
            }
        }
    }

    /** Why the process is stalled at {@code now}, or null. */
    String stalled(long now) {
        long stallNanos = stall.toNanos();
        if (callPool.getActiveCount() >= callThreads && callsInFlight.getAsInt() > 0
                && now - lastFinishedNanos.getAsLong() > stallNanos) {
            return "all " + callThreads + " call threads are busy and no call has finished for " + stall.toMillis()
                    + " ms (" + callsInFlight.getAsInt() + " calls running or queued)";
        }
        for (AtomicLong last : heartbeats) {
            if (now - last.get() > stallNanos) {
                return "an I/O thread has been blocked for over " + stall.toMillis() + " ms";
            }
        }
        return null;
    }

    private static String dump() {
        StringBuilder out = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            String name = info.getThreadName();
            if (!name.startsWith("mob-call") && !name.startsWith("mob-io")) {
                continue;
            }
            out.append('"').append(name).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                out.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
            }
            out.append('\n');
            for (StackTraceElement e : info.getStackTrace()) {
                out.append("\tat ").append(e).append('\n');
            }
        }
        return out.toString();
    }
}
