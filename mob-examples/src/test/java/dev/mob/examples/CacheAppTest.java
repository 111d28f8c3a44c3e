package dev.mob.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import dev.mob.test.KingpinProcess;
import org.junit.jupiter.api.Test;

/** The cache example does what its README paragraph says: read, invalidate, call back, message. */
class CacheAppTest {
    @Test
    void storeInvalidatesReadersCallsBackAndMessagesReachTheirTargets() throws Exception {
        try (KingpinProcess app = KingpinProcess.start(System.getProperty("java.class.path"), "dev.mob.examples.cache.MobMain", java.util.List.of(), Map.of())) {
            app.await(l -> l.contains("read after invalidation: hello again"), 1, java.time.Duration.ofSeconds(60));
            app.await(l -> l.contains("watch callback: greeting is now 'hello'"), 1, java.time.Duration.ofSeconds(10));
            // both readers drop their copy on each of the two writes
            app.await(l -> l.contains("dropped 'greeting'"), 4, java.time.Duration.ofSeconds(10));
            app.await(l -> l.contains("to myself, by pid"), 1, java.time.Duration.ofSeconds(10));
            app.await(l -> l.contains("reader#1") && l.contains("to all other readers"), 1, java.time.Duration.ofSeconds(10));
            app.await(l -> l.contains("to every other mobster"), 1, java.time.Duration.ofSeconds(10));
            assertTrue(app.lines().stream().noneMatch(l -> l.contains("demo failed")), "the demo failed");
            app.sigterm();
            assertEquals(0, app.awaitExit(java.time.Duration.ofSeconds(30)));
            assertTrue(app.allGone(java.time.Duration.ofSeconds(2)), "a mobster outlived the Kingpin");
        }
    }
}
