package dev.mob.runtime.internal.mobster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mob.runtime.internal.ErrorInfo;
import dev.mob.runtime.internal.Json;
import dev.mob.runtime.internal.wire.Frame;
import dev.mob.runtime.internal.wire.Link;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The serving side on an embedded channel, with a call pool the test runs by hand. */
class CalleeTest {
    private static final int MAX_FRAME = 64 * 1024;

    /** Runs queued tasks only when told to. */
    private static final class ManualPool implements Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            List<Runnable> now = new ArrayList<>(tasks);
            tasks.clear();
            now.forEach(Runnable::run);
        }
    }

    private final ManualPool pool = new ManualPool();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Link link = Link.of(channel);

    private Callee callee(int maxQueued, String error) {
        return new Callee(new Object(), (target, method, args) -> {
            if (error != null) {
                throw new IllegalStateException(error);
            }
            return CompletableFuture.completedFuture(method);
        }, pool, MAX_FRAME, maxQueued);
    }

    private static Frame call(long id, byte kind) {
        return new Frame(kind, id, "m", "[]".getBytes(StandardCharsets.UTF_8));
    }

    private List<Frame> sent() {
        channel.runPendingTasks();
        List<Frame> frames = new ArrayList<>();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            frames.add(Peers.decode(buf));
        }
        return frames;
    }

    @Test
    void aNonBlockingMethodRunsOnTheThreadThatReadTheCall() {
        Callee callee = new Callee(new Object(), new dev.mob.runtime.spi.Dispatcher<Object>() {
            @Override
            public java.util.concurrent.CompletionStage<?> dispatch(Object target, String method,
                    dev.mob.runtime.spi.Args args) {
                return CompletableFuture.completedFuture(Thread.currentThread().getName());
            }

            @Override
            public boolean nonBlocking(String method) {
                return method.equals("m");
            }
        }, pool, MAX_FRAME, 10);
        callee.accept(link, call(1, Frame.CALL));
        assertTrue(pool.tasks.isEmpty(), "not handed to the call pool");
        List<Frame> out = sent();
        assertEquals(Frame.REPLY, out.get(0).kind());
        assertEquals("\"" + Thread.currentThread().getName() + "\"", out.get(0).payloadText());
        assertEquals(0, callee.inFlight());
    }

    @Test
    void answersACall() {
        Callee callee = callee(10, null);
        callee.accept(link, call(1, Frame.CALL));
        pool.runAll();
        List<Frame> out = sent();
        assertEquals(1, out.size());
        assertEquals(Frame.REPLY, out.get(0).kind());
        assertEquals("\"m\"", out.get(0).payloadText());
    }

    @Test
    void pastItsQueueBoundACallIsRefusedAsOverloadedAndNotRun() {
        Callee callee = callee(2, null);
        callee.accept(link, call(1, Frame.CALL));
        callee.accept(link, call(2, Frame.CALL));
        callee.accept(link, call(3, Frame.CALL));
        List<Frame> out = sent();
        assertEquals(1, out.size());
        assertEquals(Frame.REJECTED, out.get(0).kind());
        assertEquals(3, out.get(0).id());
        assertEquals(Callee.OVERLOADED, out.get(0).name());
        assertEquals(2, pool.tasks.size(), "the refused call was not queued");
        pool.runAll();
        callee.accept(link, call(4, Frame.CALL));
        pool.runAll();
        assertEquals(List.of(Frame.REPLY, Frame.REPLY, Frame.REPLY), sent().stream().map(Frame::kind).toList());
    }

    @Test
    void whileDrainingPlainCallsAreRefusedAndLastResortCallsRun() throws Exception {
        Callee callee = callee(10, null);
        assertEquals(0, callee.drain(Duration.ZERO));
        callee.accept(link, call(1, Frame.CALL));
        callee.accept(link, call(2, Frame.LAST_RESORT_CALL));
        pool.runAll();
        List<Frame> out = sent();
        assertEquals(Frame.REJECTED, out.get(0).kind());
        assertEquals(Callee.DRAINING, out.get(0).name());
        assertEquals(Frame.REPLY, out.get(1).kind());
        assertEquals(2, out.get(1).id());
        callee.close();
        callee.accept(link, call(3, Frame.LAST_RESORT_CALL));
        assertEquals(Frame.REJECTED, sent().get(0).kind(), "after close nothing runs");
    }

    @Test
    void anErrorTooLargeForAFrameIsCutDownInsteadOfLeavingTheCallerWaiting() {
        String huge = "x".repeat(MAX_FRAME * 2);
        Callee callee = callee(10, huge);
        callee.accept(link, call(1, Frame.CALL));
        pool.runAll();
        List<Frame> out = sent();
        assertEquals(1, out.size(), "an answer was sent");
        assertEquals(Frame.ERROR, out.get(0).kind());
        ErrorInfo info = Json.read(out.get(0).payload(), ErrorInfo.class);
        assertEquals(IllegalStateException.class.getName(), info.type());
        assertTrue(info.message().contains("cut from " + huge.length()), info.message());
        assertTrue(out.get(0).payload().length < MAX_FRAME);
    }

    @Test
    void drainWaitsForCallsInFlight() throws Exception {
        Callee callee = callee(10, null);
        callee.accept(link, call(1, Frame.CALL));
        assertEquals(1, callee.drain(Duration.ofMillis(1)), "still running at the end of the grace");
        pool.runAll();
        assertEquals(0, callee.drain(Duration.ofMillis(1)));
    }
}
