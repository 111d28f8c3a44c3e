package dev.mob.runtime.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mob.runtime.internal.Json;
import dev.mob.runtime.internal.Settings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HandshakeTest {
    private static final Link.Peer SERVER = new Link.Peer(10, "back", 0);

    private final List<Link> accepted = new ArrayList<>();

    private EmbeddedChannel server(Handshake.Gate gate) {
        return new EmbeddedChannel(new FrameCodec(1 << 20),
                new Handshake.Server("s3cret", Duration.ofSeconds(5), SERVER, gate, (link, hello) -> accepted.add(link)));
    }

    private static Frame hello(long pid, String secret) {
        return new Frame(Frame.HELLO, pid, "front",
                Json.write(new Handshake.Hello(secret, Settings.PROTOCOL_VERSION, 3, "/tmp/x.sock")));
    }

    @Test
    void serverAcceptsTheRightSecretAndNamesThePeer() {
        EmbeddedChannel ch = new EmbeddedChannel(
                new Handshake.Server("s3cret", Duration.ofSeconds(5), SERVER, new Handshake.Gate(4),
                        (link, hello) -> accepted.add(link)));
        ch.writeInbound(hello(42, "s3cret"));
        assertEquals(1, accepted.size());
        assertEquals(new Link.Peer(42, "front", 3), accepted.get(0).peer());
        ch.runPendingTasks();
        assertTrue(ch.isOpen());
    }

    @Test
    void serverRefusesAWrongSecret() {
        EmbeddedChannel ch = new EmbeddedChannel(
                new Handshake.Server("s3cret", Duration.ofSeconds(5), SERVER, new Handshake.Gate(4),
                        (link, hello) -> accepted.add(link)));
        ch.writeInbound(hello(42, "guess"));
        assertFalse(ch.isOpen());
        assertTrue(accepted.isEmpty());
        assertNull(Link.of(ch).peer());
    }

    @Test
    void beforeTheHandshakeOnlySmallFramesAreRead() {
        EmbeddedChannel ch = server(new Handshake.Gate(4));
        ByteBuf big = Unpooled.buffer().writeInt(FrameCodec.UNAUTHENTICATED_MAX_BYTES + 1);
        ch.writeInbound(big); // only the length: a frame that large is refused before it is buffered
        assertFalse(ch.isOpen(), "a large frame before the handshake closes the connection");
    }

    @Test
    void afterTheHandshakeLargeFramesAreRead() {
        EmbeddedChannel ch = server(new Handshake.Gate(4));
        byte[] payload = Json.write(new Handshake.Hello("s3cret", Settings.PROTOCOL_VERSION, 3, "/tmp/x.sock"));
        ch.writeInbound(FrameCodec.encode(ch.alloc(), 1 << 20, Frame.HELLO, 42, "front", payload, "hello"));
        assertEquals(1, accepted.size());
        byte[] big = new byte[100_000];
        java.util.Arrays.fill(big, (byte) ' ');
        ch.writeInbound(FrameCodec.encode(ch.alloc(), 1 << 20, Frame.MESSAGE, 0, "", big, "message"));
        Frame frame = ch.readInbound();
        assertEquals(100_000, frame.payload().length);
        assertTrue(ch.isOpen());
    }

    @Test
    void unauthenticatedConnectionsAreCapped() {
        Handshake.Gate gate = new Handshake.Gate(2);
        EmbeddedChannel a = server(gate);
        EmbeddedChannel b = server(gate);
        EmbeddedChannel c = server(gate);
        assertTrue(a.isOpen());
        assertTrue(b.isOpen());
        assertFalse(c.isOpen(), "the third waiting connection is refused");
        assertEquals(2, gate.unauthenticated());
        a.close();
        assertEquals(1, gate.unauthenticated());
        EmbeddedChannel d = server(gate);
        assertTrue(d.isOpen(), "a place freed by a close is reused");
        b.writeInbound(FrameCodec.encode(b.alloc(), 1 << 20, Frame.HELLO, 42, "front",
                Json.write(new Handshake.Hello("s3cret", Settings.PROTOCOL_VERSION, 0, "/x")), "hello"));
        assertEquals(1, gate.unauthenticated(), "an authenticated connection leaves the count");
    }

    @Test
    void silentPeerIsDroppedAtTheTimeout() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(
                new Handshake.Server("s3cret", Duration.ofMillis(1), SERVER, new Handshake.Gate(4), (l, h) -> { }));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ch.isOpen() && System.nanoTime() < end) {
            ch.runScheduledPendingTasks();
            Thread.onSpinWait();
        }
        assertFalse(ch.isOpen());
    }

    @Test
    void clientRefusesAnAnswerFromAnotherProcess() {
        EmbeddedChannel ch = new EmbeddedChannel(new Handshake.Client(Duration.ofSeconds(5), SERVER));
        ch.writeInbound(new Frame(Frame.HELLO_OK, 11, "back", new byte[0]));
        assertFalse(ch.isOpen(), "HELLO_OK from pid 11, but we dialled pid 10");
    }

    @Test
    void clientRefusesAnAnswerFromAnotherRole() {
        EmbeddedChannel ch = new EmbeddedChannel(new Handshake.Client(Duration.ofSeconds(5), SERVER));
        ch.writeInbound(new Frame(Frame.HELLO_OK, 10, "front", new byte[0]));
        assertFalse(ch.isOpen());
    }

    @Test
    void clientAcceptsTheProcessItDialled() {
        EmbeddedChannel ch = new EmbeddedChannel(new Handshake.Client(Duration.ofSeconds(5), SERVER));
        ch.writeInbound(new Frame(Frame.HELLO_OK, 10, "back", new byte[0]));
        assertTrue(ch.isOpen());
        assertEquals(SERVER, Link.of(ch).peer());
    }
}
