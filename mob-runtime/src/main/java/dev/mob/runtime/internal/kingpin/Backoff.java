package dev.mob.runtime.internal.kingpin;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Restart delays: the first restart at once, then exponential from {@code base} up to {@code cap}
 * with ±20% jitter so a crashing fleet does not restart in lockstep. A worker that stayed up for
 * {@code healthy} resets the count.
 */
public record Backoff(Duration base, Duration cap, Duration healthy) {
    public static Backoff fromSystemProperties() {
        return new Backoff(dev.mob.runtime.internal.Setting.RESTART_BASE_MS.millis(),
                dev.mob.runtime.internal.Setting.RESTART_CAP_MS.millis(),
                dev.mob.runtime.internal.Setting.HEALTHY_MS.millis());
    }

    /** The delay before restart number {@code consecutive} (1 for the first failure in a row). */
    public Duration delay(int consecutive) {
        if (consecutive <= 1) {
            return Duration.ZERO;
        }
        int exponent = Math.min(consecutive - 2, 30);
        long millis = Math.min(cap.toMillis(), base.toMillis() << exponent);
        if (base.toMillis() << exponent <= 0) {
            millis = cap.toMillis();
        }
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.min(cap.toMillis(), Math.round(millis * jitter)));
    }

    /** Whether a worker that ran for {@code uptime} had a healthy run, resetting the count. */
    public boolean wasHealthy(Duration uptime) {
        return uptime.compareTo(healthy) >= 0;
    }
}
