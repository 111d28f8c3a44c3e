package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.Callback;
import dev.mob.runtime.internal.Json;
import dev.mob.runtime.spi.MobType;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import dev.mob.runtime.internal.Log;

/**
 * Callbacks this process has passed to others, by id. An entry leaves the table when it is
 * invoked, when the process holding it dies, or at the deadline of the call that carried it.
 * While its call is being routed (again) it is held by nobody, so the death of the worker the call
 * left does not release it. Thread-safe.
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

    private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();
    private final Executor executor;

    CallbackTable(Executor executor) {
        this.executor = executor;
    }

    @SuppressWarnings("unchecked")
    void register(long id, Callback<?> callback, MobType valueType) {
        entries.put(id, new Entry((Callback<Object>) callback, valueType));
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
