package dev.mob.runtime.internal.mobster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
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

    private Timer timer(String method) {
        return okTimers.computeIfAbsent(method, m -> Timer.builder("mob.call.duration")
                .description("time to serve a call, by method").tags("method", m)
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry));
    }

    Stats stats(int inflight, int callbacks, long undelivered) {
        List<MethodStats> methods = new ArrayList<>();
        okTimers.forEach((name, timer) -> {
            double p50 = 0;
            double p99 = 0;
            for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
                if (v.percentile() == 0.5) {
                    p50 = v.value(TimeUnit.MILLISECONDS);
                } else if (v.percentile() == 0.99) {
                    p99 = v.value(TimeUnit.MILLISECONDS);
                }
            }
            Counter failed = failedCalls.get(name);
            methods.add(new MethodStats(role + "." + name, timer.count(), failed == null ? 0 : (long) failed.count(),
                    p50, p99));
        });
        return new Stats(inflight, callsTotal.get(), errorsTotal.get(), messagesIn.get().longValue(),
                messagesOut.get().longValue(), undelivered, callbacks, methods);
    }

    /** The Prometheus text of every meter here, mob's and the app's. */
    String scrape() {
        return registry.scrape();
    }
}
