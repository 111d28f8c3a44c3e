package dev.mob.runtime.internal.kingpin;

import dev.mob.runtime.internal.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A command's side of the control socket: finds the running Kingpin of the app (and instance) of
 * this user through its lock file, sends one request, returns the answer.
 */
public final class ControlClient {
    private ControlClient() {}

    /** No Kingpin of that app runs for this user. */
    public static final class NotRunning extends Exception {
        private static final long serialVersionUID = 1L;

        NotRunning(String message) {
            super(message);
        }
    }

    /** Waits until the Kingpin of {@code app} has exited (its lock is free); false after {@code timeout}. */
    public static boolean awaitStopped(String app, String instance, java.time.Duration timeout) throws InterruptedException {
        Path lock = InstanceLock.file(RunDir.base(), app, instance);
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!Files.exists(lock) || InstanceLock.isFree(lock)) {
                return true;
            }
            Thread.sleep(100); // polling the lock, bounded
        }
        return false;
    }

    /** Sends {@code command} with {@code args}; the answer has "ok", "text" and maybe "json". */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> send(String app, String instance, String command, Map<String, Object> args)
            throws NotRunning, IOException {
        Path lock = InstanceLock.file(RunDir.base(), app, instance);
        String holder = Files.exists(lock) ? Files.readString(lock) : "";
        String runDir = holder.lines().filter(l -> l.startsWith("runDir=")).map(l -> l.substring(7)).findFirst()
                .orElse(null);
        Path socket = runDir == null ? null : Path.of(runDir, ControlServer.SOCKET);
        if (socket == null || !Files.exists(socket) || InstanceLock.isFree(lock)) {
            throw new NotRunning("no Kingpin of app '" + app + "'" + (instance.equals("default") ? "" : " instance '"
                    + instance + "'") + " is running for this user");
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(channel);
            out.write(Json.writeProtocol(Map.of("command", command, "args", args)));
            out.write('\n');
            out.flush();
            String line = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IOException("the Kingpin closed the control connection without an answer");
            }
            return Json.readProtocol(line.getBytes(StandardCharsets.UTF_8), Map.class);
        } catch (java.net.SocketException e) {
            throw new NotRunning("the Kingpin of app '" + app + "' does not answer on " + socket + " (" + e.getMessage()
                    + "); it may have just stopped");
        }
    }
}
