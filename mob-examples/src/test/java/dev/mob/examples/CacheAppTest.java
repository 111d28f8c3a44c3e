package dev.mob.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cache example does what its README paragraph says: read, invalidate, call back, message. */
class CacheAppTest {
    @Test
    void storeInvalidatesReadersCallsBackAndMessagesReachTheirTargets() throws Exception {
        try (AppProcess app = new AppProcess("dev.mob.examples.cache.MobMain", Map.of())) {
            app.await(l -> l.contains("read after invalidation: hello again"), 1, 60);
            app.await(l -> l.contains("watch callback: greeting is now 'hello'"), 1, 10);
            // both readers drop their copy on each of the two writes
            app.await(l -> l.contains("dropped 'greeting'"), 4, 10);
            app.await(l -> l.contains("to myself, by pid"), 1, 10);
            app.await(l -> l.contains("reader#1") && l.contains("to all other readers"), 1, 10);
            app.await(l -> l.contains("to every other mobster"), 1, 10);
            assertTrue(app.output().stream().noneMatch(l -> l.contains("demo failed")), "the demo failed");
            assertEquals(0, app.stop(30));
            assertTrue(app.allGone(2_000), "a mobster outlived the Kingpin");
        }
    }
}
