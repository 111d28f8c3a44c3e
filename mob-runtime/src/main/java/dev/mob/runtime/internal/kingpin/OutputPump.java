package dev.mob.runtime.internal.kingpin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/** Copies a child's stdout or stderr into the Kingpin's, one prefixed line at a time. */
final class OutputPump implements Runnable {
    private final InputStream in;
    private final PrintStream out;
    private final AtomicReference<String> prefix;

    private OutputPump(InputStream in, PrintStream out, AtomicReference<String> prefix) {
        this.in = in;
        this.out = out;
        this.prefix = prefix;
    }

    /** {@code prefix} may change while the child runs: a spare takes its slot's name. */
    static void start(InputStream in, PrintStream out, AtomicReference<String> prefix) {
        Thread thread = new Thread(new OutputPump(in, out, prefix), "mob-pump " + prefix.get());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                // One println per line keeps lines of different children from interleaving.
                out.println(prefix.get() + line);
            }
        } catch (IOException ignored) {
            // the child is gone; its exit is handled elsewhere
        }
    }
}
