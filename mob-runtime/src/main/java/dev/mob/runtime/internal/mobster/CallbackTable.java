package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.Callback;
import dev.mob.runtime.internal.Json;
import dev.mob.runtime.spi.MobType;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callbacks this process has passed to others, by id. An entry leaves the table when it is
 * invoked, when the process holding it dies, or at the deadline of the call that carried it.
 */
final class CallbackTable {
    private static final Logger log = LoggerFactory.getLogger(CallbackTable.class);

    private record Entry(Callback<Object> callback, MobType valueType, long callId, long[] holder) {}

    private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();
    private final Executor executor;

    CallbackTable(Executor executor) {
        this.executor = executor;
    }

    @SuppressWarnings("unchecked")
    void register(long id, Callback<?> callback, MobType valueType, long callId) {
        entries.put(id, new Entry((Callback<Object>) callback, valueType, callId, new long[1]));
    }

    /** Records which process now holds the callback, for release when it dies. */
    void heldBy(long id, long pid) {
        Entry entry = entries.get(id);
        if (entry != null) {
            entry.holder()[0] = pid;
        }
    }

    void invoke(long id, byte[] payload, long fromPid) {
        Entry entry = entries.remove(id);
        if (entry == null) {
            log.debug("dropping callback {} from pid {}: already called, or its call's deadline passed", id, fromPid);
            return;
        }
        executor.execute(() -> {
            Object value;
            try {
                value = Json.reader(entry.valueType()).readValue(payload);
            } catch (IOException | RuntimeException e) {
                log.warn("callback {} from pid {} carried a value that is not a {}: {}", id, fromPid,
                        entry.valueType(), e.toString());
                return;
            }
            try {
                entry.callback().call(value);
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
        entries.values().removeIf(e -> e.holder()[0] == pid);
    }

    int size() {
        return entries.size();
    }
}
