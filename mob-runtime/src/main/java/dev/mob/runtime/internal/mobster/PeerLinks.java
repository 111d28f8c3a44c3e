package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.internal.Member;
import dev.mob.runtime.internal.Settings;
import dev.mob.runtime.internal.wire.FrameHandler;
import dev.mob.runtime.internal.wire.Handshake;
import dev.mob.runtime.internal.wire.Link;
import dev.mob.runtime.internal.wire.Pipelines;
import dev.mob.runtime.internal.wire.Transport;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's connection to each peer, one per pair: the one the peer opened to us (adopted),
 * or else one we open on first use. Thread-safe.
 */
final class PeerLinks {
    private static final Logger log = LoggerFactory.getLogger(PeerLinks.class);

    private final Transport transport;
    private final Settings settings;
    private final Link.Peer self;
    private final String secret;
    private final String selfEndpoint;
    private final ConcurrentHashMap<Long, PeerLink> byPid = new ConcurrentHashMap<>();
    /** Every open connection to a peer, whoever opened it, for diagnostics. */
    private final Set<Link> open = ConcurrentHashMap.newKeySet();
    private volatile FrameHandler.Listener listener;
    private volatile Consumer<PeerLink> onConnectFailed = peer -> { };

    PeerLinks(Transport transport, Settings settings, Link.Peer self, String secret, String selfEndpoint) {
        this.transport = transport;
        this.settings = settings;
        this.self = self;
        this.secret = secret;
        this.selfEndpoint = selfEndpoint;
    }

    /** Who handles the frames of connections we open, and what happens when one never opens. */
    void handlers(FrameHandler.Listener frames, Consumer<PeerLink> connectFailed) {
        this.listener = frames;
        this.onConnectFailed = connectFailed;
    }

    /** The registered connection to {@code pid}, open or not, or null. */
    PeerLink get(long pid) {
        return byPid.get(pid);
    }

    Collection<PeerLink> all() {
        return byPid.values();
    }

    /**
     * Takes a connection {@code member} opened to us as our connection to it too, unless we have
     * one already.
     */
    void adopt(Link link, Member member) {
        open.add(link);
        if (member == null) {
            return;
        }
        synchronized (byPid) {
            PeerLink existing = byPid.get(member.pid());
            if (existing == null || !existing.link.isOpen()) {
                byPid.put(member.pid(), new PeerLink(member, link));
            }
        }
    }

    /** The connection to {@code member}, connecting on first use. */
    PeerLink to(Member member) {
        PeerLink existing = byPid.get(member.pid());
        if (existing != null && existing.link.isOpen()) {
            return existing;
        }
        synchronized (byPid) {
            existing = byPid.get(member.pid());
            if (existing != null && existing.link.isOpen()) {
                return existing;
            }
            var connect = transport.connect(Path.of(member.endpoint()),
                    Pipelines.client(settings.maxFrameBytes(), settings.handshakeTimeout(), listener));
            Link link = Link.of(connect.channel());
            link.peer(new Link.Peer(member.pid(), member.role(), member.index()));
            open.add(link);
            Handshake.sendHello(link, self, secret, selfEndpoint);
            PeerLink peer = new PeerLink(member, link);
            byPid.put(member.pid(), peer);
            connect.addListener(f -> {
                if (f.isSuccess()) {
                    link.drain();
                } else {
                    // Never connected, so channelInactive will not fire, and nothing was delivered.
                    log.debug("cannot connect to {}: {}", member.label(), f.cause().toString());
                    link.close();
                    open.remove(link);
                    byPid.remove(member.pid(), peer);
                    onConnectFailed.accept(peer);
                }
            });
            return peer;
        }
    }

    /** Forgets a closed connection; returns its registration if it was the one for its peer. */
    PeerLink closed(Link link) {
        open.remove(link);
        PeerLink peer = byPid.get(link.peer().pid());
        if (peer == null || peer.link != link) {
            return null;
        }
        byPid.remove(peer.member.pid(), peer);
        return peer;
    }

    /**
     * Open connections per peer pid; 1 everywhere unless two peers dialled each other at once. A
     * connection to this process itself (calls to its own role) is left out: both its ends are here.
     */
    Map<Long, Long> countsByPeer() {
        Map<Long, Long> counts = new TreeMap<>();
        for (Link link : open) {
            if (link.isOpen() && link.peer().pid() != self.pid()) {
                counts.merge(link.peer().pid(), 1L, Long::sum);
            }
        }
        return counts;
    }

    void closeAll() {
        byPid.values().forEach(p -> p.link.close());
    }
}
