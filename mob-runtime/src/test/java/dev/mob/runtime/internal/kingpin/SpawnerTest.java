package dev.mob.runtime.internal.kingpin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mob.runtime.spi.AppSpec;
import dev.mob.runtime.spi.RoleSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpawnerTest {
    static RoleSpec<Object, Object> role(String name, List<String> jvmArgs) {
        return RoleSpec.of(name, 1, jvmArgs, Object.class, mob -> null, (target, method, args) -> null,
                Object.class, channel -> null);
    }

    static List<String> command(RoleSpec<Object, Object> role) {
        AppSpec app = AppSpec.of("t", SpawnerTest.class, List.of(role));
        return new Spawner(app, Path.of("/tmp/no-such-kingpin.sock"), "secret", List.of()).command(role, 0);
    }

    @Test
    void mobstersRunWithNettysLeakDetectionOffAndAHeapCapUnlessTheirFlagsSayOtherwise() {
        List<String> plain = command(role("back", List.of()));
        assertTrue(plain.contains("-Dio.netty.leakDetection.level=disabled"), plain.toString());
        assertTrue(plain.stream().anyMatch(a -> a.startsWith("-Xmx")), plain.toString());

        List<String> own = command(role("back", List.of("-Dio.netty.leakDetection.level=paranoid", "-Xmx99m")));
        assertEquals(List.of("-Dio.netty.leakDetection.level=paranoid"),
                own.stream().filter(a -> a.startsWith("-Dio.netty.leakDetection.level")).toList());
        assertEquals(List.of("-Xmx99m"), own.stream().filter(a -> a.startsWith("-Xmx")).toList());
    }
}
