package dev.mob.runtime;

/**
 * A function that an exported method may receive and call back, from any process.
 *
 * <p>A callback crosses a process boundary as an id. It may be invoked at most once: a second
 * invocation is ignored with a warning. The caller's side forgets it when it is invoked, when the
 * process holding it dies, or at the deadline of the call that carried it, so a callback that is
 * never invoked does not leak. On the caller's side it runs on a mob callback thread, never an
 * I/O thread.
 */
@FunctionalInterface
public interface Callback<T> {
    void call(T value);
}
