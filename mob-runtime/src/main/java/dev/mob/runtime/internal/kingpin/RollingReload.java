package dev.mob.runtime.internal.kingpin;

import dev.mob.runtime.internal.Setting;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rolling, ready-gated reloads ({@code reload [ROLE]}, SIGHUP): per role, one worker at a time
 * ({@code mob.reloadParallel}), a new process (a fresh JVM, so the code now at the class path)
 * starts beside the old one; once it is ready the old one drains and exits, and the new one takes
 * its place and index. Roles reload side by side. A new process that exits before it is ready
 * aborts that role's reload and the old one keeps serving.
 *
 * <p>Only the Kingpin's control thread touches it.
 */
final class RollingReload {
    /** What a reload needs of the Kingpin. */
    interface Kingpin {
        /** The app's slots by label, which a promotion replaces. */
        Map<String, Slot> slots();

        boolean stopping();

        /** Starts a process of {@code role#index} for {@code slot}. */
        void start(Slot slot) throws IOException;

        void requestStop(Slot slot);

        void pushDirectory();

        void say(String line);

        /** The spare holds the old code: drop it now ({@code done} false), start a new one later (true). */
        void spare(boolean done);
    }

    private final Kingpin kingpin;
    /** The new process of a slot, until it is ready and the old one has drained and exited. */
    private final Map<String, Slot> incoming = new LinkedHashMap<>();
    /** Per role, the indexes still to replace. */
    private final Map<String, ArrayDeque<Integer>> queue = new LinkedHashMap<>();
    private final List<Runnable> whenDone = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    RollingReload(Kingpin kingpin) {
        this.kingpin = kingpin;
    }

    /** The new processes under way (they are in the directory, and must be stopped with the app). */
    Collection<Slot> incoming() {
        return incoming.values();
    }

    /** The new process of {@code label}, or null. */
    Slot incoming(String label) {
        return incoming.get(label);
    }

    /** Reloads {@code roles}; {@code done} hears "reloaded N workers ..." or "reload failed: ...". */
    void start(Collection<String> roles, Consumer<String> done) {
        if (kingpin.stopping()) {
            done.accept("reload failed: the app is stopping");
            return;
        }
        long start = System.nanoTime();
        kingpin.spare(false);
        int[] count = {0};
        for (String role : roles) {
            ArrayDeque<Integer> indexes = queue.computeIfAbsent(role, r -> new ArrayDeque<>());
            kingpin.slots().values().stream().filter(s -> s.role.equals(role) && !s.removing).map(s -> s.index)
                    .sorted().forEach(i -> {
                        indexes.add(i);
                        count[0]++;
                    });
        }
        whenDone.add(() -> {
            long ms = (System.nanoTime() - start) / 1_000_000;
            done.accept(failures.isEmpty() ? "reloaded " + count[0] + " workers of " + roles + " in " + ms + " ms"
                    : "reload failed: " + String.join("; ", failures));
            failures.clear();
        });
        kingpin.say("reloading " + roles + " (" + count[0] + " workers, one at a time per role)");
        for (String role : roles) {
            next(role);
        }
    }

    /** {@code slot} became ready: if it is a new process, the old one now drains and leaves. */
    void ready(Slot slot) {
        if (incoming.get(slot.label()) != slot) {
            return;
        }
        Slot old = kingpin.slots().get(slot.label());
        if (old != null && old.alive()) {
            old.retiring = true;
            kingpin.requestStop(old);
            kingpin.pushDirectory();
        } else {
            promote(slot.label());
        }
    }

    /**
     * {@code slot}'s process exited with {@code code}; returns whether that was part of a reload
     * (an old process that left, or a new one that failed), which then needs no revival.
     */
    boolean exited(Slot slot, int code) {
        if (slot.retiring) {
            slot.retiring = false;
            promote(slot.label());
            return true;
        }
        if (incoming.get(slot.label()) == slot) {
            incoming.remove(slot.label());
            kingpin.pushDirectory();
            kingpin.say("reload of " + slot.label() + " failed: the new process exited with code " + code
                    + " before it was ready; the old one keeps serving");
            abort(slot.role, "the new " + slot.label() + " exited with code " + code + " before it was ready");
            return true;
        }
        return false;
    }

    private void next(String role) {
        long replacing = incoming.values().stream().filter(s -> s.role.equals(role)).count();
        if (replacing >= Math.max(1, Setting.RELOAD_PARALLEL.intValue())) {
            return;
        }
        ArrayDeque<Integer> indexes = queue.get(role);
        Integer index = kingpin.stopping() || indexes == null ? null : indexes.poll();
        if (index == null) {
            if (replacing > 0) {
                return; // the last ones of this role are still on their way
            }
            queue.remove(role);
            if (queue.isEmpty() && !whenDone.isEmpty()) {
                List<Runnable> callbacks = new ArrayList<>(whenDone);
                whenDone.clear();
                kingpin.spare(true);
                callbacks.forEach(Runnable::run);
            }
            return;
        }
        String label = role + "#" + index;
        Slot old = kingpin.slots().get(label);
        if (old == null || !old.alive() || old.removing) {
            next(role); // a dead one is revived with the new code anyway
            return;
        }
        Slot fresh = new Slot(role, index);
        fresh.restarts = old.restarts;
        fresh.reloadStartedAt = System.nanoTime();
        incoming.put(label, fresh);
        try {
            kingpin.start(fresh);
        } catch (IOException e) {
            incoming.remove(label);
            abort(role, "cannot start a new " + label + ": " + e.getMessage());
            return;
        }
        next(role); // more at once, if mob.reloadParallel allows
    }

    private void promote(String label) {
        Slot fresh = incoming.remove(label);
        if (fresh == null) {
            return;
        }
        Slot old = kingpin.slots().put(label, fresh);
        kingpin.pushDirectory();
        kingpin.say("reloaded " + label + ": pid " + (old == null ? "?" : old.pid) + " -> " + fresh.pid + " in "
                + (System.nanoTime() - fresh.reloadStartedAt) / 1_000_000 + " ms");
        next(fresh.role);
    }

    private void abort(String role, String why) {
        failures.add(why);
        queue.remove(role);
        if (incoming.values().stream().noneMatch(s -> s.role.equals(role))) {
            next(role);
        }
    }
}
