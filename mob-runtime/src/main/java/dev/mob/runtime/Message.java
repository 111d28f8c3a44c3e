package dev.mob.runtime;

/** A message received from another mobster. Immutable; safe to keep and to pass between threads. */
public interface Message {
    /**
     * The id of the sending mobster, to answer it with {@code mob.pid(id)}: its pid on a single host;
     * in a cluster (several hosts), an id unique across hosts whose low 32 bits are its pid.
     */
    long fromPid();

    /** The role of the sending mobster. */
    String fromRole();

    /** The host of the sending mobster ({@code --host}); empty when the app runs on a single host. */
    default String fromHost() {
        return "";
    }

    /**
     * The payload decoded as {@code type}.
     *
     * @throws IllegalArgumentException if the JSON does not fit {@code type}
     */
    <T> T as(Class<T> type);

    /** The payload as JSON text. */
    String json();
}
