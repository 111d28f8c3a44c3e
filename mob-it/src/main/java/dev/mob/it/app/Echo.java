package dev.mob.it.app;

import dev.mob.Exported;
import dev.mob.Role;
import dev.mob.runtime.Mob;
import dev.mob.runtime.Mobster;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every message it receives, and answers with what it saw. */
@Role(name = "echo", workers = 2)
public class Echo implements Mobster {
    private final Mob mob;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    public Echo(Mob mob) {
        this.mob = mob;
    }

    @Override
    public void start() {
        mob.onMessage(m -> seen.add(m.fromRole() + ":" + m.json()));
        mob.onMessage(m -> {
            if (m.json().contains("\"all\"")) {
                throw new IllegalStateException("a handler that throws must not stop delivery");
            }
        });
    }

    @Exported
    public String shout(String word) {
        return word.toUpperCase() + "!";
    }

    /** What this worker received, after a first element naming it: {@code "pid:<pid>"}. */
    @Exported
    public List<String> seen() {
        List<String> result = new java.util.ArrayList<>();
        result.add("pid:" + mob.pid());
        result.addAll(seen);
        return result;
    }
}
