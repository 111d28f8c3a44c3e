package dev.mob.runtime;

/** A destination for messages: see {@link Mob#all}, {@link Mob#any} and {@link Mob#pid}. */
public interface Target {
    /**
     * Serializes {@code msg} to JSON and queues it for delivery. Flow control: while a receiver
     * already has {@code mob.messageWindowBytes} of this sender's messages waiting for its handlers,
     * this waits (never on an I/O thread, and not at all on the message thread) up to
     * {@code mob.sendTimeoutMs}.
     *
     * @throws PayloadTooLargeException if the JSON exceeds the maximum frame size
     * @throws MobOverloadedException if a receiver stayed full; it names the ones that did not get it
     * @throws MobsterLostException for {@code pid(p)} when no mobster has that pid
     * @throws MobException for {@code any(role)} when the role has no ready worker
     */
    void send(Object msg);
}
