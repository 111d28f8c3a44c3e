package dev.mob.runtime.internal.boot;

import dev.mob.runtime.internal.Settings;
import dev.mob.runtime.internal.kingpin.Kingpin;
import dev.mob.runtime.internal.mobster.MobsterRuntime;
import dev.mob.runtime.spi.AppSpec;
import dev.mob.runtime.spi.Launcher;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses {@code MobMain}'s command line and runs the Kingpin or, when the Kingpin launched us, a
 * mobster. Found by {@link Launcher} through {@code ServiceLoader}, so the SPI does not depend on
 * the implementation.
 */
public final class Main implements Launcher.Runner {
    public Main() {}

    @Override
    public void run(AppSpec app, String[] args) {
        main(app, args);
    }

    public static void main(AppSpec app, String[] args) {
        int code;
        try {
            code = start(app, args);
        } catch (UsageException e) {
            System.err.println("mob: " + e.getMessage());
            System.err.println(usage(app));
            code = 2;
        } catch (Exception e) {
            System.err.println("mob: " + e);
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    static int start(AppSpec app, String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--spare") && System.getProperty("mob.kingpin") != null) {
            return MobsterRuntime.runSpare(app, Path.of(System.getProperty("mob.kingpin")));
        }
        if (args.length > 0 && args[0].equals("--mobster")) {
            if (args.length != 3) {
                throw new UsageException("--mobster takes a role and an index");
            }
            String kingpin = System.getProperty("mob.kingpin");
            if (kingpin == null) {
                throw new UsageException("--mobster is for processes started by the Kingpin");
            }
            return MobsterRuntime.run(app, args[1], Integer.parseInt(args[2]), Path.of(kingpin));
        }
        Map<String, Integer> workers = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println(usage(app));
                return 0;
            } else if (arg.equals("--workers") && i + 1 < args.length) {
                parseWorkers(app, args[++i], workers);
            } else if (arg.startsWith("--workers=")) {
                parseWorkers(app, arg.substring("--workers=".length()), workers);
            } else {
                throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        checkRelaunchable(app.mainClass());
        return new Kingpin(app.withWorkers(workers), Settings.fromSystemProperties()).run();
    }

    /**
     * The Kingpin starts mobsters as {@code java -cp <java.class.path> <main class>}, which only
     * works if the main class came from that class path: not under {@code mvn exec:java}, which
     * loads the app into Maven's own JVM.
     */
    static void checkRelaunchable(Class<?> main) {
        CodeSource source = main.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return;
        }
        Path where;
        try {
            where = Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return;
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty() && Path.of(entry).toAbsolutePath().normalize().equals(where)) {
                return;
            }
        }
        throw new UsageException(main.getName() + " was loaded from " + where + ", which is not on this JVM's "
                + "class path, so the Kingpin could not start mobsters from it. Run it in its own JVM: a runnable "
                + "jar, java -cp, or mvn exec:exec (not mvn exec:java, which runs inside Maven's JVM)");
    }

    /** {@code back=8} or {@code back=8,front=2}. */
    static void parseWorkers(AppSpec app, String spec, Map<String, Integer> into) {
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || !app.roles().containsKey(kv[0].trim())) {
                throw new UsageException("--workers wants role=N with a role of " + app.roles().keySet()
                        + ", got '" + part + "'");
            }
            int n;
            try {
                n = Integer.parseInt(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--workers " + part + ": '" + kv[1] + "' is not a number");
            }
            if (n < 1) {
                throw new UsageException("--workers " + part + ": a role needs at least 1 worker");
            }
            into.put(kv[0].trim(), n);
        }
    }

    static String usage(AppSpec app) {
        StringBuilder s = new StringBuilder("usage: java -cp <classpath> " + app.mainClass().getName()
                + " [--workers role=N[,role=N...]]...\n  roles:");
        app.roles().values().forEach(r -> s.append(' ').append(r.name()).append('=').append(r.workers()));
        s.append("\n  settings (-D on the Kingpin, passed to every mobster): mob.timeoutMs, mob.graceMs,")
                .append(" mob.maxFrameBytes, mob.callThreads, mob.mobsterJvmArgs");
        return s.toString();
    }

    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
