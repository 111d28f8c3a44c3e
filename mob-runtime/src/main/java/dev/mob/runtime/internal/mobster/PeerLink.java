package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.internal.Member;
import dev.mob.runtime.internal.wire.Link;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** This process's outgoing connection to one peer, with the calls in flight on it. */
final class PeerLink {
    final Member member;
    final Link link;
    final ConcurrentHashMap<Long, PendingCall> pending = new ConcurrentHashMap<>();
    final AtomicInteger inFlight = new AtomicInteger();

    PeerLink(Member member, Link link) {
        this.member = member;
        this.link = link;
    }

    @Override
    public String toString() {
        return member.label();
    }
}
