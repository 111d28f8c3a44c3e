package dev.mob.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A {@code nats-server} for tests of an app over several hosts: started on a free loopback port,
 * restartable on the same port (to test an outage of the control plane), killed by its handle on
 * {@link #close()}. The binary comes from {@code $NATS_SERVER}, the {@code PATH}, or
 * {@code /usr/sbin} (Debian's {@code apt-get install nats-server}); without it, {@link #start()}
 * fails and says how to get it: a test never skips silently.
 */
public final class NatsServer implements AutoCloseable {
    private final Path binary;
    private final int port;
    /** With TLS: the server's certificate chain, key and the CA its clients' certificates must come from. */
    private final TestCertificates.Host tls;
    /** {@code user:password} clients must give, or null. */
    private final String userInfo;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process process;

    private NatsServer(Path binary, int port, TestCertificates.Host tls, String userInfo) {
        this.binary = binary;
        this.port = port;
        this.tls = tls;
        this.userInfo = userInfo;
    }

    /** Starts one that requires {@code user} and {@code password}; its {@link #url()} carries them. */
    public static NatsServer startWithUser(String user, String password) {
        NatsServer nats = new NatsServer(binary(), freePort(), null, user + ":" + password);
        nats.launch();
        return nats;
    }

    /** Starts one on a free port of 127.0.0.1 and waits until it accepts clients. */
    public static NatsServer start() {
        NatsServer server = new NatsServer(binary(), freePort(), null, null);
        server.launch();
        return server;
    }

    /**
     * Starts one that speaks only TLS, presents {@code server}'s certificate (issue it for
     * 127.0.0.1) and requires clients to present one from the same CA; its {@link #url()} is
     * {@code tls://127.0.0.1:PORT}.
     */
    public static NatsServer startTls(TestCertificates.Host server) {
        NatsServer nats = new NatsServer(binary(), freePort(), server, null);
        nats.launch();
        return nats;
    }

    /** The binary, or an AssertionError that says how to install it. */
    public static Path binary() {
        String env = System.getenv("NATS_SERVER");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return Path.of(env);
        }
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/bin:/usr/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "nats-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("nats-server is not installed: run 'sudo apt-get install -y nats-server' (Debian, "
                + "Ubuntu), or put the binary from https://github.com/nats-io/nats-server/releases on the PATH, or "
                + "set NATS_SERVER to it. The README's test command installs it when it runs as root.");
    }

    /** {@code nats://127.0.0.1:PORT}, or {@code tls://...} for a server started with {@link #startTls}. */
    public String url() {
        return (tls == null ? "nats://" : "tls://") + (userInfo == null ? "" : userInfo + "@") + "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** What the server printed, for a failing test's message. */
    public List<String> output() {
        return List.copyOf(output);
    }

    /** Kills it (SIGKILL, as a crash) and waits until it is gone. */
    public void stop() {
        if (process != null) {
            process.toHandle().destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Starts it again on the same port. */
    public void restart() {
        stop();
        launch();
    }

    private void launch() {
        try {
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(binary.toString(), "-a",
                    "127.0.0.1", "-p", Integer.toString(port)));
            if (userInfo != null) {
                command.addAll(java.util.List.of("--user", userInfo.substring(0, userInfo.indexOf(':')), "--pass",
                        userInfo.substring(userInfo.indexOf(':') + 1)));
            }
            if (tls != null) {
                command.addAll(java.util.List.of("--tls", "--tlscert", tls.cert().toString(), "--tlskey",
                        tls.key().toString(), "--tlscacert", tls.ca().toString(), "--tlsverify"));
            }
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        Process started = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(started.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // it exited
            }
        }, "nats-server-output");
        reader.setDaemon(true);
        reader.start();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            if (!started.isAlive()) {
                throw new AssertionError("nats-server exited with code " + started.exitValue() + ":\n"
                        + String.join("\n", output));
            }
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20); // polling a port, bounded above
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
        throw new AssertionError("nats-server did not accept connections on port " + port + " within 30 s:\n"
                + String.join("\n", output));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
