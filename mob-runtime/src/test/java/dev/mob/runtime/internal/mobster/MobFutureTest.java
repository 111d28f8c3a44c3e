package dev.mob.runtime.internal.mobster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** No stage of a call's future, however composed, runs on the thread that settles it (an I/O thread). */
class MobFutureTest {
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "mob-callback-test"));
    private final List<String> ranOn = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        callbacks.shutdownNow();
    }

    /** Settles {@code f} from a thread named like an I/O thread, and waits for that thread. */
    private static void settleOnIoThread(MobFuture<Object> f, Object value) throws InterruptedException {
        Thread io = new Thread(() -> f.settle(value, null), "mob-io-test");
        io.start();
        io.join(10_000);
    }

    private void record() {
        ranOn.add(Thread.currentThread().getName());
    }

    @Test
    void allOfAndThenCombineWithPlainFuturesDoNotRunOnTheIoThread() throws Exception {
        MobFuture<Object> a = new MobFuture<>(callbacks);
        MobFuture<Object> b = new MobFuture<>(callbacks);
        CompletableFuture<Object> plain = CompletableFuture.completedFuture("p");
        CompletableFuture<Void> all = CompletableFuture.allOf(a, b).thenRun(this::record);
        CompletableFuture<Object> combined = plain.thenCombine(a, (x, y) -> {
            record();
            return x;
        });
        CompletableFuture<Object> applied = a.thenApply(x -> {
            record();
            return x;
        });
        settleOnIoThread(a, 1);
        settleOnIoThread(b, 2);
        all.get(10, TimeUnit.SECONDS);
        combined.get(10, TimeUnit.SECONDS);
        applied.get(10, TimeUnit.SECONDS);
        assertEquals(3, ranOn.size());
        assertFalse(ranOn.contains("mob-io-test"), "user code ran on the I/O thread: " + ranOn);
    }

    @Test
    void aBlockedCallerIsWokenAndRunsDependentsOnItsOwnThread() throws Exception {
        MobFuture<Object> f = new MobFuture<>(command -> {
            throw new AssertionError("no hand-off is needed while a caller waits");
        });
        CompletableFuture<Void> dependent = f.thenRun(this::record);
        Thread io = new Thread(() -> {
            while (!waiting(f)) {
                Thread.onSpinWait();
            }
            f.settle("v", null);
        }, "mob-io-test");
        io.start();
        assertEquals("v", f.join());
        io.join(10_000);
        assertTrue(dependent.isDone());
        assertEquals(List.of(Thread.currentThread().getName()), ranOn);
    }

    private static boolean waiting(MobFuture<?> f) {
        return f.waiters() > 0;
    }

    @Test
    void settledOnceOnly() throws Exception {
        MobFuture<Object> f = new MobFuture<>(callbacks);
        assertTrue(f.settle("first", null));
        assertFalse(f.settle("second", null));
        assertFalse(f.settle(null, new RuntimeException()));
        assertEquals("first", f.get(10, TimeUnit.SECONDS));
    }

    @Test
    void timedGetTimesOutAndALaterSettleStillCompletes() throws Exception {
        MobFuture<Object> f = new MobFuture<>(callbacks);
        assertThrows(TimeoutException.class, () -> f.get(1, TimeUnit.MILLISECONDS));
        settleOnIoThread(f, "late");
        assertEquals("late", f.get(10, TimeUnit.SECONDS));
    }

    @Test
    void completingFromOutsideWakesAWaiter() throws Exception {
        MobFuture<Object> f = new MobFuture<>(callbacks);
        Thread canceller = new Thread(() -> {
            while (!waiting(f)) {
                Thread.onSpinWait();
            }
            f.complete("outside");
        });
        canceller.start();
        assertEquals("outside", f.join());
        canceller.join();
    }
}
