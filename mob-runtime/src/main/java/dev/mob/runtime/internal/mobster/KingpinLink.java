package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.internal.Json;
import dev.mob.runtime.internal.DirectorySnapshot;
import dev.mob.runtime.internal.Settings;
import dev.mob.runtime.internal.wire.Frame;
import dev.mob.runtime.internal.wire.FrameCodec;
import dev.mob.runtime.internal.wire.FrameHandler;
import dev.mob.runtime.internal.wire.Handshake;
import dev.mob.runtime.internal.wire.Link;
import dev.mob.runtime.internal.wire.Pipelines;
import dev.mob.runtime.internal.wire.Transport;
import io.netty.buffer.ByteBufAllocator;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import dev.mob.runtime.internal.Log;

/**
 * A mobster's control connection to the Kingpin. Directory pushes and the stop request go to the
 * attached runtime; a spare process waits here for its assignment first, and a directory that
 * arrives before the runtime attaches is kept and replayed.
 */
final class KingpinLink implements FrameHandler.Listener {
    private static final Logger log = Log.get(KingpinLink.class);

    /** What the runtime does with the Kingpin's frames. Called on the I/O thread. */
    interface Target {
        void onDirectory(Directory directory);

        void onStop();

        /** Every mobster has stopped: exit. */
        void onExit();

        /** The Kingpin asks for this process's metrics; answer with {@link #send} and the same id. */
        void onMetricsRequest(long id);
    }

    record Assignment(String role, int index) {}

    private final Settings settings;
    private final CompletableFuture<Assignment> assignment = new CompletableFuture<>();
    private volatile Link link;
    private final CountDownLatch connected = new CountDownLatch(1);
    private Target target;
    private Directory lastDirectory;
    private boolean stopped;
    private boolean exit;

    private final long kingpinPid;
    private final Runnable onLost;

    private KingpinLink(Settings settings, long kingpinPid, Runnable onLost) {
        this.settings = settings;
        this.kingpinPid = kingpinPid;
        this.onLost = onLost;
    }

    /**
     * Connects and authenticates. The Kingpin may still be opening its socket when its first
     * mobsters start (it launches them first, to save start-up time), so a refused connection is
     * retried every 20 ms for up to twice the handshake timeout.
     */
    static KingpinLink connect(Transport transport, Settings settings, Path socket, Link.Peer self, String secret,
            String endpoint) {
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L);
        KingpinLink kingpin = new KingpinLink(settings, parent, () -> {
            System.err.println("mob: lost the connection to the Kingpin; exiting");
            Runtime.getRuntime().halt(3);
        });
        kingpin.attempt(transport, socket, self, secret, endpoint);
        return kingpin;
    }

    /** For a guest (a test's JVM): the Kingpin is not our parent, and losing it ends nothing. */
    static KingpinLink connectGuest(Transport transport, Settings settings, Path socket, Link.Peer self, String secret,
            long kingpinPid) {
        KingpinLink kingpin = new KingpinLink(settings, kingpinPid,
                () -> log.warn("lost the connection to the Kingpin"));
        kingpin.attempt(transport, socket, self, secret, "");
        return kingpin;
    }

    /**
     * One try. A refused connect or a handshake that does not complete is retried, with no
     * deadline: on a busy machine the Kingpin may be slow, and a mobster that is merely slow must
     * not die of it. If the Kingpin is gone, stdin's EOF ends this process instead.
     */
    private void attempt(Transport transport, Path socket, Link.Peer self, String secret, String endpoint) {
        var connect = transport.connect(socket, Pipelines.client(settings, new Link.Peer(kingpinPid, "kingpin", -1),
                false, this));
        Link attemptLink = Link.of(connect.channel());
        Handshake.sendHello(attemptLink, self, secret, endpoint);
        retry = () -> transport.group().schedule(() -> attempt(transport, socket, self, secret, endpoint),
                20, TimeUnit.MILLISECONDS);
        connect.addListener(f -> {
            if (f.isSuccess()) {
                attemptLink.drain();
            } else {
                retry.run();
            }
        });
    }

    private volatile Runnable retry = () -> { };

    @Override
    public synchronized void onAccepted(Link accepted) {
        link = accepted;
        connected.countDown();
    }

    /** For a spare: completes when the Kingpin gives this process a role. */
    CompletableFuture<Assignment> assignment() {
        return assignment;
    }

    synchronized void attach(Target runtime) {
        target = runtime;
        if (lastDirectory != null) {
            runtime.onDirectory(lastDirectory);
        }
        if (stopped) {
            runtime.onStop();
        }
        if (exit) {
            runtime.onExit();
        }
    }

    void send(byte kind, long id, String name) throws InterruptedException {
        send(kind, id, name, new byte[0]);
    }

    void send(byte kind, long id, String name, byte[] payload) throws InterruptedException {
        connected.await();
        link.send(FrameCodec.encode(ByteBufAllocator.DEFAULT, settings.maxFrameBytes(), kind, id, name, payload,
                "control frame"));
    }

    /** Sends without waiting; dropped if not connected yet. */
    void trySend(byte kind, long id, String name, byte[] payload) {
        Link l = link;
        if (l != null) {
            l.send(FrameCodec.encode(ByteBufAllocator.DEFAULT, settings.maxFrameBytes(), kind, id, name, payload,
                    "control frame"));
        }
    }

    @Override
    public synchronized void onFrame(Link from, Frame frame) {
        switch (frame.kind()) {
            case Frame.DIRECTORY -> {
                lastDirectory = new Directory(Json.readProtocol(frame.payload(), DirectorySnapshot.class));
                if (target != null) {
                    target.onDirectory(lastDirectory);
                }
            }
            case Frame.STOP -> {
                stopped = true;
                if (target != null) {
                    target.onStop();
                } else {
                    // A spare has nothing to drain.
                    Runtime.getRuntime().halt(0);
                }
            }
            case Frame.EXIT -> {
                stopped = true;
                exit = true;
                if (target != null) {
                    target.onExit();
                } else {
                    Runtime.getRuntime().halt(0);
                }
            }
            case Frame.METRICS_REQUEST -> {
                if (target != null) {
                    target.onMetricsRequest(frame.id());
                }
            }
            case Frame.ASSIGN -> assignment.complete(Json.readProtocol(frame.payload(), Assignment.class));
            default -> log.warn("ignoring frame kind {} from the Kingpin", frame.kind());
        }
    }

    @Override
    public synchronized void onClose(Link from) {
        if (from != link) {
            if (link == null) {
                log.debug("the handshake with the Kingpin did not complete; trying again");
                retry.run();
            }
            return;
        }
        if (!stopped) {
            onLost.run();
        }
    }
}
