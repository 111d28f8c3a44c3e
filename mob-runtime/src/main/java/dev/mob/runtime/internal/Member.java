package dev.mob.runtime.internal;

/** One mobster as the directory lists it. */
public record Member(long pid, String role, int index, String endpoint, State state) {
    /** The role name a spare process gives in its handshake until it is assigned a real one. */
    public static final String SPARE_ROLE = "~spare";
    /** The role name of a guest: a test's JVM that calls the app's roles from outside (mob-test). */
    public static final String GUEST_ROLE = "~guest";

    public enum State {
        STARTING,
        READY,
        DRAINING
    }

    public String label() {
        return role + "#" + index + " (pid " + pid + ")";
    }
}
