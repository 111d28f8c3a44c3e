package dev.mob.runtime;

/** A message received from another mobster. Immutable; safe to keep and to pass between threads. */
public interface Message {
    /** The pid of the sending mobster. */
    long fromPid();

    /** The role of the sending mobster. */
    String fromRole();

    /**
     * The payload decoded as {@code type}.
     *
     * @throws IllegalArgumentException if the JSON does not fit {@code type}
     */
    <T> T as(Class<T> type);

    /** The payload as JSON text. */
    String json();
}
