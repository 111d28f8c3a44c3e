package dev.mob.runtime.internal.mobster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mob.runtime.internal.wire.Link;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class MessengerTest {
    private final List<Runnable> tasks = new ArrayList<>();
    private final Executor dispatch = tasks::add;
    private final Peers peers = new Peers();
    private final Messenger messenger = new Messenger(peers.directory, peers.links, Peers.SELF, 1 << 20, 1 << 20, 0, dispatch);

    private void runTasks() {
        while (!tasks.isEmpty()) {
            Runnable task = tasks.remove(0);
            try {
                task.run();
            } catch (Error fatal) {
                // the dispatch thread dies with it, as a real one would; the next task goes on
            }
        }
    }

    /** A link whose handshake named pid {@code pid} as the peer. */
    private static Link authenticatedLink(long pid) {
        io.netty.channel.embedded.EmbeddedChannel ch = new io.netty.channel.embedded.EmbeddedChannel(
                new dev.mob.runtime.internal.wire.Handshake.Client(java.time.Duration.ofSeconds(5),
                        new Link.Peer(pid, "back", 0)));
        ch.writeInbound(new dev.mob.runtime.internal.wire.Frame(dev.mob.runtime.internal.wire.Frame.HELLO_OK, pid,
                "back", new byte[0]));
        return Link.of(ch);
    }

    @Test
    void aHandlerThatThrowsAnErrorDoesNotStallTheInbox() {
        // Defect: only RuntimeException was caught, so an Error left later messages in the inbox
        // until the next message arrived.
        List<String> got = new ArrayList<>();
        messenger.subscribe(m -> {
            if (m.json().contains("bad")) {
                throw new AssertionError("handler bug");
            }
            got.add(m.json());
        });
        Link from = authenticatedLink(7);
        messenger.deliver(from, "\"one\"".getBytes(StandardCharsets.UTF_8));
        messenger.deliver(from, "\"bad\"".getBytes(StandardCharsets.UTF_8));
        messenger.deliver(from, "\"two\"".getBytes(StandardCharsets.UTF_8));
        runTasks();
        assertEquals(List.of("\"one\"", "\"two\""), got);
    }

    @Test
    void aFatalErrorIsRethrownAfterLoggingAndTheRestIsStillDelivered() {
        List<String> got = new ArrayList<>();
        messenger.subscribe(m -> {
            if (m.json().contains("oom")) {
                throw new OutOfMemoryError("simulated");
            }
            got.add(m.json());
        });
        Link from = authenticatedLink(7);
        messenger.deliver(from, "\"oom\"".getBytes(StandardCharsets.UTF_8));
        messenger.deliver(from, "\"after\"".getBytes(StandardCharsets.UTF_8));
        assertThrows(OutOfMemoryError.class, () -> tasks.remove(0).run());
        runTasks();
        assertEquals(List.of("\"after\""), got);
    }
}
