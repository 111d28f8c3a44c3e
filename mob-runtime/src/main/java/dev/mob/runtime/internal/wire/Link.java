package dev.mob.runtime.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.AttributeKey;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import dev.mob.runtime.internal.Log;

/**
 * One connection with batched writes: any thread may {@link #send}; frames queue and a task on
 * the event loop writes them, flushing every {@value #FLUSH_EVERY} frames and at the end. A task
 * never writes more than {@value #MAX_PER_TASK} frames: if producers keep adding, it reschedules
 * itself, so reads on the same event loop are never starved. Frames sent before the connection is
 * up wait in the queue.
 *
 * <p>Nothing is dropped silently: a frame given with an {@link Undelivered} listener that is not
 * written (the link closed first, or the write failed) is reported to it, so the call it carried
 * can go elsewhere as "not run" instead of waiting for its deadline. A failed write closes the link.
 */
public final class Link {
    private static final Logger log = Log.get(Link.class);
    private static final AttributeKey<Link> KEY = AttributeKey.valueOf("mob.link");
    static final int FLUSH_EVERY = 128;
    static final int MAX_PER_TASK = 1024;

    /** Told when a frame it was given with was not written; called on the event loop or the sender. */
    @FunctionalInterface
    public interface Undelivered {
        void undelivered(Link link);
    }

    private record Tracked(ByteBuf frame, Undelivered listener) {}

    private final Channel channel;
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Bytes queued here, not yet handed to the channel. */
    private final java.util.concurrent.atomic.AtomicLong queuedBytes = new java.util.concurrent.atomic.AtomicLong();
    /** Past this many bytes waiting to be written, a link is {@linkplain #backedUp() backed up}. */
    public static final long BACKLOG_LIMIT = 4 << 20;
    private final Runnable drain = this::drain;
    private volatile Peer peer;

    /** Who is on the other end, known after the handshake. */
    public record Peer(long pid, String role, int index) {}

    private Link(Channel channel) {
        this.channel = channel;
        channel.closeFuture().addListener(f -> failQueued());
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

    /** The authenticated peer, or null before the handshake completed. */
    public Peer peer() {
        return peer;
    }

    /** Set once, by the handshake. */
    void authenticated(Peer peer) {
        this.peer = peer;
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Queues {@code frame}, which the link now owns. */
    public void send(ByteBuf frame) {
        enqueue(frame);
    }

    /** Queues {@code frame}; {@code listener} hears if it is never written. */
    public void send(ByteBuf frame, Undelivered listener) {
        enqueue(new Tracked(frame, listener));
    }

    private static ByteBuf bytesOf(Object item) {
        return item instanceof Tracked t ? t.frame() : (ByteBuf) item;
    }

    /** Bytes waiting to be written: queued here, and in the channel's outbound buffer. */
    public long pendingBytes() {
        var outbound = channel.unsafe().outboundBuffer();
        return queuedBytes.get() + (outbound == null ? 0 : outbound.totalPendingWriteBytes());
    }

    /**
     * Whether more than {@link #BACKLOG_LIMIT} bytes wait to be written (the peer reads slower than
     * we write): calls then go to another worker, or fail as overloaded, instead of piling up here.
     */
    public boolean backedUp() {
        return pendingBytes() > BACKLOG_LIMIT;
    }

    private void enqueue(Object item) {
        queuedBytes.addAndGet(bytesOf(item).readableBytes()); // every path below takes it off once
        if (!channel.isOpen()) {
            fail(item);
            return;
        }
        queue.add(item);
        if (!channel.isOpen()) {
            failQueued(); // closed while we added: the close listener may have run already
            return;
        }
        if (scheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(drain);
        }
    }

    /** Writes what is queued; runs on the event loop, and again when a connect completes. */
    public void drain() {
        scheduled.set(false);
        if (!channel.isActive()) {
            if (!channel.isOpen()) {
                failQueued();
            }
            return;
        }
        int written = 0;
        try {
            Object item;
            while (written < MAX_PER_TASK && (item = queue.poll()) != null) {
                write(item);
                if (++written % FLUSH_EVERY == 0) {
                    channel.flush();
                }
            }
        } finally {
            if (written % FLUSH_EVERY != 0) {
                channel.flush();
            }
            if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
                channel.eventLoop().execute(drain); // after the reads already queued on this loop
            }
        }
    }

    private void write(Object item) {
        queuedBytes.addAndGet(-bytesOf(item).readableBytes());
        if (item instanceof Tracked t) {
            channel.write(t.frame()).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    onWriteFailed(f);
                    t.listener().undelivered(this);
                }
            });
        } else {
            // A failed untracked write fires exceptionCaught, and FrameHandler closes the link.
            channel.write(item, channel.voidPromise());
        }
    }

    private void onWriteFailed(ChannelFuture f) {
        if (channel.isOpen()) {
            log.debug("{}: write failed, closing: {}", this, String.valueOf(f.cause()));
            channel.close();
        }
    }

    private void failQueued() {
        Object item;
        while ((item = queue.poll()) != null) {
            fail(item);
        }
    }

    private void fail(Object item) {
        queuedBytes.addAndGet(-bytesOf(item).readableBytes());
        if (item instanceof Tracked t) {
            t.frame().release();
            t.listener().undelivered(this);
        } else {
            ((ByteBuf) item).release();
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
