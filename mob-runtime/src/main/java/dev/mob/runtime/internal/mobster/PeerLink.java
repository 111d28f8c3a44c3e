package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.internal.Member;
import dev.mob.runtime.internal.wire.Link;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This process's connection to one peer, with the calls in flight on it, and its lifecycle:
 * {@code CONNECTING -> ACTIVE -> CLOSED} (or straight to CLOSED when the connect or handshake
 * fails). Transitions are atomic and safe to repeat; each is reported once, by {@link PeerLinks}.
 */
final class PeerLink {
    enum State { CONNECTING, ACTIVE, CLOSED }

    final Member member;
    final Link link;
    /** Calls sent on this link and not yet answered, by call id. Its size is the balancer's load. */
    final ConcurrentHashMap<Long, PendingCall> pending = new ConcurrentHashMap<>();
    private final AtomicReference<State> state;

    PeerLink(Member member, Link link, State initial) {
        this.member = member;
        this.link = link;
        this.state = new AtomicReference<>(initial);
    }

    State state() {
        return state.get();
    }

    /** CONNECTING to ACTIVE; false if it was not connecting. */
    boolean activate() {
        return state.compareAndSet(State.CONNECTING, State.ACTIVE);
    }

    /** To CLOSED; returns the state it left, or null if it was closed already. */
    State close() {
        State was = state.getAndSet(State.CLOSED);
        return was == State.CLOSED ? null : was;
    }

    /** Calls in flight on this link. */
    int inFlight() {
        return pending.size();
    }

    @Override
    public String toString() {
        return member.label() + " (" + state.get() + ")";
    }
}
