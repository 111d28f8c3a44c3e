package dev.mob.runtime.spi;

import dev.mob.runtime.Callback;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What a generated client calls through: one role, a timeout and optionally one pinned pid.
 * Implementations are immutable and thread-safe; {@code with*} methods return copies.
 */
public interface ClientChannel {
    /**
     * Starts a call and returns at once. The future completes on a mob callback thread, never an
     * I/O thread, with the result or with a {@code MobException}.
     */
    <R> CompletableFuture<R> call(MethodDescriptor<R> method, Object... args);

    /** Wraps a callback argument so that it crosses as an id; {@code valueType} decodes its value. */
    Object callback(Callback<?> callback, MobType valueType);

    ClientChannel withTimeout(Duration timeout);

    ClientChannel toPid(long pid);

    /** {@code timeout}, checked for {@link #withTimeout} implementations: it must be positive. */
    static Duration positive(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        return timeout;
    }

    /** {@code pid}, checked for {@link #toPid} implementations: it must be positive. */
    static long positive(long pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive, got " + pid);
        }
        return pid;
    }

    /** The role this channel calls. */
    String role();
}
