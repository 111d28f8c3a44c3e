package dev.mob.runtime.internal;

/** One mobster as the directory lists it. {@code restarts} counts revivals of its slot so far. */
public record Member(long pid, String role, int index, String endpoint, State state, int restarts) {
    public enum State {
        STARTING,
        READY,
        DRAINING
    }

    public String label() {
        return role + "#" + index + " (pid " + pid + ")";
    }
}
