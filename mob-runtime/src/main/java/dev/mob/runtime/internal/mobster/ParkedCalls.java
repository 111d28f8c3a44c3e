package dev.mob.runtime.internal.mobster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Calls waiting for a worker of their role to become ready, per role, in arrival order. Bounded:
 * {@link #park} refuses a call past {@code max} waiting in all. Removing one (its deadline passed)
 * costs O(1). Thread-safe.
 */
final class ParkedCalls {
    private final int max;
    private final Map<String, LinkedHashSet<PendingCall>> byRole = new HashMap<>();
    private int size;

    ParkedCalls(int max) {
        this.max = max;
    }

    /** Adds {@code call}; false if {@code max} calls are waiting already. */
    synchronized boolean park(PendingCall call) {
        if (size >= max) {
            return false;
        }
        if (byRole.computeIfAbsent(call.method.role(), r -> new LinkedHashSet<>()).add(call)) {
            size++;
        }
        return true;
    }

    /** Removes {@code call} if it is waiting; true if it was. */
    synchronized boolean remove(PendingCall call) {
        LinkedHashSet<PendingCall> queue = byRole.get(call.method.role());
        if (queue != null && queue.remove(call)) {
            size--;
            if (queue.isEmpty()) {
                byRole.remove(call.method.role());
            }
            return true;
        }
        return false;
    }

    /** Takes every call waiting for {@code role}, oldest first. */
    synchronized List<PendingCall> takeAll(String role) {
        LinkedHashSet<PendingCall> queue = byRole.remove(role);
        if (queue == null) {
            return List.of();
        }
        size -= queue.size();
        return new ArrayList<>(queue);
    }

    synchronized List<String> roles() {
        return new ArrayList<>(byRole.keySet());
    }

    synchronized int size() {
        return size;
    }
}
