package dev.mob.runtime.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connection with batched writes: any thread may {@link #send}; frames queue and one task on
 * the event loop writes them all and flushes once, so a burst of small frames costs one syscall.
 * Frames sent before the connection is up wait in the queue.
 */
public final class Link {
    private static final AttributeKey<Link> KEY = AttributeKey.valueOf("mob.link");

    private final Channel channel;
    private final Queue<ByteBuf> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    private volatile Peer peer;

    /** Who is on the other end, known after the handshake. */
    public record Peer(long pid, String role, int index) {}

    private Link(Channel channel) {
        this.channel = channel;
        channel.closeFuture().addListener(f -> releaseQueued());
    }

    /** The link of {@code channel}, created on first use. */
    public static Link of(Channel channel) {
        Link link = channel.attr(KEY).get();
        if (link == null) {
            Link created = new Link(channel);
            link = channel.attr(KEY).setIfAbsent(created);
            if (link == null) {
                link = created;
            }
        }
        return link;
    }

    public Channel channel() {
        return channel;
    }

    public Peer peer() {
        return peer;
    }

    public void peer(Peer peer) {
        this.peer = peer;
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    public void send(ByteBuf frame) {
        if (!channel.isOpen()) {
            frame.release();
            return;
        }
        queue.add(frame);
        if (scheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(drain);
        }
    }

    /** Writes whatever is queued; called on the event loop, and again when a connect completes. */
    public void drain() {
        scheduled.set(false);
        if (!channel.isActive()) {
            if (!channel.isOpen()) {
                releaseQueued();
            }
            return;
        }
        ByteBuf frame;
        boolean wrote = false;
        while ((frame = queue.poll()) != null) {
            channel.write(frame, channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void releaseQueued() {
        ByteBuf frame;
        while ((frame = queue.poll()) != null) {
            frame.release();
        }
    }

    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        Peer p = peer;
        return p == null ? "link(unauthenticated)" : "link(" + p.role() + "#" + p.index() + " pid " + p.pid() + ")";
    }
}
