package dev.mob.runtime.internal.kingpin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(30));

    @Test
    void firstRestartIsImmediate() {
        assertEquals(Duration.ZERO, backoff.delay(1));
    }

    @Test
    void growsExponentiallyWithJitterUpToTheCap() {
        for (int i = 0; i < 100; i++) {
            long second = backoff.delay(2).toMillis();
            long third = backoff.delay(3).toMillis();
            long fifth = backoff.delay(5).toMillis();
            assertTrue(second >= 80 && second <= 120, "2nd: " + second);
            assertTrue(third >= 160 && third <= 240, "3rd: " + third);
            assertTrue(fifth >= 640 && fifth <= 960, "5th: " + fifth);
            assertTrue(backoff.delay(50).toMillis() <= 10_000);
            assertTrue(backoff.delay(50).toMillis() >= 8_000);
        }
    }

    @Test
    void aHealthyRunResets() {
        assertTrue(backoff.wasHealthy(Duration.ofSeconds(31)));
        assertFalse(backoff.wasHealthy(Duration.ofSeconds(2)));
    }
}
