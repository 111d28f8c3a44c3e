package dev.mob.it.app;

import dev.mob.Exported;
import dev.mob.Role;
import dev.mob.runtime.Mob;
import dev.mob.runtime.Mobster;
import java.util.List;
import java.util.Map;
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

    /** Calls calc for {@code seconds}; returns the outcome counts and this process's callback table size. */
    @Exported
    public Map<String, Long> hammer(long seconds) throws InterruptedException {
        Map<String, Long> result = new java.util.HashMap<>(Hammer.run(mob.require(CalcClient.class), seconds));
        result.put("pid", mob.pid());
        return result;
    }

    @Exported
    public int callbacksOutstanding() {
        return ((dev.mob.runtime.internal.mobster.MobsterRuntime) mob).callbacksOutstanding();
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
