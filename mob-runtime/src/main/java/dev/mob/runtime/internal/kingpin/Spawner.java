package dev.mob.runtime.internal.kingpin;

import dev.mob.runtime.spi.AppSpec;
import dev.mob.runtime.spi.RoleSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts mobster processes: the same java binary, class path and main class as the Kingpin, the
 * role's JVM flags, and the secret written to the child's stdin, which then stays open so the
 * child sees EOF within milliseconds of the Kingpin's death, even by SIGKILL.
 */
final class Spawner {
    private static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    private final AppSpec app;
    private final Path kingpinSocket;
    private final String secret;
    private final ClassDataArchive archive;

    private final long defaultHeapMb;

    /** JVM flags every mobster gets from the Kingpin's command line (the cluster's, say). */
    private final List<String> extraJvmArgs;

    Spawner(AppSpec app, Path kingpinSocket, String secret, List<String> extraJvmArgs) {
        this.app = app;
        this.extraJvmArgs = List.copyOf(extraJvmArgs);
        this.defaultHeapMb = defaultHeapMb(app);
        this.kingpinSocket = kingpinSocket;
        this.secret = secret;
        // Mobsters of a cluster host load more (TLS, TCP): they get an archive of their own.
        this.archive = ClassDataArchive.forThisRun(app.mainClass().getName(), String.join(" ",
                this.extraJvmArgs.stream().filter(a -> a.startsWith("-Dmob.cluster.insecure=")).toList()));
    }

    /** A started child and the prefix of its output lines, which changes when a spare is assigned. */
    record Child(Process process, AtomicReference<String> prefix) {
        void rename(String app, String label) {
            prefix.set("[" + app + " " + label + " " + process.pid() + "] ");
        }
    }

    /**
     * The heap cap of a mobster that sets none: half the machine's memory shared by all the app's
     * workers and the spare, at least 64 MiB, so that together they cannot exhaust the machine
     * (the JVM's own default, a quarter of the machine for each, lets six mobsters take 150%).
     */
    static long defaultHeapMb(AppSpec app) {
        long total = physicalMemoryBytes();
        int processes = app.roles().values().stream().mapToInt(r -> r.workers()).sum() + 1;
        return Math.max(64, total / 2 / processes / (1 << 20));
    }

    private static long physicalMemoryBytes() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory() * 4; // the JVM's default heap is a quarter of it
    }

    /** The command for {@code role#index}, or for a spare when {@code role} is null. */
    List<String> command(RoleSpec<?, ?> role, int index) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : dev.mob.runtime.internal.Setting.MOBSTER_JVM_ARGS.value().trim().split("\\s+")) {
            if (!arg.isEmpty()) {
                command.add(arg);
            }
        }
        if (archive != null) {
            command.addAll(archive.flags());
        }
        if (Runtime.version().feature() >= 22) {
            // Netty loads its epoll library through System.loadLibrary; say so, instead of a warning.
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        // Pass on the Kingpin's own -Dmob.* settings (timeouts, frame limit, ...).
        for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
            String key = e.getKey().toString();
            if (key.startsWith("mob.") && !key.equals("mob.mobsterJvmArgs")) {
                command.add("-D" + key + "=" + e.getValue());
            }
        }
        if (role != null) {
            command.addAll(role.jvmArgs());
        }
        if (command.stream().noneMatch(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxRAM")
                || a.startsWith("-XX:MaxHeapSize"))) {
            command.add("-Xmx" + defaultHeapMb + "m");
        }
        if (command.stream().noneMatch(a -> a.startsWith("-D" + LEAK_DETECTION + "="))) {
            // Netty samples 1 buffer in 128 and records a stack trace for each: a few % of a busy
            // worker's CPU, for buffers only mob's runtime handles. Tests run with it on.
            command.add("-D" + LEAK_DETECTION + "=disabled");
        }
        command.addAll(extraJvmArgs);
        command.add("-Dmob.kingpin=" + kingpinSocket);
        command.add("-Dmob.appName=" + app.name());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(app.mainClass().getName());
        if (role == null) {
            command.add("--spare");
        } else {
            command.add("--mobster");
            command.add(role.name());
            command.add(Integer.toString(index));
        }
        return command;
    }

    /** Call when a child has exited, before the Kingpin may exit: it may have recorded the archive. */
    void exited(Process process) {
        if (archive != null) {
            archive.exited(process);
        }
    }

    Child spawn(RoleSpec<?, ?> role, int index) throws IOException {
        Process process = new ProcessBuilder(command(role, index)).start();
        if (archive != null) {
            archive.started(process);
        }
        Child child = new Child(process, new AtomicReference<>());
        child.rename(app.name(), role == null ? "spare" : role.name() + "#" + index);
        OutputPump.start(process.getInputStream(), System.out, child.prefix());
        OutputPump.start(process.getErrorStream(), System.err, child.prefix());
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.write((secret + "\n").getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
        } catch (IOException e) {
            process.destroyForcibly(); // not ours to keep: nobody would watch or stop it
            throw e;
        }
        return child;
    }
}
