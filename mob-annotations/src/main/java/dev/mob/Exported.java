package dev.mob;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exposes a public instance method of a {@link Role} class to the other processes of the app.
 *
 * <p>Parameters and the result cross the process boundary as JSON, so they must be data: primitives,
 * strings, enums, records, beans, arrays and collections of those. A parameter of type
 * {@code dev.mob.runtime.Callback<T>} crosses as a reference that the remote side may invoke once.
 * A method returning {@code CompletableFuture<R>} or {@code CompletionStage<R>} is asynchronous and
 * holds no thread while pending.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Exported {
    /**
     * Whether calling this method twice has the same effect as calling it once. A call to an
     * idempotent method whose worker dies before answering is retried once on another worker
     * (unless the call was pinned to one pid); any other call fails with
     * {@code MobsterLostException}.
     */
    boolean idempotent() default false;

    /**
     * Whether this method never blocks (no I/O, no locks held for long, no waiting on other calls),
     * so that it may run on the I/O thread that read the call instead of being handed to a call
     * thread: two thread hand-offs fewer per call. A method that blocks anyway stalls every
     * connection of its worker, and the stall watchdog restarts the worker. The compiler refuses it
     * on a method that declares {@code InterruptedException} (it waits) or returns a future.
     */
    boolean nonBlocking() default false;
}
