package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.Message;
import dev.mob.runtime.Subscription;
import dev.mob.runtime.Target;
import dev.mob.runtime.internal.Json;
import dev.mob.runtime.internal.Member;
import dev.mob.runtime.internal.wire.Frame;
import dev.mob.runtime.internal.wire.FrameCodec;
import dev.mob.runtime.internal.wire.Link;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages between mobsters, sent directly over the same connections as calls: one connection per
 * sender and receiver keeps them in order. Received messages run on one dispatch thread.
 */
final class Messenger {
    private static final Logger log = LoggerFactory.getLogger(Messenger.class);

    private final DirectoryHolder directory;
    private final PeerLinks links;
    private final long selfPid;
    private final int maxFrameBytes;
    private final Executor dispatch;
    private final List<Consumer<Message>> handlers = new CopyOnWriteArrayList<>();
    private final Queue<MessageImpl> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Runnable drain = this::drainInbox;

    Messenger(DirectoryHolder directory, PeerLinks links, long selfPid, int maxFrameBytes, Executor dispatch) {
        this.directory = directory;
        this.links = links;
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
            List<Member> ready = directory.get().ready(role);
            if (ready.isEmpty()) {
                log.debug("dropping a message to any '{}': no ready worker", role);
                return;
            }
            send(msg, List.of(ready.get(ThreadLocalRandom.current().nextInt(ready.size()))));
        };
    }

    Target pid(long pid) {
        return msg -> {
            Member member = directory.get().member(pid);
            if (member == null) {
                log.debug("dropping a message to pid {}: no such mobster", pid);
                return;
            }
            send(msg, List.of(member));
        };
    }

    private void send(Object msg, List<Member> to) {
        ByteBuf frame = FrameCodec.encode(ByteBufAllocator.DEFAULT, maxFrameBytes, Frame.MESSAGE, 0, "",
                Json.write(msg), "the message");
        if (to.size() == 1) {
            links.to(to.get(0)).link.send(frame); // the link owns it now
            return;
        }
        try {
            for (Member member : to) {
                links.to(member).link.send(frame.retainedDuplicate());
            }
        } finally {
            frame.release();
        }
    }

    /**
     * Queues a received message. One task on the dispatch thread delivers everything queued, so a
     * burst read in one go costs one hand-off, not one per message; order is kept.
     */
    void deliver(Link.Peer from, byte[] payload) {
        inbox.add(new MessageImpl(from.pid(), from.role(), payload));
        if (draining.compareAndSet(false, true)) {
            dispatch.execute(drain);
        }
    }

    private void drainInbox() {
        draining.set(false);
        try {
            MessageImpl message;
            while ((message = inbox.poll()) != null) {
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

    private record MessageImpl(long fromPid, String fromRole, byte[] payload) implements Message {
        @Override
        public <T> T as(Class<T> type) {
            try {
                return Json.read(payload, type);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("message from pid " + fromPid + " is not a " + type.getName()
                        + ": " + json(), e);
            }
        }

        @Override
        public String json() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Message(from " + fromRole + " pid " + fromPid + ": " + json() + ")";
        }
    }
}
