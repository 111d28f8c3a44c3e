package dev.mob.runtime.spi;

import dev.mob.runtime.internal.Main;

/** The entry point that the generated {@code MobMain.main} calls. */
public final class Launcher {
    private Launcher() {}

    /**
     * Runs the Kingpin, or a mobster when started by the Kingpin. Returns only in tests; in a
     * real run it ends with {@code System.exit}.
     */
    public static void main(AppSpec app, String[] args) {
        Main.main(app, args);
    }
}
