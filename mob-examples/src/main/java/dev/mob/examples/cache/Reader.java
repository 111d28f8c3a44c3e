package dev.mob.examples.cache;

import dev.mob.Exported;
import dev.mob.Role;
import dev.mob.runtime.Mob;
import dev.mob.runtime.Mobster;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readers keep a near cache of the store's values and drop entries when the store broadcasts an
 * {@link Invalidate}. Reader #0 runs a short demo when it starts.
 */
@Role(name = "reader", workers = 2)
public class Reader implements Mobster {
    private static final Logger log = LoggerFactory.getLogger(Reader.class);

    private final Mob mob;
    private final StoreClient store;
    private final Map<String, String> near = new ConcurrentHashMap<>();

    public Reader(Mob mob) {
        this.mob = mob;
        this.store = mob.require(StoreClient.class);
    }

    @Override
    public void start() {
        mob.onMessage(message -> {
            if (message.fromRole().equals("store")) {
                Invalidate inv = message.as(Invalidate.class);
                near.remove(inv.key());
                log.info("reader {} dropped '{}' (version {})", mob.pid(), inv.key(), inv.version());
            } else {
                log.info("reader {} got a note from {} {}: {}", mob.pid(), message.fromRole(), message.fromPid(),
                        message.json());
            }
        });
        if (mob.index() == 0) {
            Thread demo = new Thread(this::demo, "cache-demo");
            demo.setDaemon(true);
            demo.start();
        }
    }

    @Exported
    public String read(String key) throws Exception {
        String cached = near.get(key);
        if (cached != null) {
            return cached;
        }
        String value = store.get(key).get(5, TimeUnit.SECONDS);
        if (value != null) {
            near.put(key, value);
        }
        return value;
    }

    private void demo() {
        try {
            Thread.sleep(500);
            // Wait for the watch to be registered: calls to one worker may run concurrently.
            store.watch("greeting", v -> log.info("watch callback: greeting is now '{}'", v)).get(5, TimeUnit.SECONDS);
            store.put("greeting", "hello").get(5, TimeUnit.SECONDS);
            log.info("read: {}", read("greeting"));
            store.put("greeting", "hello again").get(5, TimeUnit.SECONDS);
            Thread.sleep(200);
            log.info("read after invalidation: {}", read("greeting"));
            mob.any("reader").send(Map.of("note", "to any reader"));
            mob.all("reader").send(Map.of("note", "to all other readers"));
            mob.pid(mob.pid()).send(Map.of("note", "to myself, by pid"));
            mob.send(Map.of("note", "to every other mobster"));
        } catch (Exception e) {
            log.error("demo failed", e);
        }
    }
}
