package dev.mob.runtime.internal.boot;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    /** A class with no dependencies, to load from elsewhere. */
    public static final class Probe {}

    @Test
    void aMainClassOnTheClassPathCanBeRelaunched() {
        assertDoesNotThrow(() -> Main.checkRelaunchable(Probe.class));
    }

    /** What mvn exec:java does: the app's classes come from a loader of Maven's own JVM. */
    @Test
    void aMainClassFromAnotherLoaderIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        String resource = Probe.class.getName().replace('.', '/') + ".class";
        Path copy = dir.resolve(resource);
        Files.createDirectories(copy.getParent());
        try (var in = Probe.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, copy);
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> elsewhere = loader.loadClass(Probe.class.getName());
            Main.UsageException e = assertThrows(Main.UsageException.class, () -> Main.checkRelaunchable(elsewhere));
            assertTrue(e.getMessage().contains("not mvn exec:java"), e.getMessage());
        }
    }

    @Test
    void workersFlagIsCheckedAgainstTheRoles() {
        var app = dev.mob.runtime.spi.AppSpec.of("t", MainTest.class, java.util.List.of());
        Map<String, Integer> into = new HashMap<>();
        Main.UsageException e = assertThrows(Main.UsageException.class, () -> Main.parseWorkers(app, "back=2", into));
        assertTrue(e.getMessage().contains("role=N"), e.getMessage());
    }
}
