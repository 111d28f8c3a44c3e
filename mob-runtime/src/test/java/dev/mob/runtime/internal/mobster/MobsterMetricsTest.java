package dev.mob.runtime.internal.mobster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MobsterMetricsTest {
    @Test
    void statusPercentilesComeFromTheScrapedHistogram() {
        MobsterMetrics metrics = new MobsterMetrics("t", "back", 0, 1);
        for (int i = 0; i < 900; i++) {
            metrics.served("get", TimeUnit.MILLISECONDS.toNanos(1), true);
        }
        for (int i = 0; i < 100; i++) {
            metrics.served("get", TimeUnit.MILLISECONDS.toNanos(200), i % 2 == 0);
        }
        MobsterMetrics.MethodStats get = metrics.stats(0, 0, 0).methods().get(0);
        assertEquals("back.get", get.name());
        assertEquals(1000, get.calls());
        assertEquals(50, get.errors());
        // Within the histogram's bucket around each value (Micrometer's buckets are ~1.3x apart).
        assertTrue(get.p50Ms() > 0.7 && get.p50Ms() < 1.4, "p50 " + get.p50Ms());
        assertTrue(get.p99Ms() > 140 && get.p99Ms() < 290, "p99 " + get.p99Ms());
        assertTrue(metrics.scrape().contains("mob_call_duration_seconds_bucket{"), "the histogram is scraped");
    }

    @Test
    void theWindowForgetsCallsOlderThanAMinute() {
        MobsterMetrics.Window window = new MobsterMetrics.Window();
        double[] bounds = {1, 10, 100};
        long s = TimeUnit.SECONDS.toNanos(1);
        window.add(0, new double[] {0, 0, 0});
        window.add(10 * s, new double[] {100, 100, 100}); // 100 calls under 1 ms
        assertTrue(window.quantile(0.5, bounds) <= 1);
        window.add(50 * s, new double[] {100, 100, 200}); // then 100 of 10-100 ms
        assertTrue(window.quantile(0.99, bounds) > 10);
        assertTrue(window.quantile(0.25, bounds) <= 1);
        window.add(65 * s, new double[] {100, 100, 300}); // the first minute's counts leave the window
        window.add(75 * s, new double[] {100, 100, 300});
        assertTrue(window.quantile(0.25, bounds) > 10, "p25 " + window.quantile(0.25, bounds));
        window.add(200 * s, new double[] {100, 100, 300}); // nothing for a minute
        assertEquals(0, window.quantile(0.5, bounds));
    }
}
