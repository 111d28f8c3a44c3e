package dev.mob.runtime.internal.wire;

import dev.mob.runtime.internal.Json;
import dev.mob.runtime.internal.Settings;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first exchange on every connection: the connecting side sends HELLO with the per-run secret
 * and protocol version; the accepting side answers HELLO_OK or closes. Until then no other frame
 * is accepted, and a peer that stays silent is dropped after the handshake timeout.
 */
public final class Handshake {
    private static final Logger log = LoggerFactory.getLogger(Handshake.class);

    /** HELLO's payload; the frame's id is the sender's pid and its name the sender's role. */
    public record Hello(String secret, int version, int index, String endpoint) {}

    private Handshake() {}

    /** Queues HELLO as the link's first frame, so it precedes anything sent before the connect completes. */
    public static void sendHello(Link link, Link.Peer self, String secret, String endpoint) {
        byte[] payload = Json.write(new Hello(secret, Settings.PROTOCOL_VERSION, self.index(), endpoint));
        link.send(FrameCodec.encode(ByteBufAllocator.DEFAULT, Integer.MAX_VALUE, Frame.HELLO, self.pid(), self.role(),
                payload, "hello"));
    }

    static boolean secretMatches(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }

    /** Closes the connection if the handshake does not complete within the timeout. */
    private abstract static class Timed extends ChannelInboundHandlerAdapter {
        private final Duration timeout;
        private final String complaint;
        private ScheduledFuture<?> timer;

        Timed(Duration timeout, String complaint) {
            this.timeout = timeout;
            this.complaint = complaint;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            timer = ctx.executor().schedule(() -> {
                log.warn(complaint, timeout.toMillis());
                ctx.close();
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            ctx.fireChannelActive();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    /** Accepting side. Calls {@code onAccepted} on the event loop once the peer is authenticated. */
    public static final class Server extends Timed {
        private final String secret;
        private final Link.Peer self;
        private final BiConsumer<Link, Hello> onAccepted;

        public Server(String secret, Duration timeout, Link.Peer self, BiConsumer<Link, Hello> onAccepted) {
            super(timeout, "closing a connection that sent no handshake within {} ms");
            this.secret = secret;
            this.self = self;
            this.onAccepted = onAccepted;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Frame frame = (Frame) msg;
            Hello hello = validHello(frame);
            if (hello == null) {
                ctx.close();
                return;
            }
            Link link = Link.of(ctx.channel());
            link.peer(new Link.Peer(frame.id(), frame.name(), hello.index()));
            ctx.pipeline().remove(this);
            link.send(FrameCodec.encode(ctx.alloc(), Integer.MAX_VALUE, Frame.HELLO_OK, self.pid(), self.role(),
                    new byte[0], "hello"));
            onAccepted.accept(link, hello);
        }

        /** The HELLO this frame carries if it passes every check; else logs why and returns null. */
        private Hello validHello(Frame frame) {
            String problem = null;
            Hello hello = null;
            if (frame.kind() != Frame.HELLO) {
                problem = "first frame was of kind " + frame.kind() + ", not a handshake";
            } else {
                try {
                    hello = Json.read(frame.payload(), Hello.class);
                } catch (RuntimeException e) {
                    problem = "malformed handshake: " + e.getMessage();
                }
            }
            if (hello != null && hello.version() != Settings.PROTOCOL_VERSION) {
                problem = "protocol version " + hello.version() + " from pid " + frame.id() + ", expected "
                        + Settings.PROTOCOL_VERSION;
            } else if (hello != null && !secretMatches(secret, hello.secret())) {
                problem = "wrong secret from a peer claiming pid " + frame.id();
            }
            if (problem != null) {
                log.warn("refusing a connection: {}", problem);
                return null;
            }
            return hello;
        }
    }

    /** Connecting side: waits for HELLO_OK before passing frames on. */
    public static final class Client extends Timed {
        public Client(Duration timeout) {
            super(timeout, "no handshake answer within {} ms; closing");
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Frame frame = (Frame) msg;
            if (frame.kind() != Frame.HELLO_OK) {
                log.warn("peer answered the handshake with a frame of kind {}; closing", frame.kind());
                ctx.close();
                return;
            }
            Link link = Link.of(ctx.channel());
            if (link.peer() == null) {
                link.peer(new Link.Peer(frame.id(), frame.name(), -1));
            }
            ctx.pipeline().remove(this);
            ctx.fireUserEventTriggered(Accepted.INSTANCE);
        }
    }

    /** Fired down the pipeline when the client side's handshake completes. */
    public enum Accepted {
        INSTANCE
    }
}
