package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.Message;
import dev.mob.runtime.Mob;
import dev.mob.runtime.Subscription;
import dev.mob.runtime.Target;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@code Mob} service behind {@link Mob#current()}: it supplies this process's
 * {@link MobsterRuntime}, and forwards to it if used directly. Outside a mobster every method
 * throws {@link IllegalStateException}.
 */
public final class CurrentMob implements Mob, Supplier<Mob> {
    public CurrentMob() {}

    @Override
    public Mob get() {
        return MobsterRuntime.current();
    }

    @Override
    public <C> C require(Class<C> client) {
        return get().require(client);
    }

    @Override
    public void send(Object msg) {
        get().send(msg);
    }

    @Override
    public Target all(String role) {
        return get().all(role);
    }

    @Override
    public Target any(String role) {
        return get().any(role);
    }

    @Override
    public Target pid(long pid) {
        return get().pid(pid);
    }

    @Override
    public Subscription onMessage(Consumer<Message> handler) {
        return get().onMessage(handler);
    }

    @Override
    public String app() {
        return get().app();
    }

    @Override
    public String role() {
        return get().role();
    }

    @Override
    public int index() {
        return get().index();
    }

    @Override
    public long pid() {
        return get().pid();
    }
}
