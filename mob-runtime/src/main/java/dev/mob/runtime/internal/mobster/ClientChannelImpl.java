package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.Callback;
import dev.mob.runtime.spi.ClientChannel;
import dev.mob.runtime.spi.MethodDescriptor;
import dev.mob.runtime.spi.MobType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A role, a timeout and an optional pinned pid over this process's {@link Caller}. Immutable. */
record ClientChannelImpl(Caller caller, String role, long timeoutMillis, long pid) implements ClientChannel {
    @Override
    public <R> CompletableFuture<R> call(MethodDescriptor<R> method, Object... args) {
        return caller.call(method, timeoutMillis, pid, args);
    }

    @Override
    public Object callback(Callback<?> callback, MobType valueType) {
        return callback == null ? null : new CallbackArg(callback, valueType);
    }

    @Override
    public ClientChannel withTimeout(Duration timeout) {
        return new ClientChannelImpl(caller, role, ClientChannel.positive(timeout).toMillis(), pid);
    }

    @Override
    public ClientChannel toPid(long pid) {
        return new ClientChannelImpl(caller, role, timeoutMillis, ClientChannel.positive(pid));
    }

    @Override
    public String toString() {
        return "role " + role + ", timeout " + timeoutMillis + " ms" + (pid != 0 ? ", pid " + pid : "");
    }
}
