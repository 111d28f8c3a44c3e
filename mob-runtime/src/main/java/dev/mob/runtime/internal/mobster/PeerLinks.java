package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.internal.Member;
import dev.mob.runtime.internal.Settings;
import dev.mob.runtime.internal.wire.FrameHandler;
import dev.mob.runtime.internal.wire.Handshake;
import dev.mob.runtime.internal.wire.Link;
import dev.mob.runtime.internal.wire.Pipelines;
import dev.mob.runtime.internal.wire.Transport;
import io.netty.channel.ChannelFuture;
import io.netty.util.AttributeKey;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import dev.mob.runtime.internal.Log;

/**
 * This process's connection to each peer, one per pair: the one the peer opened to us (adopted),
 * or else one we open on first use. It owns every {@link PeerLink}'s lifecycle and reports each
 * link's close exactly once, whatever closed it (connect failure, handshake failure, the peer, or
 * us). Thread-safe.
 */
final class PeerLinks {
    private static final Logger log = Log.get(PeerLinks.class);
    private static final AttributeKey<PeerLink> PEER = AttributeKey.valueOf("mob.peerLink");

    /** How a new connection is made; a seam for tests, which use embedded channels. */
    interface Dialer {
        /** Starts connecting; the future's channel exists at once and the future completes on connect. */
        ChannelFuture dial(Member member, FrameHandler.Listener frames);
    }

    private final Dialer dialer;
    private final Link.Peer self;
    private final String secret;
    private final String selfEndpoint;
    private final ConcurrentHashMap<Long, PeerLink> byPid = new ConcurrentHashMap<>();
    /** Every open connection to a peer, whoever opened it, for diagnostics. */
    private final Set<Link> open = ConcurrentHashMap.newKeySet();
    private volatile Consumer<PeerLink> onClosed = peer -> { };
    private volatile FrameHandler.Listener frames;

    PeerLinks(Dialer dialer, Link.Peer self, String secret, String selfEndpoint) {
        this.dialer = dialer;
        this.self = self;
        this.secret = secret;
        this.selfEndpoint = selfEndpoint;
    }

    /** Dials Unix sockets through {@code transport}, with frames going to {@code frames}. */
    static Dialer unixDialer(Transport transport, Settings settings) {
        return (member, frames) -> transport.connect(Path.of(member.endpoint()), Pipelines.client(settings,
                new Link.Peer(member.pid(), member.role(), member.index()), true, frames));
    }

    /**
     * In a cluster: mobsters of this host over Unix sockets through {@code unix}, those of other
     * hosts over {@code network} (TCP + TLS) with {@code remote} settings (a shorter liveness).
     */
    static Dialer clusterDialer(Dialer unix, dev.mob.runtime.internal.cluster.Network network, Settings remote,
            String host) {
        return (member, frames) -> {
            if (member.host().equals(host)) {
                return unix.dial(member, frames);
            }
            return network.dial(member.address(), Pipelines.clientHandlers(remote,
                    new Link.Peer(member.pid(), member.role(), member.index()), true, frames));
        };
    }

    /** Who handles the frames and events of the links we dial. */
    void frames(FrameHandler.Listener listener) {
        this.frames = listener;
    }

    /** Who hears, once per link, that a registered link closed. */
    void onClosed(Consumer<PeerLink> listener) {
        this.onClosed = listener;
    }

    /** The registered connection to {@code pid}, open or not, or null. */
    PeerLink get(long pid) {
        return byPid.get(pid);
    }

    /** The registered connection that {@code link} belongs to, or null. */
    PeerLink of(Link link) {
        return link.channel().attr(PEER).get();
    }

    Collection<PeerLink> all() {
        return byPid.values();
    }

    /**
     * Takes a connection {@code member} opened to us as our connection to it too, unless we have
     * an open one already. {@code member} is null when our directory does not list the peer (yet):
     * the link then serves its calls to us, and we do not call over it.
     */
    void adopt(Link link, Member member) {
        open.add(link);
        if (member == null) {
            return;
        }
        synchronized (byPid) {
            PeerLink existing = byPid.get(member.pid());
            if (existing == null || existing.state() == PeerLink.State.CLOSED) {
                PeerLink peer = new PeerLink(member, link, PeerLink.State.ACTIVE);
                link.channel().attr(PEER).set(peer);
                byPid.put(member.pid(), peer);
            }
        }
    }

    /** The connection to {@code member}, connecting on first use. */
    PeerLink to(Member member) {
        PeerLink existing = byPid.get(member.pid());
        if (existing != null && existing.state() != PeerLink.State.CLOSED) {
            return existing;
        }
        synchronized (byPid) {
            existing = byPid.get(member.pid());
            if (existing != null && existing.state() != PeerLink.State.CLOSED) {
                return existing;
            }
            ChannelFuture connect = dialer.dial(member, frames);
            Link link = Link.of(connect.channel());
            PeerLink peer = new PeerLink(member, link, PeerLink.State.CONNECTING);
            connect.channel().attr(PEER).set(peer);
            open.add(link);
            Handshake.sendHello(link, self, secret, selfEndpoint);
            byPid.put(member.pid(), peer);
            connect.addListener(f -> {
                if (f.isSuccess()) {
                    link.drain();
                } else {
                    log.debug("cannot connect to {}: {}", member.label(), String.valueOf(f.cause()));
                    link.close(); // never active, so no channelInactive: report the close here
                    closed(link);
                }
            });
            return peer;
        }
    }

    /** The handshake of a link we dialled completed. */
    void activated(Link link) {
        PeerLink peer = of(link);
        if (peer != null) {
            peer.activate();
        }
    }

    /** A link closed (repeat-safe): unregisters it and reports it once. */
    void closed(Link link) {
        open.remove(link);
        PeerLink peer = of(link);
        if (peer == null || peer.close() == null) {
            return;
        }
        byPid.remove(peer.member.pid(), peer);
        onClosed.accept(peer);
    }

    /**
     * Open connections per peer pid; 1 everywhere unless two peers dialled each other at once. A
     * connection to this process itself (calls to its own role) is left out: both its ends are here.
     */
    Map<Long, Long> countsByPeer() {
        Map<Long, Long> counts = new TreeMap<>();
        for (Link link : open) {
            Link.Peer peer = link.peer();
            if (link.isOpen() && peer != null && peer.pid() != self.pid()) {
                counts.merge(peer.pid(), 1L, Long::sum);
            }
        }
        return counts;
    }

    void closeAll() {
        byPid.values().forEach(p -> p.link.close());
    }
}
