package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.Callback;
import dev.mob.runtime.internal.Json;
import dev.mob.runtime.spi.MobType;
import java.io.IOException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import dev.mob.runtime.internal.Log;

/**
 * Callbacks this process has passed to others, by id. A callback outlives the call that carried
 * it (a {@code watch(key, callback)} may fire minutes later): it leaves the table when it is
 * invoked, when the process holding it dies, when its call certainly did not run, or, past
 * {@code max} outstanding callbacks, when it is the oldest (logged at WARN and counted). While its
 * call is being routed (again) it is held by nobody, so the death of the worker the call left does
 * not release it. Thread-safe.
 */
final class CallbackTable {
    private static final Logger log = Log.get(CallbackTable.class);

    private static final class Entry {
        final Callback<Object> callback;
        final MobType valueType;
        /** The pid of the process holding it; 0 while its call is not at any process. */
        volatile long holder;

        Entry(Callback<Object> callback, MobType valueType) {
            this.callback = callback;
            this.valueType = valueType;
        }
    }

    /** By id; ids grow, so the first entry is the oldest. */
    private final ConcurrentSkipListMap<Long, Entry> entries = new ConcurrentSkipListMap<>();
    private final Executor executor;
    private final int max;
    private final AtomicLong expired = new AtomicLong();

    CallbackTable(Executor executor, int max) {
        this.executor = executor;
        this.max = max;
    }

    @SuppressWarnings("unchecked")
    void register(long id, Callback<?> callback, MobType valueType) {
        entries.put(id, new Entry((Callback<Object>) callback, valueType));
        while (entries.size() > max) {
            var oldest = entries.pollFirstEntry();
            if (oldest == null) {
                break;
            }
            long n = expired.incrementAndGet();
            if (Long.bitCount(n) == 1) { // the 1st, 2nd, 4th, ...: loud, never a flood
                log.warn("callback {} expired unused: over {} callbacks were outstanding (-Dmob.maxCallbacks); "
                        + "{} expired so far", oldest.getKey(), max, n);
            }
        }
    }

    /** Callbacks dropped unused because too many were outstanding; for operators. */
    long expired() {
        return expired.get();
    }

    /** Records which process now holds the callback (0: none), for release when it dies. */
    void heldBy(long id, long pid) {
        Entry entry = entries.get(id);
        if (entry != null) {
            entry.holder = pid;
        }
    }

    /** Runs the callback with the value {@code fromPid} sent, on the executor; at most once. */
    void invoke(long id, byte[] payload, long fromPid) {
        Entry entry = entries.remove(id);
        if (entry == null) {
            log.debug("dropping callback {} from pid {}: already called, or its call's deadline passed", id, fromPid);
            return;
        }
        executor.execute(() -> {
            Object value;
            try {
                value = Json.reader(entry.valueType).readValue(payload);
            } catch (IOException | RuntimeException e) {
                log.warn("callback {} from pid {} carried a value that is not a {}: {}", id, fromPid,
                        entry.valueType, e.toString());
                return;
            }
            try {
                entry.callback.call(value);
            } catch (RuntimeException e) {
                log.warn("a callback threw", e);
            }
        });
    }

    void release(long id) {
        entries.remove(id);
    }

    /** Forgets every callback held by {@code pid}, which died. */
    void releaseHeldBy(long pid) {
        entries.values().removeIf(e -> e.holder == pid);
    }

    boolean contains(long id) {
        return entries.containsKey(id);
    }

    int size() {
        return entries.size();
    }
}
