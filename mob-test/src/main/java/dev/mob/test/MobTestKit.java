package dev.mob.test;

import dev.mob.runtime.Mob;
import dev.mob.runtime.internal.mobster.MobsterRuntime;
import dev.mob.runtime.spi.AppSpec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs an app's roles for a test, behind their generated clients.
 *
 * <ul>
 *   <li>{@link #inProcess} puts one instance of each given role class in this JVM. Arguments,
 *       results, callback values and messages go through mob's real codec, so a type that cannot
 *       cross processes fails here too; methods run on a pool, message handlers on one thread per
 *       role. Fast: for unit tests of roles and of the calls between them.
 *   <li>{@link #processes} starts the app as it runs for real (its Kingpin and every worker, each a
 *       JVM) and joins it from this JVM as a guest: for end-to-end tests.
 * </ul>
 *
 * <pre>{@code
 * try (MobTestKit kit = MobTestKit.inProcess(Store.class, Reader.class)) {
 *     StoreClient store = kit.client(StoreClient.class);
 *     store.put("k", "v").join();
 *     assertEquals("v", kit.client(ReaderClient.class).read("k").join());
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops everything it started (in-process roles get their
 * {@code Mobster.stop()}; processes get SIGTERM, and are killed if they do not exit).
 */
public final class MobTestKit implements AutoCloseable {
    private final InProcessApp local;
    private final KingpinProcess process;
    private final MobsterRuntime guest;

    private MobTestKit(InProcessApp local, KingpinProcess process, MobsterRuntime guest) {
        this.local = local;
        this.process = process;
        this.guest = guest;
    }

    /**
     * The given role classes of one app, each as one instance in this JVM; their {@code start()}
     * has run when this returns. Roles not given are absent: calls to them fail with
     * {@code MobsterLostException}.
     *
     * @throws IllegalArgumentException if the classes are not roles of one app with a generated
     *     {@code MobMain}
     */
    public static MobTestKit inProcess(Class<?>... roleClasses) {
        if (roleClasses.length == 0) {
            throw new IllegalArgumentException("give at least one role class");
        }
        AppSpec app = appOf(roleClasses[0]);
        return new MobTestKit(new InProcessApp(app, Arrays.asList(roleClasses)), null, null);
    }

    /**
     * The app of {@code mobMain} (its generated {@code MobMain}) as real processes, ready when this
     * returns, with this JVM joined as a guest. {@code args} go to the Kingpin (e.g.
     * {@code "--workers", "back=2"}); waits up to 2 minutes for the app to be ready.
     */
    public static MobTestKit processes(Class<?> mobMain, String... args) {
        AppSpec app = appOfMain(mobMain);
        List<String> all = new ArrayList<>(List.of("--allow-guests", "--instance", "test-" + ProcessHandle.current().pid()));
        all.addAll(List.of(args));
        KingpinProcess process = KingpinProcess.start(System.getProperty("java.class.path"), mobMain.getName(),
                List.of(), java.util.Map.of(), all.toArray(new String[0]));
        try {
            process.readyPids(Duration.ofMinutes(2));
            Path runDir = process.runDir();
            MobsterRuntime guest = MobsterRuntime.guest(app, runDir, Duration.ofSeconds(60));
            return new MobTestKit(null, process, guest);
        } catch (RuntimeException | Error e) {
            process.close();
            throw e;
        } catch (Exception e) {
            process.close();
            throw new IllegalStateException("cannot join app '" + app.name() + "'", e);
        }
    }

    /** A client of one of the app's roles, e.g. {@code kit.client(BackClient.class)}. */
    public <C> C client(Class<C> clientClass) {
        return mob().require(clientClass);
    }

    /**
     * The test's own mob: send messages to the roles ({@code mob().all("reader").send(...)}),
     * receive theirs, or {@code require} clients. In-process, each role instance has a synthetic
     * pid of its own.
     */
    public Mob mob() {
        return local != null ? local.mob() : guest;
    }

    /** The running app's Kingpin, in {@link #processes} mode (null in process): its output, pids, signals. */
    public KingpinProcess kingpin() {
        return process;
    }

    @Override
    public void close() {
        if (local != null) {
            local.close();
            return;
        }
        try {
            guest.closeGuest();
        } finally {
            process.sigterm();
            try {
                process.awaitExit(Duration.ofSeconds(60));
            } catch (AssertionError stuck) {
                System.err.println("mob-test: the app did not stop within 60 s; killing it");
            }
            process.close();
        }
    }

    /** The generated MobMain of the app that {@code roleClass} belongs to: its package or an enclosing one. */
    static AppSpec appOf(Class<?> roleClass) {
        String pkg = roleClass.getPackageName();
        while (true) {
            String name = pkg.isEmpty() ? "MobMain" : pkg + ".MobMain";
            try {
                Class<?> main = Class.forName(name, true, roleClass.getClassLoader());
                AppSpec app = appOfMain(main);
                if (app.roles().values().stream().anyMatch(r -> r.type() == roleClass)) {
                    return app;
                }
            } catch (ClassNotFoundException e) {
                // not here: look in the enclosing package
            }
            if (pkg.isEmpty()) {
                throw new IllegalArgumentException(roleClass.getName() + " has no generated MobMain in its package or "
                        + "an enclosing one: is it a @Role, and does mob's annotation processor run on the test's "
                        + "sources' build (annotationProcessorPaths)?");
            }
            int dot = pkg.lastIndexOf('.');
            pkg = dot < 0 ? "" : pkg.substring(0, dot);
        }
    }

    static AppSpec appOfMain(Class<?> mobMain) {
        try {
            Method app = mobMain.getMethod("app");
            return (AppSpec) app.invoke(null);
        } catch (NoSuchMethodException | IllegalAccessException | ClassCastException e) {
            throw new IllegalArgumentException(mobMain.getName() + " is not a MobMain generated by mob", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(mobMain.getName() + ".app() threw", e.getCause());
        }
    }
}
