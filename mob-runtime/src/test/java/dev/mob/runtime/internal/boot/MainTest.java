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

    @Test
    void helpListsEverySettingAndTheReadmeTableMatchesIt() throws Exception {
        var app = dev.mob.runtime.spi.AppSpec.of("t", MainTest.class, java.util.List.of());
        String usage = Main.usage(app);
        String readme = Files.readString(Path.of("..", "README.md"));
        java.util.Set<String> documented = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\| `(mob\\.[A-Za-z]+)` \\|").matcher(readme);
        while (m.find()) {
            documented.add(m.group(1));
        }
        java.util.Set<String> known = new java.util.TreeSet<>();
        for (dev.mob.runtime.internal.Setting setting : dev.mob.runtime.internal.Setting.values()) {
            known.add(setting.property());
            assertTrue(usage.contains(setting.property()), "--help lacks " + setting.property());
        }
        org.junit.jupiter.api.Assertions.assertEquals(known, documented, "the README's settings table and --help differ");
        assertTrue(usage.contains("--max-memory") && usage.contains("--instance") && usage.contains("exit codes"), usage);
    }

    @Test
    void maxMemoryTakesSizes() {
        var role = dev.mob.runtime.spi.RoleSpec.of("back", 1, java.util.List.of(), Probe.class, mob -> new Probe(),
                (target, method, args) -> null, Probe.class, channel -> new Probe());
        var app = dev.mob.runtime.spi.AppSpec.of("t", MainTest.class, java.util.List.of(role));
        Map<String, Long> into = new HashMap<>();
        Main.parseMemory(app, "back=512m", into);
        org.junit.jupiter.api.Assertions.assertEquals(512L << 20, into.get("back"));
        Main.parseMemory(app, "back=2G", into);
        org.junit.jupiter.api.Assertions.assertEquals(2L << 30, into.get("back"));
        assertThrows(Main.UsageException.class, () -> Main.parseMemory(app, "back=lots", into));
        assertThrows(Main.UsageException.class, () -> Main.parseMemory(app, "front=1g", into));
    }
}
