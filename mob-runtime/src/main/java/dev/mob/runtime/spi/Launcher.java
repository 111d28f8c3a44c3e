package dev.mob.runtime.spi;

import java.util.ServiceLoader;

/** The entry point that the generated {@code MobMain.main} calls. */
public final class Launcher {
    private Launcher() {}

    /** What runs an app: the runtime's implementation, found with {@link ServiceLoader}. */
    public interface Runner {
        void run(AppSpec app, String[] args);
    }

    /**
     * Runs the Kingpin, or a mobster when started by the Kingpin, and ends the JVM with the exit
     * code: 0 after a clean stop, 1 after a forced one, 2 for a bad command line.
     */
    public static void main(AppSpec app, String[] args) {
        Runner runner = ServiceLoader.load(Runner.class, Launcher.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("mob-runtime is incomplete: no "
                        + Runner.class.getName() + " service in META-INF/services (a shaded jar must merge "
                        + "service files: use the shade plugin's ServicesResourceTransformer)"));
        runner.run(app, args);
    }
}
