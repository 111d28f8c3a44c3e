package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.PayloadTooLargeException;
import dev.mob.runtime.internal.ErrorInfo;
import dev.mob.runtime.internal.Json;
import dev.mob.runtime.internal.wire.Frame;
import dev.mob.runtime.internal.wire.FrameCodec;
import dev.mob.runtime.internal.wire.Link;
import dev.mob.runtime.spi.Dispatcher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side: runs incoming calls on the bounded call pool and answers them. While draining it refuses new calls with REJECTED,
 * which tells the caller the call did not run and may go elsewhere.
 */
final class Callee {
    private static final Logger log = LoggerFactory.getLogger(Callee.class);

    private final Object instance;
    private final Dispatcher<Object> dispatcher;
    private final ExecutorService pool;
    private final int maxFrameBytes;
    private final Object lock = new Object();
    private int inFlight;
    private volatile boolean draining;

    @SuppressWarnings("unchecked")
    Callee(Object instance, Dispatcher<?> dispatcher, ExecutorService pool, int maxFrameBytes) {
        this.instance = instance;
        this.dispatcher = (Dispatcher<Object>) dispatcher;
        this.pool = pool;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Runs an incoming call on the pool, or refuses it while draining. Called on an I/O thread. */
    void accept(Link link, Frame frame) {
        synchronized (lock) {
            if (!draining) {
                inFlight++;
            } else {
                link.send(encode(Frame.REJECTED, frame.id(), "", new byte[0]));
                return;
            }
        }
        pool.execute(() -> run(link, frame));
    }

    private void run(Link link, Frame frame) {
        CompletionStage<?> stage;
        try {
            stage = dispatcher.dispatch(instance, frame.name(), new WireArgs(frame.payload(), link, maxFrameBytes));
        } catch (Throwable t) {
            reply(link, frame, null, t);
            return;
        }
        stage.whenComplete((value, error) -> reply(link, frame, value, error));
    }

    private void reply(Link link, Frame frame, Object value, Throwable error) {
        try {
            ByteBuf reply = null;
            if (error == null) {
                try {
                    reply = encode(Frame.REPLY, frame.id(), "", Json.write(value));
                } catch (RuntimeException e) {
                    error = e;
                }
            }
            if (reply == null) {
                Throwable cause = unwrap(error);
                if (!(cause instanceof PayloadTooLargeException)) {
                    log.debug("{} threw", frame.name(), cause);
                }
                reply = encode(Frame.ERROR, frame.id(), cause.getClass().getName(),
                        Json.write(ErrorInfo.of(cause)));
            }
            link.send(reply);
        } catch (RuntimeException e) {
            log.error("cannot answer call {} of {}", frame.id(), frame.name(), e);
        } finally {
            synchronized (lock) {
                inFlight--;
                lock.notifyAll();
            }
        }
    }

    private ByteBuf encode(byte kind, long id, String name, byte[] payload) {
        return FrameCodec.encode(ByteBufAllocator.DEFAULT, maxFrameBytes, kind, id, name, payload, "the reply");
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Stops taking calls and waits up to {@code grace} for those in flight; returns how many are left. */
    int drain(Duration grace) throws InterruptedException {
        long end = System.nanoTime() + grace.toNanos();
        synchronized (lock) {
            draining = true;
            while (inFlight > 0) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return inFlight;
        }
    }
}
