package dev.mob.examples.cache;

import dev.mob.Exported;
import dev.mob.Role;
import dev.mob.runtime.Callback;
import dev.mob.runtime.Mob;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The single owner of the data: one worker, so its in-memory map is the truth. */
@Role(name = "store", workers = 1)
public class Store {
    private final Mob mob;
    private final Map<String, String> data = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

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
        long v = version.incrementAndGet();
        mob.all("reader").send(new Invalidate(key, v));
        return v;
    }

    /** Calls {@code changed} once, the next time {@code key} is written. */
    @Exported
    public void watch(String key, Callback<String> changed) {
        String before = data.get(key); // the value at registration, not whenever the thread starts
        Thread watcher = new Thread(() -> {
            for (int i = 0; i < 100; i++) {
                String now = data.get(key);
                if (now != null && !now.equals(before)) {
                    changed.call(now);
                    return;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.setDaemon(true);
        watcher.start();
    }
}
