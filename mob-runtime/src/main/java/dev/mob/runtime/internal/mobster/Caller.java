package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.MobException;
import dev.mob.runtime.MobTimeoutException;
import dev.mob.runtime.MobsterLostException;
import dev.mob.runtime.PayloadTooLargeException;
import dev.mob.runtime.internal.ErrorInfo;
import dev.mob.runtime.internal.Json;
import dev.mob.runtime.internal.Member;
import dev.mob.runtime.internal.Settings;
import dev.mob.runtime.internal.wire.Frame;
import dev.mob.runtime.internal.wire.FrameCodec;
import dev.mob.runtime.internal.wire.Link;
import dev.mob.runtime.spi.MethodDescriptor;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calling side: picks a worker, keeps every call in flight until it is answered, lost, or
 * past its deadline, and keeps this process's connection to each peer: the one the peer opened to
 * us, or else one we open on first use.
 *
 * <p>Futures are {@link MobFuture}s: whatever completes them, their dependent stages and all
 * callbacks run on {@code executor}, never on an I/O thread.
 */
final class Caller {
    private static final Logger log = LoggerFactory.getLogger(Caller.class);
    private static final int INLINE_DECODE_BYTES = 64 * 1024;

    private final Settings settings;
    private final Executor executor;
    private final PeerLinks links;
    private final Timer timer = new HashedWheelTimer(new DefaultThreadFactory("mob-timer", true), 10,
            TimeUnit.MILLISECONDS);
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, ArrayDeque<PendingCall>> waiting = new HashMap<>();
    final CallbackTable callbacks;
    private volatile Directory directory = Directory.EMPTY;

    Caller(PeerLinks links, Settings settings, Executor executor) {
        this.links = links;
        this.settings = settings;
        this.executor = executor;
        this.callbacks = new CallbackTable(executor);
    }

    /** Uses a connection a peer opened to us for our calls to it too: one connection per pair. */
    void adopt(Link link) {
        links.adopt(link, directory.member(link.peer().pid()));
    }

    Directory directory() {
        return directory;
    }

