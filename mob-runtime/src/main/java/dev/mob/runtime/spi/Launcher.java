package dev.mob.runtime.spi;

import dev.mob.runtime.internal.Main;

/** The entry point that the generated {@code MobMain.main} calls. */
public final class Launcher {
    private Launcher() {}

    /**
     * Runs the Kingpin, or a mobster when started by the Kingpin, and ends the JVM with the exit
     * code: 0 after a clean stop, 1 after a forced one, 2 for a bad command line.
     */
    public static void main(AppSpec app, String[] args) {
        Main.main(app, args);
    }
}
