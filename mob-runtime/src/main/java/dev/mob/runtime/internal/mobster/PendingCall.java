package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.spi.MethodDescriptor;
import io.netty.util.Timeout;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One call from this process, from its start until its future is settled, with one explicit
 * state changed only by compare-and-set:
 *
 * <pre>
 *   ROUTING --park--> PARKED --unpark--> ROUTING --send--> SENT --reroute--> ROUTING ...
 *      any state --finish--> DONE (once; whoever wins settles the future)
 * </pre>
 *
 * A call is in at most one place at a time: the parked queue of its role while PARKED, the
 * {@code pending} map of the link in {@link #at} while SENT, with whichever thread is routing it
 * while ROUTING. Who moves it out of PARKED or SENT first removes it from that place, so two
 * threads never route one call.
 */
final class PendingCall {
    enum State { ROUTING, PARKED, SENT, DONE }

    final long id;
    final MethodDescriptor<?> method;
    final byte[] payload;
    final long timeoutMillis;
    final long pinnedPid;
    final MobFuture<Object> future;
    final long[] callbackIds;
    private final AtomicReference<State> state = new AtomicReference<>(State.ROUTING);
    /** The link it was last sent on; meaningful while SENT. */
    volatile PeerLink at;
    volatile Timeout timeout;
    /** Pids this call must not go to again: where it was lost or refused. Rarely any. */
    private volatile Set<Long> excluded = Set.of();
    /** Times it was lost on a link after it was written (idempotent calls are retried once). */
    volatile int lostAttempts;
    /** Times its frame found its link closed before it was written. */
    volatile int undelivered;
    /** Times a worker refused it because its queue was full. */
    volatile int overloaded;

    PendingCall(long id, MethodDescriptor<?> method, byte[] payload, long timeoutMillis, long pinnedPid,
            MobFuture<Object> future, long[] callbackIds) {
        this.id = id;
        this.method = method;
        this.payload = payload;
        this.timeoutMillis = timeoutMillis;
        this.pinnedPid = pinnedPid;
        this.future = future;
        this.callbackIds = callbackIds;
    }

    State state() {
        return state.get();
    }

    boolean move(State from, State to) {
        return state.compareAndSet(from, to);
    }

    /** To DONE from any state; returns the state it left, or null if it was done already. */
    State finish() {
        State was = state.getAndSet(State.DONE);
        return was == State.DONE ? null : was;
    }

    boolean done() {
        return state.get() == State.DONE;
    }

    Set<Long> excluded() {
        return excluded;
    }

    void exclude(long pid) {
        Set<Long> next = new HashSet<>(excluded);
        next.add(pid);
        excluded = next;
    }

    boolean pinned() {
        return pinnedPid != 0;
    }

    @Override
    public String toString() {
        return "call " + id + " of " + method + " (" + state.get() + ")";
    }
}
