package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.spi.MethodDescriptor;
import io.netty.util.Timeout;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** One call from this process, from its start until its future completes. */
final class PendingCall {
    final long id;
    final MethodDescriptor<?> method;
    final byte[] payload;
    final long timeoutMillis;
    final long pinnedPid;
    final CompletableFuture<Object> future;
    final List<Long> callbackIds;
    /** Pids this call must not go to again: where it was lost or rejected. Rarely any. */
    private Set<Long> excluded = Set.of();
    volatile PeerLink current;
    volatile Timeout timeout;
    int lostAttempts;

    PendingCall(long id, MethodDescriptor<?> method, byte[] payload, long timeoutMillis, long pinnedPid,
            CompletableFuture<Object> future, List<Long> callbackIds) {
        this.id = id;
        this.method = method;
        this.payload = payload;
        this.timeoutMillis = timeoutMillis;
        this.pinnedPid = pinnedPid;
        this.future = future;
        this.callbackIds = callbackIds;
    }

    Set<Long> excluded() {
        return excluded;
    }

    void exclude(long pid) {
        if (excluded.isEmpty()) {
            excluded = new HashSet<>(2);
        }
        excluded.add(pid);
    }

    boolean pinned() {
        return pinnedPid != 0;
    }
}
