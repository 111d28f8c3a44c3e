package dev.mob.runtime.internal.mobster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The future a call returns. Runtime threads (I/O, timer) never complete it themselves, because
 * completing a {@link CompletableFuture} runs whatever depends on it on the completing thread,
 * including stages attached through {@code CompletableFuture.allOf(...)} or
 * {@code other.thenCombine(this, ...)}, which no override here could intercept. Instead the runtime
 * {@linkplain #settle settles} it: the outcome is stored, and the future is completed
 *
 * <ul>
 *   <li>by a thread blocked in {@code get()} or {@code join()}, which wakes up and completes it
 *       itself: one unpark, no hand-off, dependents on the caller's own thread; or
 *   <li>when nobody is blocked, by a task on the mob callback executor.
 * </ul>
 *
 * <p>So no application code ever runs on an I/O or timer thread, however the future is composed.
 * Stages attached with {@code *Async} and no executor run on the callback executor too.
 */
final class MobFuture<T> extends CompletableFuture<T> {
    private record Outcome(Object value, Throwable error) {}

    private final Executor executor;
    /** Set once by {@link #settle}; completion follows on a safe thread. */
    private final AtomicReference<Outcome> outcome = new AtomicReference<>();
    /** Threads blocked in get/join on this future; guarded by {@code this}. */
    private int waiters;

    MobFuture(Executor executor) {
        this.executor = executor;
    }

    /**
     * Records the call's outcome from a runtime thread; returns false if it was settled already.
     * Safe on any thread: it runs no dependent stage.
     */
    boolean settle(Object value, Throwable error) {
        Outcome o = new Outcome(value, error);
        if (!outcome.compareAndSet(null, o)) {
            return false;
        }
        boolean waited;
        synchronized (this) {
            waited = waiters > 0;
            if (waited) {
                notifyAll();
            }
        }
        if (!waited) {
            executor.execute(() -> apply(o));
        }
        return true;
    }

    /** Threads blocked in get or join; for tests. */
    synchronized int waiters() {
        return waiters;
    }

    @SuppressWarnings("unchecked")
    private void apply(Outcome o) {
        if (o.error() == null) {
            super.complete((T) o.value());
        } else {
            super.completeExceptionally(o.error());
        }
    }

    /** Blocks until settled or completed, or until {@code deadline} (System.nanoTime, 0 = none). */
    private void await(boolean interruptible, long deadline) throws InterruptedException {
        if (isDone()) {
            return;
        }
        synchronized (this) {
            waiters++;
            try {
                while (outcome.get() == null && !isDone()) {
                    if (deadline == 0) {
                        wait();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    }
                }
            } catch (InterruptedException e) {
                if (interruptible) {
                    throw e;
                }
                Thread.currentThread().interrupt();
            } finally {
                waiters--;
            }
        }
        Outcome o = outcome.get();
        if (o != null) {
            apply(o); // on this (the caller's) thread; a no-op if the executor got there first
        }
    }

    @Override
    public T join() {
        try {
            await(false, 0);
        } catch (InterruptedException e) {
            throw new AssertionError(e); // not thrown when not interruptible
        }
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        await(true, 0);
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        await(true, System.nanoTime() + Math.max(1, unit.toNanos(timeout)));
        if (!isDone()) {
            throw new TimeoutException();
        }
        return super.get();
    }

    // Completions from outside (user code, orTimeout, cancel) must wake our waiters.

    @Override
    public boolean complete(T value) {
        boolean done = super.complete(value);
        wakeWaiters();
        return done;
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        boolean done = super.completeExceptionally(ex);
        wakeWaiters();
        return done;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean done = super.cancel(mayInterruptIfRunning);
        wakeWaiters();
        return done;
    }

    private synchronized void wakeWaiters() {
        if (waiters > 0) {
            notifyAll();
        }
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        // Dependent stages are completed by whoever completes this one: a safe thread.
        return new DependentFuture<>(executor);
    }

    @Override
    public Executor defaultExecutor() {
        return executor;
    }

    /** A stage derived from a call's future: plain, with the mob executor for {@code *Async}. */
    static final class DependentFuture<U> extends CompletableFuture<U> {
        private final Executor executor;

        DependentFuture(Executor executor) {
            this.executor = executor;
        }

        @Override
        public <V> CompletableFuture<V> newIncompleteFuture() {
            return new DependentFuture<>(executor);
        }

        @Override
        public Executor defaultExecutor() {
            return executor;
        }
    }
}
