package dev.mob.it.overload;

import dev.mob.Exported;
import dev.mob.Role;
import dev.mob.runtime.Mob;
import dev.mob.runtime.Mobster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A slow receiver: each message takes {@code mob.it.sinkDelayMs} to handle; calls can be made slow too. */
@Role(name = "sink")
public class Sink implements Mobster {
    private final Mob mob;
    private final AtomicLong received = new AtomicLong();
    private final long delayMs = Long.getLong("mob.it.sinkDelayMs", 1);
    private final List<byte[]> hoard = new ArrayList<>();

    public Sink(Mob mob) {
        this.mob = mob;
    }

    @Override
    public void start() {
        mob.onMessage(m -> {
            received.incrementAndGet();
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Exported
    public long received() {
        return received.get();
    }

    /** Floods the pusher with messages for {@code seconds} from this call thread; returns how many it sent. */
    @Exported
    public long floodBack(long seconds) {
        long sent = 0;
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            mob.any("pusher").send(java.util.Map.of("back", sent));
            sent++;
        }
        return sent;
    }

    @Exported
    public long slow(int millis) throws InterruptedException {
        Thread.sleep(millis);
        return mob.pid();
    }

    @Exported(idempotent = true)
    public long pid() {
        return mob.pid();
    }

    /** Holds on to {@code mb} MiB, touched so that it is resident. */
    @Exported
    public synchronized int hog(int mb) {
        for (int i = 0; i < mb; i++) {
            byte[] chunk = new byte[1 << 20];
            for (int j = 0; j < chunk.length; j += 4096) {
                chunk[j] = 1;
            }
            hoard.add(chunk);
        }
        return hoard.size();
    }
}
