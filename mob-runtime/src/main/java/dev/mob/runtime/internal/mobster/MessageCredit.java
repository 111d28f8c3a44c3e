package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.internal.wire.Link;
import io.netty.util.AttributeKey;
import java.util.concurrent.TimeUnit;

/**
 * Flow control for messages on one link, in bytes, as HTTP/2 does for streams: a sender may have
 * at most {@code window} bytes of messages that the receiver has not yet handed to its handlers
 * (plus one message, so any message fits). The receiver returns credit with CREDIT frames as its
 * handlers consume. A sender out of credit waits, off the I/O threads, up to its send timeout.
 * Calls on the same link are not held back: they have their own bound (queued calls per worker).
 */
final class MessageCredit {
    private static final AttributeKey<MessageCredit> KEY = AttributeKey.valueOf("mob.messageCredit");

    private final Link link;
    private long available;

    private MessageCredit(Link link, long window) {
        this.link = link;
        this.available = window;
    }

    /** The sending credit of {@code link}, created with {@code window} on first use. */
    static MessageCredit of(Link link, long window) {
        MessageCredit credit = link.channel().attr(KEY).get();
        if (credit == null) {
            MessageCredit created = new MessageCredit(link, window);
            credit = link.channel().attr(KEY).setIfAbsent(created);
            if (credit == null) {
                credit = created;
            }
        }
        return credit;
    }

    /** The credit of {@code link} if any message was ever sent on it. */
    static MessageCredit existing(Link link) {
        return link.channel().attr(KEY).get();
    }

    /**
     * Takes {@code bytes} of credit, waiting up to {@code timeoutMillis} (0: not at all) while
     * there is none; false if there was none in time, or the link closed meanwhile.
     */
    synchronized boolean acquire(long bytes, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (available <= 0 && link.isOpen()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
        available -= bytes;
        return true;
    }

    /** The receiver consumed {@code bytes}. */
    synchronized void grant(long bytes) {
        available += bytes;
        notifyAll();
    }

    synchronized long available() {
        return available;
    }
}
