package dev.mob.runtime;

/**
 * Optional lifecycle of a role instance.
 *
 * <p>{@link #start()} runs once the mobster is connected and reported ready; the process counts as
 * healthy when it returns, and a {@code start} that throws makes the process exit (and be revived).
 * {@link #stop()} runs once on shutdown, after calls in flight have finished or the grace period
 * has passed. Both run on the mobster's main thread.
 */
public interface Mobster {
    default void start() throws Exception {}

    default void stop() throws Exception {}
}
