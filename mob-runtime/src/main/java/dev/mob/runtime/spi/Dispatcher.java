package dev.mob.runtime.spi;

import java.util.concurrent.CompletionStage;

/**
 * Invokes exported methods of one role class by name, generated as a {@code switch}. Called on the
 * mobster's call pool.
 */
public interface Dispatcher<T> {
    /**
     * Decodes {@code args} and calls {@code method} on {@code target}. A synchronous method's result
     * comes back already completed; an asynchronous method's stage is returned as is.
     *
     * @throws Exception whatever the method throws; it becomes a {@code RemoteCallException} at the
     *     caller
     */
    CompletionStage<?> dispatch(T target, String method, Args args) throws Exception;

    /** Whether {@code method} is {@code @Exported(nonBlocking = true)}: it may run on an I/O thread. */
    default boolean nonBlocking(String method) {
        return false;
    }
}
