package dev.mob.runtime.internal.kingpin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlotTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(30));

    @Test
    void processesThatCannotBeStartedBackOffLikeCrashes() {
        // Defect: a failed spawn did not count as a failure, so the Kingpin relaunched at once, forever.
        Slot slot = new Slot("back", 0);
        assertEquals(Duration.ZERO, slot.failed(backoff, null), "the first retry is immediate");
        Duration second = slot.failed(backoff, null);
        Duration third = slot.failed(backoff, null);
        assertTrue(second.toMillis() >= 80, "second retry waits: " + second);
        assertTrue(third.toMillis() >= 160, "and the wait grows: " + third);
        assertEquals(3, slot.restarts);
    }

    @Test
    void aHealthyRunResetsTheCount() {
        Slot slot = new Slot("back", 0);
        slot.failed(backoff, Duration.ofMillis(10));
        slot.failed(backoff, Duration.ofMillis(10));
        assertEquals(Duration.ZERO, slot.failed(backoff, Duration.ofMinutes(5)));
        assertEquals(1, slot.consecutiveFailures);
    }
}
