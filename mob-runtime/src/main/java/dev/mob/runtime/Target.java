package dev.mob.runtime;

/** A destination for messages: see {@link Mob#all}, {@link Mob#any} and {@link Mob#pid}. */
public interface Target {
    /**
     * Serializes {@code msg} to JSON and queues it for delivery; never blocks. A message to a
     * process that is gone, or to a role with no ready worker, is dropped with a debug log line.
     *
     * @throws PayloadTooLargeException if the JSON exceeds the maximum frame size
     */
    void send(Object msg);
}
