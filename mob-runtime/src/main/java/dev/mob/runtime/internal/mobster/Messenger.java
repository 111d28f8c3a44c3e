package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.Message;
import dev.mob.runtime.MobException;
import dev.mob.runtime.MobOverloadedException;
import dev.mob.runtime.MobsterLostException;
import dev.mob.runtime.Subscription;
import dev.mob.runtime.Target;
import dev.mob.runtime.internal.Json;
import dev.mob.runtime.internal.JsonMessage;
import dev.mob.runtime.internal.Member;
import dev.mob.runtime.internal.wire.Frame;
import dev.mob.runtime.internal.wire.FrameCodec;
import dev.mob.runtime.internal.wire.Link;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import dev.mob.runtime.internal.Log;

/**
 * Messages between mobsters, sent directly over the same connections as calls: one connection per
 * sender and receiver keeps them in order. Received messages run on one dispatch thread.
 */
final class Messenger {
    private static final Logger log = Log.get(Messenger.class);

    private final DirectoryHolder directory;
    private final PeerLinks links;
    private final long selfPid;
    private final int maxFrameBytes;
    private final Executor dispatch;
    private final List<Consumer<Message>> handlers = new CopyOnWriteArrayList<>();
    private final Queue<MessageImpl> inbox = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger inboxSize = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Runnable drain = this::drainInbox;

    private final long windowBytes;
    private final long sendTimeoutMillis;
    private final java.util.concurrent.atomic.AtomicLong undelivered = new java.util.concurrent.atomic.AtomicLong();

    Messenger(DirectoryHolder directory, PeerLinks links, long selfPid, int maxFrameBytes, long windowBytes,
            long sendTimeoutMillis, Executor dispatch) {
        this.directory = directory;
        this.links = links;
        this.windowBytes = windowBytes;
        this.sendTimeoutMillis = sendTimeoutMillis;
        this.selfPid = selfPid;
        this.maxFrameBytes = maxFrameBytes;
        this.dispatch = dispatch;
    }

    void sendToAllOthers(Object msg) {
        send(msg, directory.get().members().stream()
                .filter(m -> m.pid() != selfPid && m.state() != Member.State.STARTING).toList());
    }

    Target all(String role) {
        return msg -> send(msg, directory.get().ready(role).stream().filter(m -> m.pid() != selfPid).toList());
    }

    Target any(String role) {
        return msg -> {
            Directory d = directory.get();
            List<Member> ready = d.readyHere(role).isEmpty() ? d.readyElsewhere(role) : d.readyHere(role);
            if (ready.isEmpty()) {
                undelivered.incrementAndGet();
                throw new MobException("no worker of role '" + role + "' is ready (" + directory.get().restarts(role)
                        + " restarts so far); the message was not sent");
            }
            send(msg, List.of(ready.get(ThreadLocalRandom.current().nextInt(ready.size()))));
        };
    }

    Target pid(long pid) {
        return msg -> {
            Member member = directory.get().member(pid);
            if (member == null) {
                undelivered.incrementAndGet();
                throw new MobsterLostException("?", pid, "no mobster has pid " + pid
                        + " (it exited, or never was one of this app); the message was not sent");
            }
            send(msg, List.of(member));
        };
    }

