package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.internal.wire.Frame;
import dev.mob.runtime.internal.wire.FrameCodec;
import dev.mob.runtime.internal.wire.FrameHandler;
import dev.mob.runtime.internal.wire.Link;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import dev.mob.runtime.internal.Log;

/**
 * Routes the frames of every peer connection, accepted or opened by us: one connection per pair
 * carries calls both ways, so calls and messages go to the serving side and answers to the
 * calling side, whoever dialled. Runs on I/O threads.
 */
final class Mux implements FrameHandler.Listener {
    private static final Logger log = Log.get(Mux.class);

    private final PeerLinks links;
    private final Caller caller;
    private final Messenger messenger;
    private volatile Callee callee;

    Mux(PeerLinks links, Caller caller, Messenger messenger) {
        this.links = links;
        this.caller = caller;
        this.messenger = messenger;
    }

    /** Starts serving calls; until then they are refused as not run, and go elsewhere. */
    void serve(Callee callee) {
        this.callee = callee;
    }

    @Override
    public void onFrame(Link link, Frame frame) {
        switch (frame.kind()) {
            case Frame.CALL, Frame.LAST_RESORT_CALL -> {
                Callee serving = callee;
                if (serving != null) {
                    serving.accept(link, frame);
                } else {
                    link.send(FrameCodec.encode(ByteBufAllocator.DEFAULT, Integer.MAX_VALUE, Frame.REJECTED,
                            frame.id(), Callee.DRAINING, new byte[0], "rejection"));
                }
            }
            case Frame.MESSAGE -> messenger.deliver(link, frame.payload());
            case Frame.CREDIT -> messenger.credit(link, frame.id());
            case Frame.REPLY, Frame.ERROR, Frame.REJECTED, Frame.CALLBACK -> caller.onFrame(link, frame);
            default -> {
                log.warn("closing {}: unexpected frame kind {} between mobsters", link, frame.kind());
                link.close();
            }
        }
    }

    @Override
    public void onAccepted(Link link) {
        links.activated(link);
    }

    @Override
    public void onClose(Link link) {
        // Calls from a caller that went away still run; their replies are dropped with the link.
        links.closed(link);
    }
}
