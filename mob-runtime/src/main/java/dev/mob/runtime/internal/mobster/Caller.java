package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.MobException;
import dev.mob.runtime.MobOverloadedException;
import dev.mob.runtime.MobTimeoutException;
import dev.mob.runtime.MobsterLostException;
import dev.mob.runtime.PayloadTooLargeException;
import dev.mob.runtime.internal.ErrorInfo;
import dev.mob.runtime.internal.Json;
import dev.mob.runtime.internal.Member;
import dev.mob.runtime.internal.wire.Frame;
import dev.mob.runtime.internal.wire.FrameCodec;
import dev.mob.runtime.internal.wire.Link;
import dev.mob.runtime.spi.MethodDescriptor;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.Timer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import dev.mob.runtime.internal.Log;

/**
 * The calling side: picks a worker, keeps every call until it is answered, lost, refused or past
 * its deadline, and re-routes the calls that certainly did not run. Each call's place and fate is
 * its {@link PendingCall.State}, changed only by compare-and-set, so a reply, a deadline, a closing
 * link and a refusal racing for one call settle it exactly once.
 *
 * <p>Threads: {@link #call} on any thread; frames and link events on I/O threads; deadlines on the
 * timer thread. None of them runs application code: futures are {@link MobFuture}s, settled here
 * and completed on a safe thread.
 */
final class Caller {
    private static final Logger log = Log.get(Caller.class);
    private static final int INLINE_DECODE_BYTES = 64 * 1024;
    /** Times a call may find its link closed before its frame was written, before it gives up. */
    private static final int MAX_UNDELIVERED = 3;

    private final Executor executor;
    private final PeerLinks links;
    private final DirectoryHolder directory;
    private final Timer timer;
    private final int maxFrameBytes;
    private final AtomicLong ids = new AtomicLong();
    private final ParkedCalls parked;
    final CallbackTable callbacks;

    Caller(PeerLinks links, DirectoryHolder directory, Timer timer, Executor executor, int maxFrameBytes,
            int maxParked, int maxCallbacks) {
        this.links = links;
        this.directory = directory;
        this.timer = timer;
        this.executor = executor;
        this.maxFrameBytes = maxFrameBytes;
        this.parked = new ParkedCalls(maxParked);
        this.callbacks = new CallbackTable(executor, maxCallbacks);
        links.onClosed(this::onLinkClosed);
    }

