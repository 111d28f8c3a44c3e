package dev.mob.examples.cache;

import dev.mob.Exported;
import dev.mob.Role;
import dev.mob.runtime.Callback;
import dev.mob.runtime.Mob;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** The single owner of the data: one worker, so its in-memory map is the truth. */
@Role(name = "store", workers = 1)
public class Store {
    private final Mob mob;
    private final Map<String, String> data = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private final Map<String, List<Callback<String>>> watchers = new ConcurrentHashMap<>();

    public Store(Mob mob) {
        this.mob = mob;
    }

    @Exported(idempotent = true)
    public String get(String key) {
        return data.get(key);
    }

    /** Writes, then tells every reader to drop its copy. Returns the new version. */
    @Exported
    public long put(String key, String value) {
        data.put(key, value);
        List<Callback<String>> waiting = watchers.remove(key);
        if (waiting != null) {
            waiting.forEach(callback -> callback.call(value));
        }
        long v = version.incrementAndGet();
        mob.all("reader").send(new Invalidate(key, v));
        return v;
    }

    /**
     * Calls {@code changed} once, with the new value, the next time {@code key} is written. The
     * caller forgets the callback at its call's deadline, so a watch on a key nobody writes costs
     * the caller nothing after that; here it is dropped on the next write, or never if none comes.
     */
    @Exported
    public void watch(String key, Callback<String> changed) {
        watchers.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(changed);
    }
}
