package dev.mob.runtime.internal;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT handling. Handling the signals ourselves, rather than in a shutdown hook,
 * lets the Kingpin drain, exit 0, and treat a second signal as "force".
 */
public final class Signals {
    private Signals() {}

    public static void onStop(Runnable action) {
        Signal.handle(new Signal("TERM"), s -> action.run());
        Signal.handle(new Signal("INT"), s -> action.run());
    }

    /** SIGHUP to the Kingpin: a rolling reload. */
    public static void onHangup(Runnable action) {
        Signal.handle(new Signal("HUP"), s -> action.run());
    }

    /** Mobsters ignore Ctrl-C (sent to the whole process group): the Kingpin drains them instead. */
    public static void ignoreInterrupt() {
        Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
    }

    /** SIGTERM sent to one mobster makes it drain and exit like a stop from the Kingpin. */
    public static void onTerminate(Runnable action) {
        Signal.handle(new Signal("TERM"), s -> action.run());
    }
}
