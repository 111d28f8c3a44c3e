package dev.mob.runtime.internal.wire;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import org.slf4j.Logger;
import dev.mob.runtime.internal.Log;

/**
 * The last handler of every pipeline: hands authenticated frames to a {@link Listener} and closes
 * the connection, alone, on any decoding or handling error.
 */
public final class FrameHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = Log.get(FrameHandler.class);

    /** Called on the connection's event loop. */
    public interface Listener {
        void onFrame(Link link, Frame frame) throws Exception;

        void onClose(Link link);

        default void onAccepted(Link link) {}
    }

    private final Listener listener;

    public FrameHandler(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        listener.onFrame(Link.of(ctx.channel()), (Frame) msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == Handshake.Accepted.INSTANCE) {
            listener.onAccepted(Link.of(ctx.channel()));
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        listener.onClose(Link.of(ctx.channel()));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Link link = Link.of(ctx.channel());
        if (cause instanceof IOException) {
            log.debug("{}: {}", link, cause.toString());
        } else {
            log.warn("closing {}: {}", link, cause.toString());
        }
        ctx.close();
    }
}
