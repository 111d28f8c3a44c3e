package dev.mob.runtime.internal.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mob.runtime.internal.MobsterIds;
import dev.mob.runtime.internal.cluster.ClusterConfig;
import dev.mob.runtime.spi.AppSpec;
import dev.mob.runtime.spi.RoleSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterFlagsTest {
    static final AppSpec APP = AppSpec.of("t", ClusterFlagsTest.class, List.of(role("back"), role("front")));

    static RoleSpec<Object, Object> role(String name) {
        return RoleSpec.of(name, 1, List.of(), Object.class, mob -> null, (target, method, args) -> null,
                Object.class, channel -> null);
    }

    static ClusterFlags flags(Map<String, String> env, String... flagValues) {
        ClusterFlags flags = ClusterFlags.fromEnvironment(env);
        for (int i = 0; i < flagValues.length; i += 2) {
            flags.set(flagValues[i], flagValues[i + 1]);
        }
        return flags;
    }

    static String refusal(ClusterFlags flags) {
        return assertThrows(Main.UsageException.class, () -> flags.toConfig(APP)).getMessage();
    }

    @Test
    void withoutClusterThereIsNoConfigAndClusterFlagsAloneAreRefused() {
        assertNull(flags(Map.of()).toConfig(APP));
        assertTrue(refusal(flags(Map.of(), "--host", "a")).contains("give --cluster"));
        assertTrue(refusal(flags(Map.of("MOB_ROLES", "back"))).contains("--roles is for several hosts"));
    }

    @Test
    void insecureIsForLoopbackOnlyAndTlsNeedsAllThreeFiles() {
        ClusterConfig c = flags(Map.of(), "--cluster", "nats://127.0.0.1:4222", "--host", "a", "--advertise",
                "127.0.0.2", "--insecure-cluster", "true").toConfig(APP);
        assertTrue(c.insecure());
        assertEquals("127.0.0.2", c.advertise());
        assertEquals(MobsterIds.hostNumberOf("a"), c.hostNumber());
        assertTrue(refusal(flags(Map.of(), "--cluster", "nats://n:4222", "--host", "a", "--advertise", "10.1.2.3",
                "--insecure-cluster", "true")).contains("only for tests on one machine"));
        assertTrue(refusal(flags(Map.of(), "--cluster", "nats://n:4222", "--host", "a", "--advertise", "127.0.0.2"))
                .contains("--tls-cert, --tls-key and --tls-ca"));
        assertTrue(refusal(flags(Map.of(), "--cluster", "nats://n:4222", "--host", "a", "--advertise", "127.0.0.2",
                "--tls-cert", "/nonexistent/c.pem", "--tls-key", "/x", "--tls-ca", "/y")).contains("cannot read"));
    }

    @Test
    void environmentGivesEveryFlagAndAFlagWins(@TempDir Path dir) throws Exception {
        for (String f : List.of("c.pem", "k.pem", "ca.pem")) {
            Files.writeString(dir.resolve(f), "x");
        }
        ClusterConfig c = flags(Map.of("MOB_CLUSTER", "nats://127.0.0.1:4222", "MOB_HOST", "env-host", "MOB_ADVERTISE",
                "127.0.0.3", "MOB_ROLES", "back", "MOB_TLS_CERT", dir.resolve("c.pem").toString(), "MOB_TLS_KEY",
                dir.resolve("k.pem").toString(), "MOB_TLS_CA", dir.resolve("ca.pem").toString(), "MOB_HOST_ID", "7"),
                "--host", "flag-host").toConfig(APP);
        assertEquals("flag-host", c.host());
        assertEquals(7, c.hostNumber());
        assertEquals(Set.of("back"), c.roles());
        assertTrue(c.runs("back") && !c.runs("front"));
        assertTrue(c.mobsterProperties().contains("-Dmob.cluster.tlsCa=" + dir.resolve("ca.pem")));
    }

    @Test
    void badValuesAreNamed() {
        String[] base = {"--cluster", "nats://127.0.0.1:4222", "--advertise", "127.0.0.2", "--insecure-cluster", "1"};
        assertTrue(refusal(flags(Map.of(), "--cluster", "http://x")).contains("wants nats://HOST:PORT"));
        assertTrue(refusal(flags(Map.of(), concat(base, "--host", "a.b"))).contains("no dots"));
        assertTrue(refusal(flags(Map.of(), concat(base, "--host", "a", "--roles", "back,nope"))).contains("no role 'nope'"));
        assertTrue(refusal(flags(Map.of(), concat(base, "--host", "a", "--host-id", "40000"))).contains("1 to 32767"));
    }

    @Test
    void idsCarryTheHostNumberAndAnIdWithoutOneMeansThisHost() {
        long id = MobsterIds.of(5, 4242);
        assertEquals(5, MobsterIds.hostNumber(id));
        assertEquals(4242, MobsterIds.osPid(id));
        assertEquals(id, MobsterIds.resolve(4242, 5));
        assertEquals(id, MobsterIds.resolve(id, 9));
        assertEquals(4242, MobsterIds.of(0, 4242), "a single host's ids are its pids");
        int n = MobsterIds.hostNumberOf("alpha");
        assertTrue(n >= 1 && n <= MobsterIds.MAX_HOST_NUMBER);
        assertEquals(n, MobsterIds.hostNumberOf("alpha"), "stable across restarts");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void clusterWithoutTheModuleOnTheClassPathIsAUsageErrorNamingIt() {
        // mob-runtime's own tests do not have mob-cluster: the start fails before anything runs.
        Main.UsageException e = assertThrows(Main.UsageException.class, () -> Main.start(APP, new String[] {
                "--cluster", "nats://127.0.0.1:4222", "--host", "a", "--advertise", "127.0.0.2", "--insecure-cluster"}));
        assertTrue(e.getMessage().contains("dev.mob:mob-cluster"), e.getMessage());
    }
}
