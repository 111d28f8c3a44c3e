package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.internal.DirectorySnapshot;
import dev.mob.runtime.internal.Member;
import dev.mob.runtime.internal.wire.Frame;
import dev.mob.runtime.internal.wire.FrameHandler;
import dev.mob.runtime.internal.wire.Handshake;
import dev.mob.runtime.internal.wire.Link;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * A calling process under test: a real {@link Caller}, {@link PeerLinks} and {@link Mux} whose
 * connections are {@link EmbeddedChannel}s, a directory the test sets, and a {@link FakeTimer}.
 * Nothing sleeps; the test moves frames and time itself.
 */
final class Peers {
    static final long SELF = 100;

    final FakeTimer timer = new FakeTimer();
    final DirectoryHolder directory = new DirectoryHolder();
    final PeerLinks links;
    final Caller caller;
    final Mux mux;
    /** Every channel dialled, by the pid dialled, in order. */
    final Map<Long, List<EmbeddedChannel>> dialled = new HashMap<>();
    /** When false, dials to a pid fail like a connect to a dead socket. */
    final Map<Long, Boolean> reachable = new HashMap<>();

    Peers(Executor executor, int maxParked) {
        links = new PeerLinks(this::dial, new Link.Peer(SELF, "front", 0), "secret", "/tmp/self.sock");
        caller = new Caller(links, directory, timer, executor, 1 << 20, maxParked, 1_000);
        Messenger messenger = new Messenger(directory, links, SELF, 1 << 20, 1 << 20, 0, Runnable::run);
        mux = new Mux(links, caller, messenger);
        links.frames(mux);
    }

    Peers() {
        this(Runnable::run, 100);
    }

    private synchronized ChannelFuture dial(Member member, FrameHandler.Listener frames) {
        EmbeddedChannel ch = new EmbeddedChannel(
                new Handshake.Client(Duration.ofSeconds(5), new Link.Peer(member.pid(), member.role(), member.index())),
                new FrameHandler(frames));
        dialled.computeIfAbsent(member.pid(), p -> new ArrayList<>()).add(ch);
        if (!reachable.getOrDefault(member.pid(), true)) {
            ch.close();
            return ch.newFailedFuture(new java.net.ConnectException("refused"));
        }
        return ch.newSucceededFuture();
    }

    static Member member(long pid, String role, Member.State state) {
        return new Member(pid, role, 0, "/tmp/m-" + pid + ".sock", state);
    }

    void directory(Member... members) {
        caller.onDirectory(new Directory(new DirectorySnapshot(List.of(members), Map.of())));
    }

    /** A directory as a Kingpin of host {@code host} in a cluster pushes it. */
    void clusterDirectory(String host, Member... members) {
        caller.onDirectory(new Directory(new DirectorySnapshot(List.of(members), Map.of(), host)));
    }

    /** The newest channel dialled to {@code pid}. */
    EmbeddedChannel channel(long pid) {
        List<EmbeddedChannel> list = dialled.get(pid);
        return list == null ? null : list.get(list.size() - 1);
    }

    /** Answers the handshake on the newest channel to {@code pid}, as {@code role}. */
    void accept(long pid, String role) {
        EmbeddedChannel ch = channel(pid);
        if (accepted.add(ch)) {
            ch.writeInbound(new Frame(Frame.HELLO_OK, pid, role, new byte[0]));
        }
    }

    private final java.util.Set<EmbeddedChannel> accepted = new java.util.HashSet<>();

    /** Frames written to {@code pid}'s newest channel since the last read, HELLO included. */
    List<Frame> written(long pid) {
        EmbeddedChannel ch = channel(pid);
        ch.runPendingTasks();
        List<Frame> frames = new ArrayList<>();
        ByteBuf buf;
        while ((buf = ch.readOutbound()) != null) {
            frames.add(decode(buf));
        }
        return frames;
    }

    /** The calls among {@link #written}. */
    List<Frame> calls(long pid) {
        return written(pid).stream().filter(f -> f.kind() == Frame.CALL || f.kind() == Frame.LAST_RESORT_CALL).toList();
    }

    void reply(long pid, long callId, String json) {
        inbound(pid, new Frame(Frame.REPLY, callId, "", json.getBytes(StandardCharsets.UTF_8)));
    }

    void inbound(long pid, Frame frame) {
        channel(pid).writeInbound(frame);
    }

    static Frame decode(ByteBuf buf) {
        try {
            int length = buf.readInt();
            int end = buf.readerIndex() + length;
            byte kind = buf.readByte();
            long id = buf.readLong();
            int nameLength = buf.readUnsignedShort();
            String name = buf.readCharSequence(nameLength, StandardCharsets.UTF_8).toString();
            byte[] payload = new byte[end - buf.readerIndex()];
            buf.readBytes(payload);
            return new Frame(kind, id, name, payload);
        } finally {
            buf.release();
        }
    }
}
