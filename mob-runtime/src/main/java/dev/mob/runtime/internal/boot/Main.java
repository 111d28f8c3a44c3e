package dev.mob.runtime.internal.boot;

import dev.mob.runtime.internal.Setting;
import dev.mob.runtime.internal.Settings;
import dev.mob.runtime.internal.cluster.ClusterConfig;
import dev.mob.runtime.internal.kingpin.Kingpin;
import dev.mob.runtime.internal.kingpin.KingpinOptions;
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
        if (args.length > 0 && COMMANDS.contains(args[0])) {
            return command(app, args);
        }
        Map<String, Integer> workers = new LinkedHashMap<>();
        Map<String, Long> maxMemory = new LinkedHashMap<>();
        int metricsPort = 0;
        String instance = "default";
        Boolean exitWithParent = null;
        boolean allowGuests = false;
        boolean instanceGiven = false;
        ClusterFlags clusterFlags = ClusterFlags.fromEnvironment(System.getenv());
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String flag = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = arg.contains("=") && arg.startsWith("--") ? arg.substring(arg.indexOf('=') + 1) : null;
            switch (flag) {
                case "-h", "--help" -> {
                    System.out.println(usage(app));
                    return 0;
                }
                case "--instance" -> {
                    instance = instanceName(inline != null ? inline : value(args, ++i, flag));
                    instanceGiven = true;
                }
                case "--cluster", "--host", "--host-id", "--advertise", "--roles", "--tls-cert", "--tls-key", "--tls-ca",
                        "--nats-creds" -> clusterFlags.set(flag, inline != null ? inline : value(args, ++i, flag));
                case "--insecure-cluster" -> clusterFlags.set(flag, "true");
                case "--workers" -> parseWorkers(app, inline != null ? inline : value(args, ++i, flag), workers);
                case "--max-memory" -> parseMemory(app, inline != null ? inline : value(args, ++i, flag), maxMemory);
                case "--exit-with-parent" -> exitWithParent = true;
                case "--no-exit-with-parent" -> exitWithParent = false;
                case "--allow-guests" -> allowGuests = true;
                case "--metrics-port" -> metricsPort = port(inline != null ? inline : value(args, ++i, flag));
                default -> throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        Settings settings;
        try {
            settings = Settings.fromSystemProperties();
        } catch (NumberFormatException e) {
            throw new UsageException("a -Dmob.* setting is not a number: " + e.getMessage());
        }
        ClusterConfig cluster = clusterFlags.toConfig(app);
        if (cluster != null) {
            try {
                dev.mob.runtime.internal.cluster.ClusterProvider.load();
            } catch (IllegalStateException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (cluster != null && !instanceGiven) {
            // Several simulated hosts on one machine each need a lock of their own.
            instance = ClusterFlags.instanceFor(cluster.host());
        }
        checkRelaunchable(app.mainClass());
        return new Kingpin(app.withWorkers(workers), settings, new KingpinOptions(instance, maxMemory,
                exitWithParent != null ? exitWithParent : startedByMaven(), allowGuests, metricsPort, cluster)).run();
    }

    /** Whether our parent is Maven (mvn exec:exec): killing it must not leave the app running. */
    static boolean startedByMaven() {
        return ProcessHandle.current().parent().flatMap(p -> p.info().commandLine())
                .map(c -> c.contains("org.codehaus.plexus.classworlds") || c.contains("maven")).orElse(false);
    }

    static final java.util.Set<String> COMMANDS = java.util.Set.of("status", "scale", "reload", "stop");

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException("--metrics-port wants a TCP port (1-65535), got '" + text + "'");
        }
    }

    /**
     * {@code status [--json]}, {@code scale ROLE=N[,ROLE=N]}, {@code reload [ROLE]}, {@code stop}:
     * sent to the running Kingpin of this app (and {@code --instance}). Exit 0 on success, 1 on
     * failure or when no Kingpin runs, 2 on a bad command line.
     */
    @SuppressWarnings("unchecked")
    static int command(AppSpec app, String[] args) throws Exception {
        String name = args[0];
        String instance = "default";
        boolean json = false;
        Map<String, Object> request = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--json") && name.equals("status")) {
                json = true;
            } else if (arg.equals("--instance") && i + 1 < args.length) {
                instance = instanceName(args[++i]);
            } else if (arg.startsWith("--instance=")) {
                instance = instanceName(arg.substring("--instance=".length()));
            } else if (name.equals("scale") && !arg.startsWith("-")) {
                Map<String, Integer> counts = new LinkedHashMap<>();
                parseCounts(app, arg, counts, "scale", 0);
                request.putAll(counts);
            } else if (name.equals("reload") && !arg.startsWith("-") && !request.containsKey("role")) {
                if (!app.roles().containsKey(arg)) {
                    throw new UsageException("reload: app '" + app.name() + "' has no role '" + arg + "'; roles: "
                            + app.roles().keySet());
                }
                request.put("role", arg);
            } else {
                throw new UsageException(name + ": unexpected argument '" + arg + "'");
            }
        }
        if (name.equals("scale") && request.isEmpty()) {
            throw new UsageException("scale wants ROLE=N[,ROLE=N], e.g. scale " + app.roles().keySet().iterator().next() + "=2");
        }
        Map<String, Object> answer;
        try {
            answer = dev.mob.runtime.internal.kingpin.ControlClient.send(app.name(), instance, name, request);
        } catch (dev.mob.runtime.internal.kingpin.ControlClient.NotRunning e) {
            System.err.println("mob: " + e.getMessage());
            return 1;
        }
        boolean ok = Boolean.TRUE.equals(answer.get("ok"));
        if (ok && name.equals("stop")) {
            System.out.println(answer.get("text"));
            answer = Map.of("ok", true, "text", dev.mob.runtime.internal.kingpin.ControlClient.awaitStopped(app.name(),
                    instance, java.time.Duration.ofMinutes(5)) ? "stopped" : "still stopping after 5 minutes");
        }
        if (json && answer.get("json") != null) {
            System.out.println(new String(dev.mob.runtime.internal.Json.writeProtocol(answer.get("json")),
                    java.nio.charset.StandardCharsets.UTF_8));
        } else {
            (ok ? System.out : System.err).println((ok ? "" : "mob: ") + answer.get("text"));
        }
        return ok ? 0 : 1;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new UsageException(flag + " needs a value");
        }
        return args[i];
    }

    /** {@code back=512m} or {@code back=512m,front=1g}: a size in bytes, k, m or g. */
    static void parseMemory(AppSpec app, String spec, Map<String, Long> into) {
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || !app.roles().containsKey(kv[0].trim())) {
                throw new UsageException("--max-memory wants role=SIZE with a role of " + app.roles().keySet()
                        + ", got '" + part + "'");
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)(\\d+)([kmg]?)").matcher(kv[1].trim());
            if (!m.matches()) {
                throw new UsageException("--max-memory " + part + ": '" + kv[1] + "' is not a size like 512m or 2g");
            }
            long n = Long.parseLong(m.group(1));
            int shift = switch (m.group(2).toLowerCase()) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                default -> 0;
            };
            into.put(kv[0].trim(), n << shift);
        }
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

    static String instanceName(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,31}")) {
            throw new UsageException("--instance wants a name of letters, digits, '_' and '-', got '" + name + "'");
        }
        return name;
    }

    /** {@code back=8} or {@code back=8,front=2}. */
    static void parseWorkers(AppSpec app, String spec, Map<String, Integer> into) {
        parseCounts(app, spec, into, "--workers", 1);
    }

    static void parseCounts(AppSpec app, String spec, Map<String, Integer> into, String what, int min) {
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || !app.roles().containsKey(kv[0].trim())) {
                throw new UsageException(what + " wants role=N with a role of " + app.roles().keySet()
                        + ", got '" + part + "'");
            }
            int n;
            try {
                n = Integer.parseInt(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new UsageException(what + " " + part + ": '" + kv[1] + "' is not a number");
            }
            if (n < min) {
                throw new UsageException(what + " " + part + ": at least " + min + " worker" + (min == 1 ? "" : "s"));
            }
            into.put(kv[0].trim(), n);
        }
    }

    /** The usage text: flags, this app's roles, every -Dmob setting from {@link Setting}, exit codes. */
    static String usage(AppSpec app) {
        String jar = runningFromJar(app.mainClass());
        String run = jar != null ? "java -jar " + jar : "java -cp <classpath> " + app.mainClass().getName();
        StringBuilder s = new StringBuilder("usage: ").append(run)
                .append(" [options]\n\nStarts app '").append(app.name()).append("': its Kingpin, which runs every worker.\n")
                .append("\ncommands, to the running app (add --instance NAME for another copy):\n")
                .append("  ").append(run).append(" status [--json]     workers, their state, memory, CPU, calls\n")
                .append("  ").append(run).append(" scale ROLE=N[,...]  change worker counts (removed workers drain first)\n")
                .append("  ").append(run).append(" reload [ROLE]       rolling restart with the code now at the class path\n")
                .append("  ").append(run).append(" stop                like SIGTERM\n")
                .append("\noptions:\n")
                .append("  --workers ROLE=N[,ROLE=N]      worker counts (now:");
        app.roles().values().forEach(r -> s.append(' ').append(r.name()).append('=').append(r.workers()));
        s.append(")\n")
                .append("  --max-memory ROLE=SIZE[,...]   drain and restart a worker whose memory (RSS) passes SIZE (512m, 2g)\n")
                .append("  --instance NAME                run another copy of the app under its own name\n")
                .append("  --exit-with-parent             stop when the process that started it exits (default when Maven did)\n")
                .append("  --no-exit-with-parent          keep running after it\n")
                .append("  --allow-guests                 let a test of this user call the roles (mob-test)\n")
                .append("  --metrics-port PORT            serve Prometheus metrics at http://127.0.0.1:PORT/metrics\n")
                .append("\nseveral hosts (each flag also as an environment variable: MOB_CLUSTER, MOB_HOST, ...):\n")
                .append("  --cluster nats://HOST:PORT     join the app's other hosts through this NATS server (needs mob-cluster)\n")
                .append("  --host NAME                    this host's name in the cluster (default: the hostname)\n")
                .append("  --advertise ADDR               the address other hosts dial; mobsters listen on it\n")
                .append("  --roles ROLE[,ROLE]            the roles this host runs (default: all)\n")
                .append("  --tls-cert FILE                this host's certificate chain (PEM), signed by the cluster CA\n")
                .append("  --tls-key FILE                 its private key (PKCS#8 PEM)\n")
                .append("  --tls-ca FILE                  the cluster CA (PEM): only hosts with a certificate it signed connect\n")
                .append("  --nats-creds FILE              NATS credentials file (user/password: nats://USER:PASS@HOST:PORT)\n")
                .append("  --host-id N                    this host's number in mobster ids, 1-32767 (default: from its name)\n")
                .append("  --insecure-cluster             plain TCP between hosts: loopback tests only\n")
                .append("  -h, --help                     this text\n")
                .append("\nsettings (-Dmob.NAME=VALUE before the class or -jar; every mobster gets them):\n");
        for (Setting setting : Setting.values()) {
            s.append(String.format("  %-24s %-10s %s%n", setting.property(),
                    setting.defaultValue().length() > 10 ? "" : setting.defaultValue(), setting.meaning()));
        }
        s.append("\nexit codes: 0 stopped cleanly; 1 stop forced (calls cut off at the end of the grace period, or a\n")
                .append("second signal); 2 bad command line; 3 this app (and instance) is already running for this user");
        return s.toString();
    }

    /** The jar the app runs from when started with {@code java -jar}, else null. */
    private static String runningFromJar(Class<?> main) {
        String classPath = System.getProperty("java.class.path", "");
        String command = System.getProperty("sun.java.command", "");
        if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar") && command.startsWith(classPath)) {
            return classPath;
        }
        return null;
    }

    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