    @SuppressWarnings("unchecked")
    <R> CompletableFuture<R> call(MethodDescriptor<R> method, long timeoutMillis, long pinnedPid, Object[] args) {
        MobFuture<Object> future = new MobFuture<>(executor);
        long id = ids.incrementAndGet();
        long[] callbackIds = NO_CALLBACKS;
        Object[] wire = args;
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof CallbackArg arg) {
                if (wire == args) {
                    wire = args.clone();
                }
                long callbackId = ids.incrementAndGet();
                callbacks.register(callbackId, arg.callback(), arg.valueType());
                callbackIds = append(callbackIds, callbackId);
                wire[i] = callbackId;
            }
        }
        byte[] payload;
        try {
            payload = Json.write(wire);
        } catch (IllegalArgumentException e) {
            release(callbackIds);
            future.completeExceptionally(
                    new MobException("cannot send the arguments of " + method + ": " + e.getMessage(), e));
            return (CompletableFuture<R>) (CompletableFuture<?>) future;
        }
        int size = Frame.HEADER_BYTES + method.name().length() + payload.length;
        if (size > maxFrameBytes) {
            release(callbackIds);
            future.completeExceptionally(
                    new PayloadTooLargeException("the arguments of " + method + " are " + payload.length
                            + " bytes of JSON, over the limit of " + maxFrameBytes
                            + " bytes per frame (set -Dmob.maxFrameBytes to raise it, or send less)"));
            return (CompletableFuture<R>) (CompletableFuture<?>) future;
        }
        PendingCall call = new PendingCall(id, method, payload, timeoutMillis, pinnedPid, future, callbackIds);
        call.timeout = timer.newTimeout(t -> onDeadline(call), timeoutMillis, TimeUnit.MILLISECONDS);
        route(call);
        return (CompletableFuture<R>) (CompletableFuture<?>) future;
    }

    private static final long[] NO_CALLBACKS = new long[0];

    private static long[] append(long[] ids, long id) {
        long[] more = java.util.Arrays.copyOf(ids, ids.length + 1);
        more[ids.length] = id;
        return more;
    }

    /** Sends a ROUTING call to a worker, parks it, or fails it. The caller owns the call. */
    private void route(PendingCall call) {
        Directory d = directory.get();
        String role = call.method.role();
        if (call.pinned()) {
            Member target = d.member(call.pinnedPid);
            if (target == null || !target.role().equals(role)) {
                fail(call, new MobsterLostException(role, call.pinnedPid, "no mobster of role '" + role
                        + "' has pid " + call.pinnedPid + " (it exited, or has another role); " + call.method
                        + " was not sent"));
            } else if (target.state() == Member.State.STARTING) {
                park(call);
            } else {
                send(call, target, target.state() == Member.State.DRAINING);
            }
            return;
        }
        Member target = pickReady(d, role, call.excluded());
        if (target != null) {
            send(call, target, false);
            return;
        }
        if (call.overloaded > 0) {
            fail(call, overloaded(call));
            return;
        }
        // No ready worker. While the app stops, every worker drains: one still finishing its calls
        // takes ours as a last resort, so nested calls do not hang until the grace period ends.
        Member draining = Balancer.pick(d.draining(role), call.excluded(), this::inFlight);
        if (draining != null) {
            send(call, draining, true);
        } else {
            park(call);
        }
    }

    private void send(PendingCall call, Member target, boolean lastResort) {
        PeerLink peer = links.to(target);
        if (peer.link.backedUp()) {
            // That worker reads slower than we write: treat it as full rather than pile calls up here.
            call.overloaded++;
            if (call.pinned()) {
                fail(call, overloaded(call));
            } else {
                call.exclude(target.pid());
                route(call);
            }
            return;
        }
        call.at = peer;
        for (long callbackId : call.callbackIds) {
            callbacks.heldBy(callbackId, target.pid());
        }
        if (!call.move(PendingCall.State.ROUTING, PendingCall.State.SENT)) {
            return; // its deadline passed while we routed it
        }
        peer.pending.put(call.id, call);
        if (call.done()) {
            peer.pending.remove(call.id, call); // the deadline ran between the move and the put
            return;
        }
        peer.link.send(FrameCodec.encode(ByteBufAllocator.DEFAULT, Integer.MAX_VALUE,
                lastResort ? Frame.LAST_RESORT_CALL : Frame.CALL, call.id, call.method.name(), call.payload, "call"),
                link -> undelivered(call, peer));
    }

    /** No worker can take the call yet: it waits for the next directory change, or its deadline. */
    private void park(PendingCall call) {
        String role = call.method.role();
        if (!call.move(PendingCall.State.ROUTING, PendingCall.State.PARKED)) {
            return;
        }
        if (!parked.park(call)) {
            if (call.move(PendingCall.State.PARKED, PendingCall.State.ROUTING)) {
                fail(call, new MobOverloadedException(role, call.method + " was not sent: " + parked.size()
                        + " calls are already waiting for a worker to become ready (role '" + role + "' has "
                        + directory.get().restarts(role) + " restarts so far)"));
            }
            return;
        }
        if (call.done()) {
            parked.remove(call); // the deadline ran between the move and the park
            return;
        }
        // A directory change between route() and here found the queue without this call.
        if (routable(call)) {
            retryParked(role);
        }
    }

    private boolean routable(PendingCall call) {
        Directory d = directory.get();
        if (call.pinned()) {
            Member m = d.member(call.pinnedPid);
            return m == null || m.state() != Member.State.STARTING;
        }
        String role = call.method.role();
        return pickReady(d, role, call.excluded()) != null
                || Balancer.pick(d.draining(role), call.excluded(), this::inFlight) != null;
    }

    /**
     * A ready worker of {@code role}: one on this host if any can take the call (a Unix socket, no
     * TLS, no network), else one on another host.
     */
    private Member pickReady(Directory d, String role, java.util.Set<Long> excluded) {
        Member here = Balancer.pick(d.readyHere(role), excluded, this::inFlight);
        return here != null ? here : Balancer.pick(d.readyElsewhere(role), excluded, this::inFlight);
    }

    private void retryParked(String role) {
        for (PendingCall call : parked.takeAll(role)) {
            if (call.move(PendingCall.State.PARKED, PendingCall.State.ROUTING)) {
                route(call);
            }
        }
    }

    void onDirectory(Directory next) {
        directory.set(next);
        for (PeerLink peer : links.all()) {
            if (next.member(peer.member.pid()) == null) {
                peer.link.close();
            }
        }
        parked.roles().forEach(this::retryParked);
    }

    private int inFlight(Member member) {
        PeerLink peer = links.get(member.pid());
        return peer == null ? 0 : peer.inFlight();
    }

    /** An answer to one of our calls (REPLY, ERROR, REJECTED) or a callback invocation; on an I/O thread. */
    void onFrame(Link link, Frame frame) {
        PeerLink peer = links.of(link);
        if (peer == null) {
            log.debug("ignoring {} on {}, which carries no calls of ours", frame, link);
            return;
        }
        switch (frame.kind()) {
            case Frame.REPLY -> {
                PendingCall call = answered(peer, frame.id());
                if (call != null) {
                    // Small results are decoded here (settling runs no user code); big ones off the loop.
                    if (frame.payload().length <= INLINE_DECODE_BYTES) {
                        completeWithReply(call, frame.payload());
                    } else {
                        executor.execute(() -> completeWithReply(call, frame.payload()));
                    }
                }
            }
            case Frame.ERROR -> {
                PendingCall call = answered(peer, frame.id());
                if (call != null) {
                    call.future.settle(null, remoteError(call, peer.member, frame.payload()));
                }
            }
            case Frame.REJECTED -> {
                PendingCall call = peer.pending.remove(frame.id());
                if (call == null || !call.move(PendingCall.State.SENT, PendingCall.State.ROUTING)) {
                    return;
                }
                if (Callee.OVERLOADED.equals(frame.name())) {
                    call.overloaded++;
                    if (call.pinned()) {
                        clearHolder(call);
                        fail(call, overloaded(call));
                        return;
                    }
                    notRun(call, peer, peer.member.label() + " is overloaded and did not run " + call.method);
                } else {
                    notRun(call, peer, peer.member.label() + " is stopping and did not run " + call.method);
                }
            }
            case Frame.CALLBACK -> callbacks.invoke(frame.id(), frame.payload(), peer.member.pid());
            default -> {
                log.warn("closing {}: unexpected frame kind {} for the calling side", link, frame.kind());
                link.close();
            }
        }
    }

    /** The call {@code id} answered on {@code peer}, now DONE; null if it was settled already. */
    private PendingCall answered(PeerLink peer, long id) {
        PendingCall call = peer.pending.remove(id);
        if (call == null || call.finish() == null) {
            return null;
        }
        call.timeout.cancel(); // its callbacks live on at the worker that holds them
        return call;
    }

    private void completeWithReply(PendingCall call, byte[] payload) {
        Object value;
        try {
            value = Json.reader(call.method.resultType()).readValue(payload);
        } catch (IOException | RuntimeException e) {
            call.future.settle(null, new MobException("the result of " + call.method + " is not a "
                    + call.method.resultType() + ": " + e.getMessage(), e));
            return;
        }
        call.future.settle(value, null);
    }

    private static RuntimeException remoteError(PendingCall call, Member from, byte[] payload) {
        try {
            return Json.readProtocol(payload, ErrorInfo.class).toException(from.role(), from.pid(), from.host(), call.method.name());
        } catch (RuntimeException e) {
            return new MobException(call.method + " failed at " + from.label() + " with an unreadable error: "
                    + new String(payload, StandardCharsets.UTF_8), e);
        }
    }

    /** A call's frame was never written to {@code peer}: it did not run, and may go elsewhere. */
    private void undelivered(PendingCall call, PeerLink peer) {
        if (peer.pending.remove(call.id, call) && call.move(PendingCall.State.SENT, PendingCall.State.ROUTING)) {
            call.undelivered++;
            notRun(call, peer, "cannot reach " + peer.member.label() + " (its connection closed before "
                    + call.method + " was written)");
        }
    }

    /** A ROUTING call that {@code peer} certainly did not run: pinned calls fail, others move on. */
    private void notRun(PendingCall call, PeerLink peer, String why) {
        clearHolder(call);
        if (call.pinned() || call.undelivered > MAX_UNDELIVERED) {
            fail(call, new MobsterLostException(peer.member.role(), peer.member.pid(), why + "; the call did not run"
                    + (call.pinned() ? " and was pinned to that worker" : "")));
        } else {
            call.exclude(peer.member.pid());
            route(call);
        }
    }

    /** A link closed: its calls may or may not have run. Idempotent, unpinned ones get one retry. */
    private void onLinkClosed(PeerLink peer) {
        Member m = peer.member;
        for (PendingCall call : List.copyOf(peer.pending.values())) {
            if (!peer.pending.remove(call.id, call) || !call.move(PendingCall.State.SENT, PendingCall.State.ROUTING)) {
                continue;
            }
            if (call.method.idempotent() && !call.pinned() && call.lostAttempts == 0) {
                call.lostAttempts++;
                call.exclude(m.pid());
                clearHolder(call);
                log.debug("{} lost at {}; retrying the idempotent call elsewhere", call.method, m.label());
                route(call);
            } else {
                fail(call, new MobsterLostException(m.role(), m.pid(), m.label() + " exited or was cut off while "
                        + "serving " + call.method + "; the call may or may not have run"
                        + (call.lostAttempts > 0 ? " (it had been retried once already)" : "")));
            }
        }
        // After the retries above, which moved their callbacks away from the lost process.
        callbacks.releaseHeldBy(m.pid());
    }

    private MobOverloadedException overloaded(PendingCall call) {
        String role = call.method.role();
        return new MobOverloadedException(role, call.method + " did not run: "
                + (call.pinned() ? "worker pid " + call.pinnedPid + " of role '" + role + "' has"
                        : "every ready worker of role '" + role + "' has")
                + " its queue of calls full (-Dmob.maxQueuedCalls); try again later, or add workers");
    }

    private void clearHolder(PendingCall call) {
        for (long callbackId : call.callbackIds) {
            callbacks.heldBy(callbackId, 0);
        }
    }

    private void onDeadline(PendingCall call) {
        PendingCall.State was = call.finish();
        if (was == null) {
            return;
        }
        if (was != PendingCall.State.SENT) {
            release(call.callbackIds); // never reached a worker: nobody can call them
        }
        PeerLink peer = call.at;
        boolean waiting = false;
        if (was == PendingCall.State.SENT && peer != null) {
            peer.pending.remove(call.id, call);
        } else if (was == PendingCall.State.PARKED) {
            waiting = parked.remove(call);
        }
        String role = call.method.role();
        String where = was == PendingCall.State.SENT && peer != null
                ? "sent to " + peer.member.label() + ", which did not answer"
                : "no worker of role '" + role + "' became ready" + (call.pinned() ? " at pid " + call.pinnedPid : "")
                        + " (" + directory.get().restarts(role) + " restarts of its workers so far)";
        log.trace("deadline of {} (was {}, parked {})", call, was, waiting);
        call.future.settle(null, new MobTimeoutException(call.method + " timed out after " + call.timeoutMillis
                + " ms: " + where));
    }

    /** Fails a call its caller owns (ROUTING): it is settled, its deadline and callbacks released. */
    private void fail(PendingCall call, RuntimeException error) {
        if (call.finish() == null) {
            return;
        }
        call.timeout.cancel();
        release(call.callbackIds);
        call.future.settle(null, error);
    }

    private void release(long[] callbackIds) {
        for (long callbackId : callbackIds) {
            callbacks.release(callbackId);
        }
    }

    int parkedCount() {
        return parked.size();
    }

    /** Calls in flight to {@code pid}; for tests. */
    int inFlight(long pid) {
        PeerLink peer = links.get(pid);
        return peer == null ? 0 : peer.inFlight();
    }
}
