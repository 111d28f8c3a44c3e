package dev.mob.runtime.internal;

/** One mobster as the directory lists it. */
public record Member(long pid, String role, int index, String endpoint, State state) {
    public enum State {
        STARTING,
        READY,
        DRAINING
    }

    public String label() {
        return role + "#" + index + " (pid " + pid + ")";
    }
}
