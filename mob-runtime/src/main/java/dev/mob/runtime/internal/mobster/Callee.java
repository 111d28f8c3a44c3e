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
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import dev.mob.runtime.internal.Log;

/**
 * The serving side: runs incoming calls on the call pool and answers them.
 *
 * <p>It refuses a call with REJECTED, which tells the caller the call did not run and may go
 * elsewhere, when {@value #OVERLOADED} ({@code maxQueued} calls are running or queued here) or
 * while {@value #DRAINING}. A last-resort call (sent because its role has no ready worker left, as
 * when the whole app stops) is still run while draining, until {@link #close}.
 */
final class Callee {
    private static final Logger log = Log.get(Callee.class);
    static final String OVERLOADED = "overloaded";
    static final String DRAINING = "draining";

    private final Object instance;
    private final Dispatcher<Object> dispatcher;
    private final Executor pool;
    private final int maxFrameBytes;
    private final int maxQueued;
    private final Object lock = new Object();
    private int inFlight;
    private boolean draining;
    private boolean closed;
    /** Calls accepted but not yet started on a call thread, so they can still be refused as not run. */
    private final java.util.Set<Incoming> queued = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile long lastFinishedNanos = System.nanoTime();

    /** One accepted call; whoever flips {@code state} first runs it or refuses it. */
    private static final class Incoming extends java.util.concurrent.atomic.AtomicBoolean {
        private static final long serialVersionUID = 1L;
        final transient Link link;
        final transient Frame frame;

        Incoming(Link link, Frame frame) {
            this.link = link;
            this.frame = frame;
        }
    }

    @SuppressWarnings("unchecked")
    Callee(Object instance, Dispatcher<?> dispatcher, Executor pool, int maxFrameBytes, int maxQueued) {
        this.instance = instance;
        this.dispatcher = (Dispatcher<Object>) dispatcher;
        this.pool = pool;
        this.maxFrameBytes = maxFrameBytes;
        this.maxQueued = maxQueued;
    }

    /** Runs an incoming CALL or LAST_RESORT_CALL on the pool, or refuses it. Called on an I/O thread. */
    void accept(Link link, Frame frame) {
        String refusal = null;
        synchronized (lock) {
            if (closed || (draining && frame.kind() != Frame.LAST_RESORT_CALL)) {
                refusal = DRAINING;
            } else if (inFlight >= maxQueued) {
                refusal = OVERLOADED;
            } else {
                inFlight++;
            }
        }
        if (refusal != null) {
            link.send(encode(Frame.REJECTED, frame.id(), refusal, new byte[0]));
            return;
        }
        if (dispatcher.nonBlocking(frame.name())) {
            run(link, frame); // on this I/O thread: declared to never block
            return;
        }
        Incoming call = new Incoming(link, frame);
        queued.add(call);
        pool.execute(() -> {
            if (call.compareAndSet(false, true)) {
                queued.remove(call);
                run(link, frame);
            }
        });
    }

    /**
     * Refuses, as not run, every call still waiting for a call thread (the grace period is over):
     * their callers may send them elsewhere. Returns how many.
     */
    int refuseQueued() {
        int refused = 0;
        for (Incoming call : queued) {
            if (call.compareAndSet(false, true)) {
                queued.remove(call);
                call.link.send(encode(Frame.REJECTED, call.frame.id(), DRAINING, new byte[0]));
                finished();
                refused++;
            }
        }
        return refused;
    }

    private void finished() {
        lastFinishedNanos = System.nanoTime();
        synchronized (lock) {
            inFlight--;
            lock.notifyAll();
        }
    }

    /** When a call last finished (System.nanoTime), for the stall watchdog. */
    long lastFinishedNanos() {
        return lastFinishedNanos;
    }

    /** Hears how each call ended (method, nanoseconds, ok); for metrics. */
    interface Outcomes {
        void served(String method, long nanos, boolean ok);
    }

    private volatile Outcomes outcomes = (method, nanos, ok) -> { };

    void outcomes(Outcomes listener) {
        this.outcomes = listener;
    }

    private void run(Link link, Frame frame) {
        long start = System.nanoTime();
        CompletionStage<?> stage;
        try {
            stage = dispatcher.dispatch(instance, frame.name(), new WireArgs(frame.payload(), link, maxFrameBytes));
        } catch (Throwable t) {
            outcomes.served(frame.name(), System.nanoTime() - start, false);
            reply(link, frame, null, t);
            return;
        }
        stage.whenComplete((value, error) -> {
            outcomes.served(frame.name(), System.nanoTime() - start, error == null);
            reply(link, frame, value, error);
        });
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
                reply = errorFrame(frame, unwrap(error));
            }
            link.send(reply);
        } catch (RuntimeException e) {
            log.error("cannot answer call {} of {}", frame.id(), frame.name(), e);
        } finally {
            finished();
        }
    }

    /** The ERROR frame for {@code cause}; cut down to fit when the full one would be too large. */
    private ByteBuf errorFrame(Frame frame, Throwable cause) {
        if (!(cause instanceof PayloadTooLargeException)) {
            log.debug("{} threw", frame.name(), cause);
        }
        String type = cause.getClass().getName();
        ErrorInfo info = ErrorInfo.of(cause);
        try {
            return encode(Frame.ERROR, frame.id(), type, Json.writeProtocol(info));
        } catch (PayloadTooLargeException tooLarge) {
            String message = info.message() == null ? "" : info.message();
            int keep = Math.max(0, Math.min(message.length(), maxFrameBytes / 8 - 256));
            ErrorInfo cut = new ErrorInfo(type, message.substring(0, keep) + " ... [error message cut from "
                    + message.length() + " characters to fit in a frame]", List.of());
            return encode(Frame.ERROR, frame.id(), type, Json.writeProtocol(cut));
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

    /** Calls running or queued here. */
    int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    /**
     * Refuses new calls (last-resort ones still run) and waits up to {@code grace} for those in
     * flight; returns how many are left.
     */
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

    /** Refuses every call from now on, as not run. */
    void close() {
        synchronized (lock) {
            draining = true;
            closed = true;
        }
    }
}
