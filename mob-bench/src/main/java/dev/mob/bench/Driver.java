package dev.mob.bench;

import dev.mob.Role;
import dev.mob.runtime.Mob;
import dev.mob.runtime.Mobster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Runs the measurements once {@code Bench} creates the go file, printing {@code BENCH key value}
 * lines and then {@code BENCH-DONE}. Every loop is bounded in count and in time.
 */
@Role(name = "driver")
public class Driver implements Mobster {
    private final Mob mob;
    private final EchoClient echo;
    private final boolean quick = Boolean.getBoolean("mob.bench.quick");
    private Thread thread;

    public Driver(Mob mob) {
        this.mob = mob;
        this.echo = mob.require(EchoClient.class);
    }

    @Override
    public void start() {
        thread = new Thread(() -> {
            try {
                Path go = Path.of(System.getProperty("mob.bench.go"));
                if (CROSS) {
                    awaitRemoteEcho();
                }
                long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.exists(go) && System.nanoTime() < waitUntil) {
                    Thread.sleep(20);
                }
                run();
            } catch (Throwable t) {
                System.out.println("BENCH-ERROR " + t);
                t.printStackTrace();
            }
            System.out.println("BENCH-DONE");
        }, "bench-driver");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() throws InterruptedException {
        thread.join(5_000);
    }

    /** Over two hosts (the bench's cross-host phase): only calls, reported as cross_host_*. */
    private static final boolean CROSS = Boolean.getBoolean("mob.bench.cross");

    private static void report(String key, double value) {
        System.out.println("BENCH " + (CROSS ? "cross_host_" : "") + key + " " + value);
    }

    private void run() throws Exception {
        if (CROSS) {
            String small = "0123456789abcdef0123456789abcdef";
            sequential(small);
            report("inflight64_calls_per_s", inflight(small));
            return;
        }
        String small = "0123456789abcdef0123456789abcdef";
        String kib = "x".repeat(1024);
        sequential(small);
        report("inflight64_calls_per_s", inflight(small));
        report("inflight64_cpu_us_per_call", lastCpuPerCall);
        report("inflight64_cpu_kernel_share", lastSystemShare);
        report("inflight64_cpu_jit_share", lastJitShare);
        report("inflight64_1k_calls_per_s", inflight(kib));
        report("messages_per_s", messages());
        revive();
    }

