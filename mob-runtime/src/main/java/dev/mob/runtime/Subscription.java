package dev.mob.runtime;

/** A message handler registration; {@link #close()} removes the handler. */
public interface Subscription extends AutoCloseable {
    /** Removes the handler. Idempotent. */
    @Override
    void close();
}