    @SuppressWarnings("unchecked")
    <R> CompletableFuture<R> call(MethodDescriptor<R> method, long timeoutMillis, long pinnedPid, Object[] args) {
        CompletableFuture<Object> future = new MobFuture<>(executor);
        long id = ids.incrementAndGet();
        List<Long> callbackIds = List.of();
        Object[] wire = args;
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof CallbackArg arg) {
                if (wire == args) {
                    wire = args.clone();
                    callbackIds = new ArrayList<>(2);
                }
                long callbackId = ids.incrementAndGet();
                callbacks.register(callbackId, arg.callback(), arg.valueType(), id);
                callbackIds.add(callbackId);
                wire[i] = callbackId;
            }
        }
        byte[] payload;
        try {
            payload = Json.write(wire);
        } catch (IllegalArgumentException e) {
            callbackIds.forEach(callbacks::release);
            future.completeExceptionally(
                    new MobException("cannot send the arguments of " + method + ": " + e.getMessage(), e));
            return (CompletableFuture<R>) (CompletableFuture<?>) future;
        }
        int size = Frame.HEADER_BYTES + method.name().length() + payload.length;
        if (size > settings.maxFrameBytes()) {
            callbackIds.forEach(callbacks::release);
            future.completeExceptionally(
                    new PayloadTooLargeException("the arguments of " + method + " are " + payload.length
                            + " bytes of JSON, over the limit of " + settings.maxFrameBytes()
                            + " bytes per frame (set -Dmob.maxFrameBytes to raise it, or send less)"));
            return (CompletableFuture<R>) (CompletableFuture<?>) future;
        }
        PendingCall call = new PendingCall(id, method, payload, timeoutMillis, pinnedPid, future, callbackIds);
        call.timeout = timer.newTimeout(t -> onDeadline(call), timeoutMillis, TimeUnit.MILLISECONDS);
        route(call);
        return (CompletableFuture<R>) (CompletableFuture<?>) future;
    }

    private void route(PendingCall call) {
        if (call.future.isDone()) {
            return;
        }
        Directory d = directory;
        String role = call.method.role();
        Member target;
        if (call.pinned()) {
            target = d.member(call.pinnedPid);
            if (target == null || !target.role().equals(role) || target.state() == Member.State.DRAINING) {
                fail(call, new MobsterLostException(role, call.pinnedPid, "no ready mobster of role '" + role
                        + "' has pid " + call.pinnedPid + " (it exited, is stopping, or has another role); "
                        + call.method + " was not sent"));
                return;
            }
            if (target.state() != Member.State.READY) {
                park(call);
                return;
            }
        } else {
            target = Balancer.pick(d.ready(role), call.excluded(), this::inFlight);
            if (target == null) {
                park(call);
                return;
            }
        }
        send(call, target);
    }

    private void send(PendingCall call, Member target) {
        PeerLink peer = link(target);
        call.current = peer;
        peer.pending.put(call.id, call);
        peer.inFlight.incrementAndGet();
        for (long callbackId : call.callbackIds) {
            callbacks.heldBy(callbackId, target.pid());
        }
        if (!peer.link.isOpen()) {
            // Closed between lookup and put: onClose may have run already, so settle it here.
            if (peer.pending.remove(call.id) != null) {
                peer.inFlight.decrementAndGet();
                lost(call, peer);
            }
            return;
        }
        peer.link.send(FrameCodec.encode(ByteBufAllocator.DEFAULT, Integer.MAX_VALUE, Frame.CALL, call.id,
                call.method.name(), call.payload, "call"));
    }

    /** No worker to take the call yet: it waits for the next directory change, or its deadline. */
    private void park(PendingCall call) {
        synchronized (waiting) {
            waiting.computeIfAbsent(call.method.role(), r -> new ArrayDeque<>()).add(call);
        }
        // A directory change between route() and here would have found the queue empty.
        if (canRoute(call)) {
            retryWaiting(call.method.role());
        }
    }

    private boolean canRoute(PendingCall call) {
        Directory d = directory;
        if (call.pinned()) {
            Member m = d.member(call.pinnedPid);
            return m == null || m.state() != Member.State.STARTING;
        }
        return Balancer.pick(d.ready(call.method.role()), call.excluded(), this::inFlight) != null;
    }

    private void retryWaiting(String role) {
        List<PendingCall> ready = new ArrayList<>();
        synchronized (waiting) {
            ArrayDeque<PendingCall> queue = waiting.remove(role);
            if (queue != null) {
                ready.addAll(queue);
            }
        }
        ready.forEach(this::route);
    }

    void onDirectory(Directory next) {
        directory = next;
        for (PeerLink peer : links.all()) {
            if (next.member(peer.member.pid()) == null) {
                peer.link.close();
            }
        }
        List<String> roles;
        synchronized (waiting) {
            roles = new ArrayList<>(waiting.keySet());
        }
        roles.forEach(this::retryWaiting);
    }

    private int inFlight(Member member) {
        PeerLink peer = links.get(member.pid());
        return peer == null ? 0 : peer.inFlight.get();
    }

    /** The connection to {@code member}, connecting on first use. */
    PeerLink link(Member member) {
        return links.to(member);
    }

    /** An answer to one of our calls (REPLY, ERROR, REJECTED) or a callback invocation. */
    void onFrame(Link link, Frame frame) {
        PeerLink peer = links.get(link.peer().pid());
        if (peer == null || peer.link != link) {
            return;
        }
        switch (frame.kind()) {
            case Frame.REPLY -> {
                PendingCall call = settle(peer, frame.id());
                if (call != null) {
                    // Small results are decoded right here: MobFuture runs every dependent on the
                    // executor, so this only wakes a blocked caller. Big ones are decoded off the loop.
                    if (frame.payload().length <= INLINE_DECODE_BYTES) {
                        completeWithReply(call, frame.payload());
                    } else {
                        executor.execute(() -> completeWithReply(call, frame.payload()));
                    }
                }
            }
            case Frame.ERROR -> {
                PendingCall call = settle(peer, frame.id());
                if (call != null) {
                    completeWithError(call, peer.member, frame.payload());
                }
            }
            case Frame.REJECTED -> {
                PendingCall call = settle(peer, frame.id());
                if (call != null) {
                    if (call.pinned()) {
                        fail(call, new MobsterLostException(peer.member.role(), peer.member.pid(), peer.member.label()
                                + " is stopping and did not run " + call.method + "; the call was pinned to it"));
                    } else {
                        call.exclude(peer.member.pid());
                        route(call);
                    }
                }
            }
            case Frame.CALLBACK -> callbacks.invoke(frame.id(), frame.payload(), peer.member.pid());
            default -> {
                log.warn("closing {}: unexpected frame kind {} for the calling side", link, frame.kind());
                link.close();
            }
        }
    }

    private PendingCall settle(PeerLink peer, long id) {
        PendingCall call = peer.pending.remove(id);
        if (call == null) {
            return null;
        }
        peer.inFlight.decrementAndGet();
        if (call.callbackIds.isEmpty()) {
            call.timeout.cancel();
        }
        return call;
    }

    private void completeWithReply(PendingCall call, byte[] payload) {
        try {
            call.future.complete(Json.reader(call.method.resultType()).readValue(payload));
        } catch (IOException | RuntimeException e) {
            call.future.completeExceptionally(new MobException("the result of " + call.method + " is not a "
                    + call.method.resultType() + ": " + e.getMessage(), e));
        }
    }

    private void completeWithError(PendingCall call, Member from, byte[] payload) {
        RuntimeException error;
        try {
            error = Json.read(payload, ErrorInfo.class).toException(from.role(), from.pid(), call.method.name());
        } catch (RuntimeException e) {
            error = new MobException(call.method + " failed at " + from.label() + " with an unreadable error: "
                    + new String(payload, StandardCharsets.UTF_8), e);
        }
        call.future.completeExceptionally(error);
    }

    void onClose(Link link) {
        PeerLink peer = links.closed(link);
        if (peer == null) {
            return;
        }
        callbacks.releaseHeldBy(peer.member.pid());
        for (Long id : List.copyOf(peer.pending.keySet())) {
            PendingCall call = peer.pending.remove(id);
            if (call != null) {
                peer.inFlight.decrementAndGet();
                lost(call, peer);
            }
        }
    }

    /** Calls queued on a connection that never opened were not delivered: they can go elsewhere. */
    void onConnectFailed(PeerLink peer) {
        callbacks.releaseHeldBy(peer.member.pid());
        for (Long id : List.copyOf(peer.pending.keySet())) {
            PendingCall call = peer.pending.remove(id);
            if (call == null) {
                continue;
            }
            peer.inFlight.decrementAndGet();
            if (call.pinned()) {
                fail(call, new MobsterLostException(peer.member.role(), peer.member.pid(), "cannot reach "
                        + peer.member.label() + " (it has exited); " + call.method + " was not sent"));
            } else {
                call.exclude(peer.member.pid());
                route(call);
            }
        }
    }

    private void lost(PendingCall call, PeerLink peer) {
        Member m = peer.member;
        if (call.method.idempotent() && !call.pinned() && call.lostAttempts == 0) {
            call.lostAttempts++;
            call.exclude(m.pid());
            log.debug("{} lost at {}; retrying idempotent call elsewhere", call.method, m.label());
            route(call);
            return;
        }
        fail(call, new MobsterLostException(m.role(), m.pid(), m.label() + " exited or was cut off while serving "
                + call.method + "; the call may or may not have run"
                + (call.lostAttempts > 0 ? " (it had been retried once already)" : "")));
    }

    private void onDeadline(PendingCall call) {
        call.callbackIds.forEach(callbacks::release);
        if (call.future.isDone()) {
            return;
        }
        PeerLink peer = call.current;
        if (peer != null && peer.pending.remove(call.id) != null) {
            peer.inFlight.decrementAndGet();
        }
        boolean parked;
        synchronized (waiting) {
            ArrayDeque<PendingCall> queue = waiting.get(call.method.role());
            parked = queue != null && queue.remove(call);
        }
        String role = call.method.role();
        String where = parked || peer == null
                ? "no worker of role '" + role + "' became ready" + (call.pinned() ? " at pid " + call.pinnedPid : "")
                        + " (" + directory.restarts(role) + " restarts of its workers so far)"
                : "sent to " + peer.member.label() + ", which did not answer";
        fail(call, new MobTimeoutException(call.method + " timed out after " + call.timeoutMillis + " ms: " + where));
    }

    private void fail(PendingCall call, RuntimeException error) {
        if (call.callbackIds.isEmpty()) {
            call.timeout.cancel();
        }
        call.future.completeExceptionally(error);
    }

    /** See {@link PeerLinks#countsByPeer()}. */
    Map<Long, Long> connectionsByPeer() {
        return links.countsByPeer();
    }

    int callbacksOutstanding() {
        return callbacks.size();
    }

    void close() {
        timer.stop();
        links.closeAll();
    }
}
