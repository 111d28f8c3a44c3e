package dev.mob.runtime.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LinkTest {
    /** Counts flushes, to see how writes are batched. */
    private static final class Flushes extends ChannelOutboundHandlerAdapter {
        int count;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            count++;
            ctx.flush();
        }
    }

    private static ByteBuf frame(int n) {
        return Unpooled.buffer(4).writeInt(n);
    }

    @Test
    void aDrainWritesInChunksAndYieldsToTheEventLoop() {
        // Defect: drain() polled until the queue was empty, so producers that kept adding kept
        // the event loop from reading.
        Flushes flushes = new Flushes();
        EmbeddedChannel ch = new EmbeddedChannel(flushes);
        Link link = Link.of(ch);
        int total = Link.MAX_PER_TASK + 10;
        for (int i = 0; i < total; i++) {
            link.send(frame(i));
        }
        ch.runPendingTasks(); // runs the drain task once, and the one it rescheduled
        List<Integer> got = new ArrayList<>();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            got.add(b.readInt());
            b.release();
        }
        assertEquals(total, got.size());
        for (int i = 0; i < total; i++) {
            assertEquals(i, got.get(i), "order kept");
        }
        // Every FLUSH_EVERY frames, plus the tail of each task.
        assertEquals(Link.MAX_PER_TASK / Link.FLUSH_EVERY + 1, flushes.count);
    }

    @Test
    void framesQueuedWhenTheLinkClosesAreReportedUndelivered() {
        EmbeddedChannel ch = new EmbeddedChannel();
        Link link = Link.of(ch);
        AtomicInteger undelivered = new AtomicInteger();
        ByteBuf a = frame(1);
        ByteBuf b = frame(2);
        link.send(a, l -> undelivered.incrementAndGet());
        link.send(b, l -> undelivered.incrementAndGet());
        ch.unsafe().close(ch.voidPromise()); // before the drain task ran
        ch.runPendingTasks();
        assertEquals(2, undelivered.get());
        assertEquals(0, a.refCnt(), "released");
        assertEquals(0, b.refCnt(), "released");
        link.send(frame(3), l -> undelivered.incrementAndGet());
        assertEquals(3, undelivered.get(), "a send on a closed link is reported at once");
    }

    @Test
    void aFailedWriteIsReportedAndClosesTheLink() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ((ByteBuf) msg).release();
                promise.setFailure(new java.io.IOException("broken pipe"));
            }
        });
        Link link = Link.of(ch);
        AtomicInteger undelivered = new AtomicInteger();
        link.send(frame(1), l -> undelivered.incrementAndGet());
        ch.runPendingTasks();
        assertEquals(1, undelivered.get());
        assertTrue(!ch.isOpen(), "a failed write closes the link");
    }
}
