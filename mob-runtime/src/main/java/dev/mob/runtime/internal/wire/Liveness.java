package dev.mob.runtime.internal.wire;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import dev.mob.runtime.internal.Log;

/**
 * Keeps a link honest about its peer being alive: when we have written nothing for the ping
 * interval we send a PING, and when nothing at all (frames or pings) has come from the peer for
 * the liveness timeout, the peer is frozen, stopped or gone, and the link is closed, which fails
 * or re-routes its calls at once. PINGs are consumed here. Works only after the handshake; before
 * it the handshake timeout applies.
 */
public final class Liveness extends ChannelInboundHandlerAdapter {
    private static final Logger log = Log.get(Liveness.class);

    private final long timeoutMillis;
    private final boolean cutOnSilence;

    private Liveness(long timeoutMillis, boolean cutOnSilence) {
        this.timeoutMillis = timeoutMillis;
        this.cutOnSilence = cutOnSilence;
    }

    /** The idle detector and this handler, for the front and after the handshake respectively. */
    static IdleStateHandler detector(Duration ping, Duration timeout) {
        return new IdleStateHandler(timeout.toMillis(), ping.toMillis(), 0, TimeUnit.MILLISECONDS);
    }

    static Liveness handler(Duration timeout, boolean cutOnSilence) {
        return new Liveness(timeout.toMillis(), cutOnSilence);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Frame frame && frame.kind() == Frame.PING) {
            return; // its arrival already counted as a sign of life
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle) {
            Link link = Link.of(ctx.channel());
            if (link.peer() == null) {
                return; // still in the handshake, which has its own timeout
            }
            if (idle.state() == IdleState.WRITER_IDLE) {
                link.send(FrameCodec.encode(ByteBufAllocator.DEFAULT, Integer.MAX_VALUE, Frame.PING, 0, "",
                        new byte[0], "ping"));
            } else if (idle.state() == IdleState.READER_IDLE && cutOnSilence) {
                log.warn("closing {}: nothing heard from it for {} ms (frozen, stopped or gone)", link, timeoutMillis);
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }
}
