package dev.mob.it.app;

import dev.mob.runtime.MobTimeoutException;
import dev.mob.runtime.MobsterLostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sustained calls to the calc role for a while, with up to 16 in flight, half of them carrying a
 * callback. Every call issued is accounted for by its outcome.
 */
final class Hammer {
    private Hammer() {}

    static Map<String, Long> run(CalcClient calc, long seconds) throws InterruptedException {
        CalcClient client = calc.withTimeout(Duration.ofSeconds(2));
        AtomicLong ok = new AtomicLong();
        AtomicLong lost = new AtomicLong();
        AtomicLong timeout = new AtomicLong();
        AtomicLong other = new AtomicLong();
        AtomicLong hung = new AtomicLong();
        long issued = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<CompletableFuture<?>> window = new ArrayList<>();
        while (System.nanoTime() < end) {
            CompletableFuture<?> call = issued % 2 == 0
                    ? client.add((int) issued, 1)
                    : client.lookup("k" + issued, v -> { });
            issued++;
            call.whenComplete((v, e) -> {
                Throwable cause = e == null ? null : (e.getCause() != null ? e.getCause() : e);
                if (e == null) {
                    ok.incrementAndGet();
                } else if (cause instanceof MobsterLostException) {
                    lost.incrementAndGet();
                } else if (cause instanceof MobTimeoutException) {
                    timeout.incrementAndGet();
                } else {
                    other.incrementAndGet();
                }
            });
            window.add(call);
            if (window.size() >= 16) {
                CompletableFuture<?> oldest = window.remove(0);
                try {
                    // Nothing may outlive its 2 s deadline by much.
                    oldest.handle((v, e) -> null).get(4, TimeUnit.SECONDS);
                } catch (Exception e) {
                    hung.incrementAndGet();
                }
            }
        }
        for (CompletableFuture<?> call : window) {
            try {
                call.handle((v, e) -> null).get(4, TimeUnit.SECONDS);
            } catch (Exception e) {
                hung.incrementAndGet();
            }
        }
        Thread.sleep(100); // let the last whenComplete counters land
        return Map.of("issued", issued, "ok", ok.get(), "lost", lost.get(), "timeout", timeout.get(),
                "other", other.get(), "hung", hung.get());
    }
}
