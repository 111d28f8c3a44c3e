package dev.mob.runtime.internal.mobster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * This mobster's meters, in Micrometer (Prometheus names: {@code mob_calls_total},
 * {@code mob_call_duration_seconds}, ...), labelled with app, role, index and pid. The registry is
 * added to Micrometer's global registry, so meters an app creates with {@code Metrics.counter(...)}
 * are scraped with mob's. Also the source of the {@link Stats} the Kingpin shows in {@code status}.
 */
final class MobsterMetrics {
    /** What {@code status} shows of one exported method. */
    record MethodStats(String name, long calls, long errors, double p50Ms, double p99Ms) {}

    /** Sent to the Kingpin every second. */
    record Stats(int inflight, long callsTotal, long errorsTotal, long messagesIn, long messagesOut,
            long messagesUndelivered, int callbacks, List<MethodStats> methods) {}

    private final PrometheusMeterRegistry registry;
    private final String role;
    private final Map<String, Timer> okTimers = new ConcurrentHashMap<>();
    /** Looked up once per method: registering a meter per call would cost more than the call. */
    private final Map<String, Counter> okCalls = new ConcurrentHashMap<>();
    private final Map<String, Counter> failedCalls = new ConcurrentHashMap<>();
    private final AtomicLong callsTotal = new AtomicLong();
    private final AtomicLong errorsTotal = new AtomicLong();
    private Supplier<Number> messagesIn = () -> 0;
    private Supplier<Number> messagesOut = () -> 0;

    MobsterMetrics(String app, String role, int index, long pid) {
        this.role = role;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags(Tags.of("app", app, "role", role, "index", Integer.toString(index),
                "pid", Long.toString(pid)));
        Metrics.addRegistry(registry);
    }

    /** Counters read from the messenger. */
    void messages(Supplier<Number> received, Supplier<Number> sent) {
        this.messagesIn = received;
        this.messagesOut = sent;
        io.micrometer.core.instrument.FunctionCounter.builder("mob.messages.received", received,
                s -> s.get().doubleValue()).description("messages handed to this mobster's handlers").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("mob.messages.sent", sent, s -> s.get().doubleValue())
                .description("messages this mobster sent").register(registry);
    }

    /** Gauges read from the runtime's own counters; call once they exist. */
    void gauges(Supplier<Number> inflight, Supplier<Number> parked, Supplier<Number> callbacks,
            Supplier<Number> undelivered, Supplier<Number> inbox) {
        io.micrometer.core.instrument.Gauge.builder("mob.calls.inflight", () -> inflight.get())
                .description("calls running or queued at this mobster").register(registry);
        io.micrometer.core.instrument.Gauge.builder("mob.calls.parked", () -> parked.get())
                .description("this mobster's calls waiting for a worker of their role to become ready").register(registry);
        io.micrometer.core.instrument.Gauge.builder("mob.callbacks.outstanding", () -> callbacks.get())
                .description("callbacks this mobster handed out and still keeps").register(registry);
        io.micrometer.core.instrument.Gauge.builder("mob.messages.undelivered", () -> undelivered.get())
                .description("messages this mobster could not deliver").register(registry);
        io.micrometer.core.instrument.Gauge.builder("mob.messages.inbox", () -> inbox.get())
                .description("messages waiting for this mobster's handlers").register(registry);
    }

    /** One exported call served here ended after {@code nanos}; {@code ok} false if it threw. */
    void served(String method, long nanos, boolean ok) {
        callsTotal.incrementAndGet();
        (ok ? okCalls : failedCalls).computeIfAbsent(method, m -> Counter.builder("mob.calls")
                .description("calls served, by method and outcome")
                .tags("method", m, "outcome", ok ? "ok" : "error").register(registry)).increment();
        timer(method).record(nanos, TimeUnit.NANOSECONDS);
        if (!ok) {
            errorsTotal.incrementAndGet();
        }
    }

    /**
     * One histogram per method, the one Prometheus scrapes. No client-side percentiles: those keep
     * three rotating histograms per method and cost ~2.5% of a busy worker's I/O-thread CPU;
     * {@code status}'s p50 and p99 come from this histogram's buckets instead (see {@link Window}).
     */
    private Timer timer(String method) {
        return okTimers.computeIfAbsent(method, m -> Timer.builder("mob.call.duration")
                .description("time to serve a call, by method").tags("method", m)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry));
    }

    /** How far back {@code status}'s percentiles look. */
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * The latest minute of one method's histogram: cumulative bucket counts taken at every
     * {@link #stats} (each second), so that the counts of the last minute are the newest minus the
     * oldest kept. Percentiles are interpolated inside a bucket, as Prometheus's
     * {@code histogram_quantile} does.
     */
    static final class Window {
        private record Taken(long atNanos, double[] cumulative) {}

        private final java.util.ArrayDeque<Taken> taken = new java.util.ArrayDeque<>();

        /** Adds the cumulative counts taken now, by bucket, in ascending order of bound. */
        synchronized void add(long nowNanos, double[] cumulative) {
            taken.addLast(new Taken(nowNanos, cumulative));
            while (taken.size() > 2 && nowNanos - taken.peekFirst().atNanos() > WINDOW_NANOS) {
                taken.removeFirst();
            }
        }

        /** The {@code q} quantile of the calls within the window, in the unit of {@code bounds}; 0 if none. */
        synchronized double quantile(double q, double[] bounds) {
            if (taken.isEmpty()) {
                return 0;
            }
            double[] last = taken.peekLast().cumulative();
            double[] first = taken.size() > 1 ? taken.peekFirst().cumulative() : new double[last.length];
            int n = Math.min(bounds.length, Math.min(first.length, last.length));
            if (n == 0) {
                return 0;
            }
            double total = last[n - 1] - first[n - 1];
            if (total <= 0) {
                return 0;
            }
            double rank = q * total;
            double below = 0;
            for (int i = 0; i < n; i++) {
                double upTo = last[i] - first[i];
                if (upTo >= rank) {
                    double lower = i == 0 ? 0 : bounds[i - 1];
                    double inBucket = upTo - below;
                    return inBucket <= 0 ? bounds[i] : lower + (bounds[i] - lower) * (rank - below) / inBucket;
                }
                below = upTo;
            }
            return bounds[n - 1];
        }
    }

    Stats stats(int inflight, int callbacks, long undelivered) {
        List<MethodStats> methods = new ArrayList<>();
        long now = System.nanoTime();
        okTimers.forEach((name, timer) -> {
            CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
            double[] bounds = new double[buckets.length];
            double[] cumulative = new double[buckets.length];
            for (int i = 0; i < buckets.length; i++) {
                bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
                cumulative[i] = buckets[i].count();
            }
            Window window = windows.computeIfAbsent(name, n -> new Window());
            window.add(now, cumulative);
            Counter failed = failedCalls.get(name);
            methods.add(new MethodStats(role + "." + name, timer.count(), failed == null ? 0 : (long) failed.count(),
                    window.quantile(0.5, bounds), window.quantile(0.99, bounds)));
        });
        return new Stats(inflight, callsTotal.get(), errorsTotal.get(), messagesIn.get().longValue(),
                messagesOut.get().longValue(), undelivered, callbacks, methods);
    }

    /** The Prometheus text of every meter here, mob's and the app's. */
    String scrape() {
        return registry.scrape();
    }
}
