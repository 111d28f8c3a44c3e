package dev.mob.it.cluster;

import dev.mob.Exported;
import dev.mob.Role;
import dev.mob.runtime.Callback;
import dev.mob.runtime.Mob;
import dev.mob.runtime.Mobster;
import java.util.Map;

@Role(name = "back", workers = 1)
public class Back implements Mobster {
    private final Mob mob;

    public Back(Mob mob) {
        this.mob = mob;
    }

    @Override
    public void start() {
        mob.onMessage(m -> mob.pid(m.fromPid()).send(Map.of("host", mob.host(), "pid", mob.pid(),
                "fromHost", m.fromHost(), "got", m.json())));
    }

    /** {@code host/id}. */
    @Exported(idempotent = true)
    public String where() {
        return mob.host() + "/" + mob.pid();
    }

    @Exported
    public void lookup(String key, Callback<String> done) {
        done.call(key + "@" + mob.host());
    }

    @Exported
    public String fail(String message) {
        throw new IllegalStateException(message);
    }
}