    /** On the driver's host no echo runs: wait until the other host's workers answer. */
    private void awaitRemoteEcho() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < end) {
            try {
                echo.echo("ready?").get(2, TimeUnit.SECONDS);
                System.out.println("BENCH-CROSS-READY");
                return;
            } catch (Exception notYet) {
                Thread.sleep(100); // the other host has not joined yet; bounded above
            }
        }
        throw new IllegalStateException("the echo workers of the other host did not answer within 90 s");
    }

    private void sequential(String payload) throws Exception {
        int warmup = 20_000; // the same warm-up in --quick: the JIT decides the figures, and the ratios must agree
        int count = quick ? 10_000 : 50_000;
        long budget = TimeUnit.SECONDS.toNanos(quick ? 5 : 15);
        for (int i = 0; i < warmup; i++) {
            echo.echo(payload).get(5, TimeUnit.SECONDS);
        }
        warmUntilJitSettles("seq", () -> {
            for (int i = 0; i < 5_000; i++) {
                echo.echo(payload).get(5, TimeUnit.SECONDS);
            }
        });
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        long allocatedBefore = allocatedBytes();
        long start = System.nanoTime();
        int done = 0;
        while (done < count && System.nanoTime() - start < budget) {
            long t = System.nanoTime();
            echo.echo(payload).get(5, TimeUnit.SECONDS);
            histogram.recordValue(System.nanoTime() - t);
            done++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        report("seq_alloc_bytes_per_call", (allocatedBytes() - allocatedBefore) / (double) done);
        report("seq_p50_us", histogram.getValueAtPercentile(50) / 1e3);
        report("seq_p99_us", histogram.getValueAtPercentile(99) / 1e3);
        report("seq_p999_us", histogram.getValueAtPercentile(99.9) / 1e3);
        report("seq_calls_per_s", done / seconds);
    }

    /** Bytes allocated so far by every thread of this process (the caller's side of each call). */
    private static long allocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, bytes);
        }
        return total;
    }

    /** CPU µs per call of the last {@link #inflight} run, over every process of the app. */
    private double lastCpuPerCall;
    /** Of that, the kernel's share (system calls, wake-ups, socket copies). */
    private double lastSystemShare;
    /** Of that, the JIT compiler threads' share: warm-up still going on in the window. */
    private double lastJitShare;

    /** A closed loop holding 64 calls in flight; returns completions per second after warm-up. */
    private double inflight(String payload) throws Exception {
        long warmupNanos = TimeUnit.SECONDS.toNanos(3); // at least; then until the JIT settles
        long measureNanos = TimeUnit.SECONDS.toNanos(quick ? 2 : 5);
        Semaphore window = new Semaphore(64);
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long end = Long.MAX_VALUE;
        long countAtMeasure = -1;
        List<Long> app = ProcCpu.app();
        long cpuAtMeasure = 0;
        long systemAtMeasure = 0;
        long jitAtMeasure = 0;
        JitWatch jit = new JitWatch(app);
        while (true) {
            long now = System.nanoTime();
            if (countAtMeasure < 0 && now >= measureFrom) {
                if (jit.settled() || now - start > MAX_WARMUP_NANOS) {
                    report(payload.length() > 100 ? "inflight64_1k_warmup_ms" : "inflight64_warmup_ms",
                            (now - start) / 1e6);
                    countAtMeasure = completed.get();
                    cpuAtMeasure = ProcCpu.nanos(app);
                    systemAtMeasure = ProcCpu.systemNanos(app);
                    jitAtMeasure = ProcCpu.jitNanos(app);
                    end = now + measureNanos;
                } else {
                    measureFrom = now + TimeUnit.SECONDS.toNanos(1);
                }
            }
            if (now >= end) {
                break;
            }
            if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            echo.echo(payload).whenComplete((r, e) -> {
                (e == null ? completed : failed).incrementAndGet();
                window.release();
            });
        }
        long measured = completed.get() - countAtMeasure;
        long cpu = ProcCpu.nanos(app) - cpuAtMeasure;
        lastCpuPerCall = cpu / 1e3 / Math.max(1, measured);
        lastSystemShare = cpu == 0 ? 0 : (ProcCpu.systemNanos(app) - systemAtMeasure) / (double) cpu;
        lastJitShare = cpu == 0 ? 0 : (ProcCpu.jitNanos(app) - jitAtMeasure) / (double) cpu;
        window.tryAcquire(64, 10, TimeUnit.SECONDS);
        if (failed.get() > 0) {
            System.out.println("BENCH-NOTE " + failed.get() + " calls failed");
        }
        return measured / (measureNanos / 1e9);
    }

    /** {@code any("echo").send} as fast as the sender can, until every message is counted. */
    private double messages() throws Exception {
        int count = 500_000; // in --quick too: under a second, and 100,000 gave a figure 25-40% off the default run's
        List<Long> pids = echoPids();
        Object message = java.util.Map.of("n", 1);
        // Rounds of 100,000 until the JIT settles, the same in --quick: else the window measures the compiler.
        warmUntilJitSettles("messages", () -> sendAndCount(pids, message, 100_000));
        long before = countMessages(pids);
        List<Long> app = ProcCpu.app();
        long cpuBefore = ProcCpu.nanos(app);
        long jitBefore = ProcCpu.jitNanos(app);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            mob.any("echo").send(message);
        }
        long deadline = start + TimeUnit.SECONDS.toNanos(30);
        long received = 0;
        while (System.nanoTime() < deadline) {
            received = countMessages(pids) - before;
            if (received >= count) {
                break;
            }
            Thread.sleep(1);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = ProcCpu.nanos(app) - cpuBefore;
        report("messages_cpu_us_per_message", cpu / 1e3 / Math.max(1, received));
        report("messages_cpu_jit_share", cpu == 0 ? 0 : (ProcCpu.jitNanos(app) - jitBefore) / (double) cpu);
        if (received < count) {
            System.out.println("BENCH-NOTE only " + received + " of " + count + " messages arrived in 30 s");
        }
        return received / seconds;
    }

    /** Sends {@code count} messages and waits (up to 30 s) until the echo workers counted them. */
    private void sendAndCount(List<Long> pids, Object message, int count) throws Exception {
        long before = countMessages(pids);
        for (int i = 0; i < count; i++) {
            mob.any("echo").send(message);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (countMessages(pids) - before < count && System.nanoTime() < end) {
            Thread.sleep(1);
        }
    }

    /**
     * At most this long is spent warming up one phase. The JIT compiles for many seconds on a
     * 2-core machine shared by 7 JVMs: a window measured while it does measures the compiler.
     */
    private static final long MAX_WARMUP_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** The JIT counts as settled once its threads used less than this share of the app's CPU. */
    private static final double JIT_SETTLED_SHARE = 0.10;

    @FunctionalInterface
    private interface Round {
        void run() throws Exception;
    }

    /**
     * Repeats {@code round} until the app's JIT compiler threads used less than
     * {@value #JIT_SETTLED_SHARE} of its CPU during one (at least one round, at most
     * {@link #MAX_WARMUP_NANOS}); the same rule in --quick, so that both measure the same code.
     */
    private void warmUntilJitSettles(String phase, Round round) throws Exception {
        JitWatch jit = new JitWatch(ProcCpu.app());
        long start = System.nanoTime();
        do {
            round.run();
        } while (!jit.settled() && System.nanoTime() - start < MAX_WARMUP_NANOS);
        report(phase + "_warmup_ms", (System.nanoTime() - start) / 1e6);
    }

    /** The JIT's share of the app's CPU since the last look. */
    private static final class JitWatch {
        private final List<Long> app;
        private long cpu;
        private long jit;

        JitWatch(List<Long> app) {
            this.app = app;
            this.cpu = ProcCpu.nanos(app);
            this.jit = ProcCpu.jitNanos(app);
        }

        /** Whether the JIT used under the settled share of the CPU since the last call. */
        boolean settled() {
            long cpuNow = ProcCpu.nanos(app);
            long jitNow = ProcCpu.jitNanos(app);
            boolean settled = cpuNow > cpu && (jitNow - jit) < JIT_SETTLED_SHARE * (cpuNow - cpu);
            cpu = cpuNow;
            jit = jitNow;
            return settled;
        }
    }

    private List<Long> echoPids() throws Exception {
        Set<Long> pids = new HashSet<>();
        for (int i = 0; i < 200 && pids.size() < 4; i++) {
            pids.add(echo.pid().get(5, TimeUnit.SECONDS));
        }
        return new ArrayList<>(pids);
    }

    private long countMessages(List<Long> pids) throws Exception {
        List<CompletableFuture<Long>> counts = new ArrayList<>();
        for (long pid : pids) {
            counts.add(echo.toPid(pid).messages());
        }
        long total = 0;
        for (CompletableFuture<Long> c : counts) {
            total += c.get(5, TimeUnit.SECONDS);
        }
        return total;
    }

    /** SIGKILL one echo worker; time until a new process answers a call. Median of a few rounds. */
    private void revive() throws Exception {
        int rounds = 3; // in --quick too: the cold figure must be taken after the same history (~1 s each)
        List<Long> times = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            Set<Long> before = new HashSet<>(echoPids());
            long victim = before.iterator().next();
            long start = System.nanoTime();
            ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
            long deadline = start + TimeUnit.SECONDS.toNanos(20);
            boolean revived = false;
            while (!revived && System.nanoTime() < deadline) {
                long pid = echo.pid().get(5, TimeUnit.SECONDS);
                revived = !before.contains(pid);
            }
            times.add((System.nanoTime() - start) / 1_000_000);
            if (r == rounds - 1) {
                // The cold cliff: 64 in flight at the revived worker during its first 2 s, next to
                // the same load at a warm worker.
                long fresh = echoPids().stream().filter(p -> !before.contains(p)).findFirst().orElse(0L);
                long warm = echoPids().stream().filter(p -> p != fresh).findFirst().orElse(0L);
                if (fresh != 0 && warm != 0) {
                    double cold = inflightPinned(fresh, TimeUnit.SECONDS.toNanos(2));
                    double hot = inflightPinned(warm, TimeUnit.SECONDS.toNanos(2));
                    report("cold_inflight64_calls_per_s", cold);
                    report("warm_pinned_inflight64_calls_per_s", hot);
                    report("cold_vs_warm_inflight64", cold / hot);
                }
            }
            Thread.sleep(500);
        }
        times.sort(null);
        report("revive_ms", times.get(times.size() / 2));
    }

    /** 64 calls in flight to one worker for {@code nanos}, from the first call on; completions per second. */
    private double inflightPinned(long pid, long nanos) throws Exception {
        EchoClient pinned = echo.toPid(pid);
        Semaphore window = new Semaphore(64);
        AtomicLong completed = new AtomicLong();
        String payload = "0123456789abcdef0123456789abcdef";
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            pinned.echo(payload).whenComplete((r, e) -> {
                if (e == null) {
                    completed.incrementAndGet();
                }
                window.release();
            });
        }
        long done = completed.get();
        window.tryAcquire(64, 10, TimeUnit.SECONDS);
        return done / (nanos / 1e9);
    }
}
