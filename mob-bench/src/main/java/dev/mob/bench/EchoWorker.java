package dev.mob.bench;

import dev.mob.Exported;
import dev.mob.Role;
import dev.mob.runtime.Mob;
import java.util.concurrent.atomic.AtomicLong;

/** The called role: echoes strings, counts messages. */
@Role(name = "echo", workers = 4)
public class EchoWorker {
    private final Mob mob;
    private final AtomicLong messages = new AtomicLong();

    public EchoWorker(Mob mob) {
        this.mob = mob;
        mob.onMessage(m -> messages.incrementAndGet());
    }

    @Exported(nonBlocking = true)
    public String echo(String text) {
        return text;
    }

    @Exported(idempotent = true)
    public long pid() {
        return mob.pid();
    }

    @Exported
    public long messages() {
        return messages.get();
    }
}
