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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import dev.mob.runtime.internal.Log;

/**
 * The first exchange on every connection: the connecting side sends HELLO with the per-run secret
 * and protocol version; the accepting side answers HELLO_OK or closes. Until then no other frame
 * is accepted, and a peer that stays silent is dropped after the handshake timeout.
 */
public final class Handshake {
    private static final Logger log = Log.get(Handshake.class);

    /** HELLO's payload; the frame's id is the sender's pid and its name the sender's role. */
    public record Hello(String secret, int version, int index, String endpoint) {}

    private Handshake() {}

    /** Queues HELLO as the link's first frame, so it precedes anything sent before the connect completes. */
    public static void sendHello(Link link, Link.Peer self, String secret, String endpoint) {
        byte[] payload = Json.writeProtocol(new Hello(secret, Settings.PROTOCOL_VERSION, self.index(), endpoint));
        link.send(FrameCodec.encode(ByteBufAllocator.DEFAULT, Integer.MAX_VALUE, Frame.HELLO, self.pid(), self.role(),
                payload, "hello"));
    }

    static boolean secretMatches(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Caps the connections that have not yet authenticated, per listening socket: past the cap a
     * new connection is closed at once, so unauthenticated peers cannot pile up. Thread-safe.
     */
    public static final class Gate {
        private final int max;
        private final AtomicInteger open = new AtomicInteger();

        public Gate(int max) {
            this.max = max;
        }

        boolean enter() {
            if (open.incrementAndGet() > max) {
                open.decrementAndGet();
                return false;
            }
            return true;
        }

        void leave() {
            open.decrementAndGet();
        }

        public int unauthenticated() {
            return open.get();
        }
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

        /** The handshake passed: frames may now be as large as configured. */
        void authenticated(ChannelHandlerContext ctx, Link link, Link.Peer peer) {
            link.authenticated(peer);
            FrameCodec codec = ctx.pipeline().get(FrameCodec.class);
            if (codec != null) {
                codec.authenticated();
            }
            ctx.pipeline().remove(this);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Garbage before the handshake: one line, no stack, and only this connection closes.
            log.warn("closing an unauthenticated connection: {}", cause.getMessage() == null
                    ? cause.getClass().getSimpleName() : cause.getMessage());
            ctx.close();
        }
    }

    /**
     * Accepting side. Calls {@code onAccepted} on the event loop once the peer is authenticated.
     * {@code secret} null: the transport authenticated the peer already (mutual TLS between the
     * hosts of a cluster, whose Kingpins do not share a per-run secret).
     */
    public static final class Server extends Timed {
        private final String secret;
        private final Link.Peer self;
        private final Gate gate;
        private final BiConsumer<Link, Hello> onAccepted;
        private boolean counted;

        public Server(String secret, Duration timeout, Link.Peer self, Gate gate, BiConsumer<Link, Hello> onAccepted) {
            super(timeout, "closing a connection that sent no handshake within {} ms");
            this.secret = secret;
            this.self = self;
            this.gate = gate;
            this.onAccepted = onAccepted;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (!gate.enter()) {
                log.warn("refusing a connection: {} connections are already waiting to authenticate", gate.max);
                ctx.close();
                return;
            }
            counted = true;
            super.channelActive(ctx);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            super.handlerRemoved(ctx);
            leave();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            leave();
            ctx.fireChannelInactive();
        }

        private void leave() {
            if (counted) {
                counted = false;
                gate.leave();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Frame frame = (Frame) msg;
            Hello hello = validHello(ctx, frame);
            if (hello == null) {
                ctx.close();
                return;
            }
            Link link = Link.of(ctx.channel());
            authenticated(ctx, link, new Link.Peer(frame.id(), frame.name(), hello.index()));
            link.send(FrameCodec.encode(ctx.alloc(), Integer.MAX_VALUE, Frame.HELLO_OK, self.pid(), self.role(),
                    new byte[0], "hello"));
            onAccepted.accept(link, hello);
        }

        /** The HELLO this frame carries if it passes every check; else logs why and returns null. */
        private Hello validHello(ChannelHandlerContext ctx, Frame frame) {
            String problem = null;
            Hello hello = null;
            if (frame.kind() != Frame.HELLO) {
                problem = "first frame was of kind " + frame.kind() + ", not a handshake";
            } else {
                try {
                    hello = Json.readProtocol(frame.payload(), Hello.class);
                } catch (RuntimeException e) {
                    problem = "malformed handshake: " + e.getMessage();
                }
            }
            if (hello != null && hello.version() != Settings.PROTOCOL_VERSION) {
                problem = "protocol version " + hello.version() + " from pid " + frame.id() + ", expected "
                        + Settings.PROTOCOL_VERSION;
            } else if (hello != null && secret != null && !secretMatches(secret, hello.secret())) {
                problem = "wrong secret from a peer claiming pid " + frame.id();
            } else if (hello != null) {
                long actual = Transport.peerPid(ctx.channel());
                if (actual > 0 && actual != dev.mob.runtime.internal.MobsterIds.osPid(frame.id())) {
                    problem = "a peer claiming pid " + frame.id() + " is pid " + actual + " by its socket credentials";
                }
            }
            if (problem != null) {
                log.warn("refusing a connection: {}", problem);
                return null;
            }
            return hello;
        }
    }

    /**
     * Connecting side: waits for HELLO_OK from the peer it dialled before passing frames on. An
     * answer from anyone else (another pid or role: a stale socket file reused) closes the link.
     */
    public static final class Client extends Timed {
        private final Link.Peer expected;

        /** {@code expected}: who we dial; its pid and role must match the answer (pid 0: any). */
        public Client(Duration timeout, Link.Peer expected) {
            super(timeout, "no handshake answer within {} ms; closing");
            this.expected = expected;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Frame frame = (Frame) msg;
            if (frame.kind() != Frame.HELLO_OK) {
                log.warn("peer answered the handshake with a frame of kind {}; closing", frame.kind());
                ctx.close();
                return;
            }
            if ((expected.pid() != 0 && frame.id() != expected.pid()) || !expected.role().equals(frame.name())) {
                log.warn("closing a connection to {} pid {}: it was answered by {} pid {}", expected.role(),
                        expected.pid(), frame.name(), frame.id());
                ctx.close();
                return;
            }
            Link link = Link.of(ctx.channel());
            authenticated(ctx, link, new Link.Peer(frame.id(), frame.name(), expected.index()));
            ctx.fireUserEventTriggered(Accepted.INSTANCE);
        }
    }

    /** Fired down the pipeline when the client side's handshake completes. */
    public enum Accepted {
        INSTANCE
    }
}
