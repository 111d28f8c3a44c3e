package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.Callback;
import dev.mob.runtime.internal.Json;
import dev.mob.runtime.internal.wire.Frame;
import dev.mob.runtime.internal.wire.FrameCodec;
import dev.mob.runtime.internal.wire.Link;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import dev.mob.runtime.internal.Log;

/** A caller's callback as the callee sees it: invoking it sends the value back, at most once. */
final class RemoteCallback<T> implements Callback<T> {
    private static final Logger log = Log.get(RemoteCallback.class);

    private final Link link;
    private final long id;
    private final int maxFrameBytes;
    private final AtomicBoolean called = new AtomicBoolean();

    RemoteCallback(Link link, long id, int maxFrameBytes) {
        this.link = link;
        this.id = id;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void call(T value) {
        if (!called.compareAndSet(false, true)) {
            log.warn("callback {} of {} was called more than once; only the first call is delivered", id, link);
            return;
        }
        link.send(FrameCodec.encode(ByteBufAllocator.DEFAULT, maxFrameBytes, Frame.CALLBACK, id, "",
                Json.write(value), "the callback value"));
    }

    @Override
    public String toString() {
        return "Callback(" + id + " at " + link + ")";
    }
}