    /**
     * Sends to each of {@code to}, waiting (off the I/O and message threads) while a receiver's
     * window is full. Throws if any receiver did not get it, naming those.
     */
    private void send(Object msg, List<Member> to) {
        byte[] json = Json.write(msg);
        ByteBuf frame = FrameCodec.encode(ByteBufAllocator.DEFAULT, maxFrameBytes, Frame.MESSAGE, 0, "", json,
                "the message");
        long wait = mayBlock() ? sendTimeoutMillis : 0;
        List<String> full = new ArrayList<>();
        try {
            for (Member member : to) {
                PeerLink peer = links.to(member);
                MessageCredit credit = MessageCredit.of(peer.link, windowBytes);
                boolean granted;
                try {
                    granted = credit.acquire(json.length, wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    granted = false;
                }
                if (granted) {
                    sent.incrementAndGet();
                    peer.link.send(frame.retainedDuplicate(), this::onUndelivered);
                } else {
                    full.add(member.label());
                }
            }
        } finally {
            frame.release();
        }
        if (!full.isEmpty()) {
            undelivered.addAndGet(full.size());
            throw new MobOverloadedException(to.get(0).role(), "message not sent to " + full + " (of " + to.size()
                    + "): " + (wait > 0 ? "its inbox stayed full for " + wait + " ms" : "its inbox is full, and a "
                    + "message handler does not wait") + " (-Dmob.messageWindowBytes, -Dmob.sendTimeoutMs)");
        }
    }

    /** Sending waits for credit unless this is an I/O thread or the message thread (two could wait on each other). */
    private boolean mayBlock() {
        Thread t = Thread.currentThread();
        return !(t instanceof io.netty.util.concurrent.FastThreadLocalThread) && !t.getName().startsWith("mob-messages");
    }

    private void onUndelivered(Link link) {
        long n = undelivered.incrementAndGet();
        if (Long.bitCount(n) == 1) { // 1, 2, 4, 8, ...: loud, but never a flood of its own
            log.warn("a message to {} was not delivered: the connection closed before it was written ({} so far)",
                    link, n);
        }
    }

    /** Messages waiting for this process's handlers. */
    int inboxSize() {
        return inboxSize.get();
    }

    /** Messages this process could not deliver (refused, or their connection closed first); for operators. */
    long undelivered() {
        return undelivered.get();
    }

    /** Credit for {@code bytes} the peer granted on {@code link}; on the I/O thread. */
    void credit(Link link, long bytes) {
        MessageCredit credit = MessageCredit.existing(link);
        if (credit != null) {
            credit.grant(bytes);
        }
    }

    /**
     * Queues a received message. One task on the dispatch thread delivers everything queued, so a
     * burst read in one go costs one hand-off, not one per message; order is kept.
     */
    void deliver(Link link, byte[] payload) {
        Link.Peer from = link.peer();
        Member sender = directory.get().member(from.pid());
        inbox.add(new MessageImpl(from.pid(), from.role(), sender == null ? "" : sender.host(), payload, link));
        inboxSize.incrementAndGet();
        if (draining.compareAndSet(false, true)) {
            dispatch.execute(drain);
        }
    }

    private void drainInbox() {
        draining.set(false);
        try {
            MessageImpl message;
            while ((message = inbox.poll()) != null) {
                inboxSize.decrementAndGet();
                received.incrementAndGet();
                consumed(message);
                for (Consumer<Message> handler : handlers) {
                    try {
                        handler.accept(message);
                    } catch (Throwable t) { // an Error too: the next message must still be delivered
                        log.error("a message handler threw on a message from {} pid {}", message.fromRole(),
                                message.fromPid(), t);
                        if (t instanceof VirtualMachineError fatal) {
                            throw fatal;
                        }
                    }
                }
            }
        } finally {
            if (!inbox.isEmpty() && draining.compareAndSet(false, true)) {
                dispatch.execute(drain);
            }
        }
    }

    Subscription subscribe(Consumer<Message> handler) {
        handlers.add(handler);
        return () -> handlers.remove(handler);
    }

    /**
     * Returns credit to the sender as its messages are handed to the handlers: once a quarter of
     * its window is consumed, when the inbox runs empty, or every {@value #CREDIT_EVERY_MILLIS} ms,
     * so that a slow handler of small messages still lets its senders go on. Runs on the message
     * thread only.
     */
    private void consumed(MessageImpl message) {
        Link link = message.link();
        if (link == null) {
            return;
        }
        Consumed c = link.channel().attr(CONSUMED).get();
        if (c == null) {
            c = new Consumed();
            link.channel().attr(CONSUMED).set(c);
        }
        c.bytes += message.payload().length;
        long now = System.nanoTime();
        if (c.bytes >= windowBytes / 4 || inbox.isEmpty()
                || now - c.lastGrantNanos > java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(CREDIT_EVERY_MILLIS)) {
            link.send(FrameCodec.encode(ByteBufAllocator.DEFAULT, Integer.MAX_VALUE, Frame.CREDIT, c.bytes, "",
                    new byte[0], "credit"));
            c.bytes = 0;
            c.lastGrantNanos = now;
        }
    }

    private static final long CREDIT_EVERY_MILLIS = 20;

    /** Bytes consumed from one link since credit was last returned; touched by the message thread only. */
    private static final class Consumed {
        long bytes;
        long lastGrantNanos = System.nanoTime();
    }

    private static final io.netty.util.AttributeKey<Consumed> CONSUMED =
            io.netty.util.AttributeKey.valueOf("mob.messagesConsumed");

    /** A received message, with the link it came on (its sender's credit goes back there). */
    private static final class MessageImpl extends JsonMessage {
        private final Link link;

        MessageImpl(long fromPid, String fromRole, String fromHost, byte[] payload, Link link) {
            super(fromPid, fromRole, fromHost, payload);
            this.link = link;
        }

        Link link() {
            return link;
        }
    }
}
