package dev.mob.cluster;

import dev.mob.runtime.internal.Json;
import dev.mob.runtime.internal.Log;
import dev.mob.runtime.internal.Setting;
import dev.mob.runtime.internal.cluster.ClusterConfig;
import dev.mob.runtime.internal.cluster.HostPart;
import dev.mob.runtime.internal.cluster.Membership;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The control plane over NATS core (no JetStream): each Kingpin publishes its host's part of the
 * directory on {@code mob.<app>.dir.<host>} on change and every heartbeat, and subscribes to
 * {@code mob.<app>.dir.>}. A part not heard for three heartbeats (and a half) is dropped, while
 * this host is connected; a leaving host says so and is dropped at once. NATS does not notice a
 * dead host quickly, so nothing here waits for it to: the heartbeats and the links' pings decide.
 *
 * <p>Thread-safe: NATS delivers on its dispatcher thread, expiry runs on a timer thread, and the
 * Kingpin publishes from its control thread.
 */
final class NatsMembership implements Membership, ConnectionListener {
    private static final Logger log = Log.get(NatsMembership.class);

    private record Seen(HostPart part, long atNanos) {}

    /**
     * After this host reconnects to NATS, how much longer than the usual three heartbeats the
     * others have to reconnect and be heard again before they are dropped.
     */
    private static final long RECONNECT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ClusterConfig config;
    private final String prefix;
    private final Listener listener;
    /** Set once connecting returned; jnats may call us before that. */
    private volatile Connection connection;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mob-cluster");
        t.setDaemon(true);
        return t;
    });
    private final long expiryNanos;
    private final long kingpinPid;
    private final Map<String, Seen> parts = new HashMap<>();
    private final Set<String> collisions = new HashSet<>();
    private final Options options;
    /** When NATS last delivered this host's own part back to it: proof that our publications flow. */
    private volatile long ownEchoAt;
    /** When this host last handed a part to NATS. */
    private volatile long publishedAt;
    private volatile boolean connected;
    private volatile byte[] lastPart;
    private volatile long disconnectedAt;
    private volatile boolean closed;
    /** Why the last attempt to connect failed, for the log. */
    private volatile String lastConnectError = "no answer yet";
    private boolean everConnected;

    NatsMembership(ClusterConfig config, String app, long kingpinPid, Listener listener)
            throws IOException, InterruptedException {
        this.config = config;
        this.kingpinPid = kingpinPid;
        this.prefix = "mob." + app + ".dir.";
        this.listener = listener;
        long beat = Setting.CLUSTER_HEARTBEAT_MS.longValue();
        this.expiryNanos = TimeUnit.MILLISECONDS.toNanos(beat * 3 + beat / 2);
        Options.Builder options = new Options.Builder()
                .servers(config.natsUrl().split(","))
                .connectionName("mob " + app + " kingpin on " + config.host())
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                .connectionTimeout(Duration.ofSeconds(2))
                .pingInterval(Duration.ofSeconds(2))
                .connectionListener(this)
                .errorListener(new QuietErrors());
        if (config.natsCreds() != null) {
            options.authHandler(Nats.credentials(config.natsCreds()));
        }
        if (config.natsUrl().startsWith("tls://") && !config.insecure()) {
            options.sslContext(TlsNetwork.jdkContext(config));
        }
        this.options = options.build();
        connect();
        timer.schedule(() -> {
            if (connection == null && !closed) {
                listener.say("cannot reach NATS at " + config.natsUrl() + " yet (" + lastConnectError
                        + "); retrying every 250 ms (this host serves on its own meanwhile)");
            }
        }, 2, TimeUnit.SECONDS);
        long check = Math.max(50, beat / 4);
        timer.scheduleAtFixedRate(() -> {
            try {
                tick();
            } catch (RuntimeException e) { // a throwing periodic task would never run again
                log.warn("cluster membership: {}", e.toString());
            }
        }, 0, check, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects on a thread of its own (jnats's first connect blocks until NATS answers), so that
     * this host starts and serves on its own meanwhile; retried every 250 ms until it works.
     */
    private void connect() {
        // jnats's first connect blocks until NATS answers (it retries): do it on a thread of its
        // own, so that this host starts and serves on its own meanwhile.
        Thread connector = new Thread(() -> {
            // Not jnats's connectReconnectOnConnect: a connection that came up through it was seen
            // to deliver our subscriptions but never our publications. Plain connects, retried;
            // once connected, jnats's own reconnection takes over.
            while (!closed) {
                try {
                    Connection c = Nats.connect(options);
                    Dispatcher dispatcher = c.createDispatcher(this::onMessage);
                    dispatcher.subscribe(prefix + ">");
                    // The server holds our subscription before we say we are connected: what the
                    // others publish from then on reaches us.
                    try {
                        c.flush(Duration.ofSeconds(2));
                    } catch (java.util.concurrent.TimeoutException slow) {
                        log.debug("NATS slow to confirm our subscription; the heartbeats make up for it");
                    }
                    if (closed) {
                        c.close();
                    } else {
                        connection = c;
                        onTimer(this::tick);
                    }
                    return;
                } catch (IOException notYet) {
                    lastConnectError = notYet.getMessage() == null ? notYet.toString() : notYet.getMessage();
                    log.debug("NATS at {} not reachable yet: {}", config.natsUrl(), notYet.toString());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    listener.say("cannot join the cluster through NATS at " + config.natsUrl() + ": " + e
                            + "; this host runs on its own");
                    return;
                }
                try {
                    Thread.sleep(250); // between attempts to reach NATS
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "mob-cluster-connect");
        connector.setDaemon(true);
        connector.start();
    }

    @Override
    public void publish(HostPart part) {
        byte[] json = Json.writeProtocol(part);
        lastPart = json;
        if (connected) {
            publishNow(json);
        }
        // else: the tick that sees the connection up publishes the last part
    }

    private final java.util.concurrent.atomic.AtomicLong published = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong unpublished = new java.util.concurrent.atomic.AtomicLong();

    private void publishNow(byte[] json) {
        Connection connection = this.connection;
        if (connection == null) {
            unpublished.incrementAndGet();
            return;
        }
        try {
            connection.publish(prefix + config.host(), json);
            published.incrementAndGet();
            publishedAt = System.nanoTime();
        } catch (RuntimeException e) {
            // Closed or reconnecting under us: the next heartbeat, or the reconnection, sends it.
            unpublished.incrementAndGet();
            log.debug("could not publish this host's part: {}", e.toString());
        }
    }

    /** jnats logs every failed reconnect attempt at SEVERE; we say "lost NATS" once instead. */
    private static final class QuietErrors implements io.nats.client.ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            log.warn("NATS: {}", error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            log.debug("NATS: {}", exp.toString());
        }
    }

    private void onMessage(Message message) {
        HostPart part;
        try {
            part = Json.readProtocol(message.getData(), HostPart.class);
        } catch (RuntimeException e) {
            log.warn("ignoring a malformed directory part on {}: {}", message.getSubject(), e.getMessage());
            return;
        }
        if (part.host().equals(config.host()) && part.kingpinPid() == kingpinPid) {
            ownEchoAt = System.nanoTime();
            return;
        }
        if (part.host().equals(config.host())) {
            if (part.kingpinPid() != kingpinPid && collisions.add("self:" + part.kingpinPid())) {
                listener.say("another Kingpin (pid " + part.kingpinPid() + ") publishes as host '" + part.host()
                        + "' too: give every host its own --host");
            }
            return;
        }
        if (part.hostNumber() == config.hostNumber()) {
            if (collisions.add(part.host())) {
                listener.say("host '" + part.host() + "' has this host's number " + part.hostNumber()
                        + " (derived from the names): ignoring it; give one of the two --host-id N");
            }
            return;
        }
        boolean changed;
        boolean newcomer;
        synchronized (parts) {
            Seen before = parts.get(part.host());
            newcomer = before == null;
            if (part.leaving()) {
                changed = parts.remove(part.host()) != null;
                if (changed) {
                    listener.say("host '" + part.host() + "' left the cluster");
                }
            } else {
                // never earlier than a grace given at our reconnect: one early part must not end it
                long now = System.nanoTime();
                parts.put(part.host(), new Seen(part, before == null || before.atNanos() - now < 0 ? now
                        : before.atNanos()));
                changed = before == null || !part.sameDirectory(before.part());
                if (before == null) {
                    listener.say("host '" + part.host() + "' joined: " + part.members().size() + " mobsters");
                }
            }
        }
        if (changed) {
            notifyListener();
        }
        if (!part.leaving() && newcomer) {
            // A newcomer may have published before we subscribed, and we before it did: answer at
            // once rather than at our next heartbeat, so that both sides know each other now.
            answerNewcomer();
        }
    }

    private void answerNewcomer() {
        byte[] part = lastPart;
        if (part != null && connected) {
            onTimer(() -> publishNow(part));
        }
    }

    /** Runs {@code task} on the timer thread, unless this membership is closing. */
    private void onTimer(Runnable task) {
        try {
            timer.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // closing
        }
    }

    /**
     * Follows the connection's state, and drops hosts silent for three heartbeats, but only while
     * we hear NATS ourselves: silence while we were cut off says nothing about the others.
     */
    private void tick() {
        Connection connection = this.connection;
        if (connection == null) {
            return;
        }
        long now = System.nanoTime();
        boolean up = connection.getStatus() == Connection.Status.CONNECTED;
        if (!up) {
            if (connected) {
                connected = false;
                disconnectedAt = now;
                listener.say("lost NATS; reconnecting. Meanwhile the directory stays as it is and the links' "
                        + "pings cut off hosts that are gone");
            }
            return;
        }
        if (!connected) {
            // The others lost NATS too, most likely, and come back one by one over the next
            // reconnect attempts: start their clocks anew, with a grace for the slowest.
            long restart = now + RECONNECT_GRACE_NANOS;
            synchronized (parts) {
                parts.replaceAll((host, seen) -> new Seen(seen.part(), restart));
            }
            connected = true;
            ownEchoAt = now;
            listener.say((everConnected ? "reconnected to" : "connected to") + " NATS at "
                    + connection.getConnectedUrl() + (disconnectedAt == 0 ? ""
                            : " after " + (now - disconnectedAt) / 1_000_000 + " ms"));
            everConnected = true;
            byte[] part = lastPart;
            if (part != null) {
                publishNow(part);
            }
        }
        if (publishedAt - ownEchoAt > expiryNanos + RECONNECT_GRACE_NANOS) {
            // Connected by its own account, yet what we publish does not come back: a connection
            // in that state was seen after NATS restarts. Start a new one; the others keep us
            // meanwhile (they give a reconnected host a grace, as we do).
            listener.say("NATS has not echoed this host's own part back for "
                    + (publishedAt - ownEchoAt) / 1_000_000 + " ms of publishing: connecting anew");
            this.connection = null;
            connected = false;
            disconnectedAt = now;
            Connection stale = connection;
            Thread closer = new Thread(() -> {
                try {
                    stale.close();
                } catch (InterruptedException ignored) {
                    // exiting
                }
            }, "mob-cluster-close");
            closer.setDaemon(true);
            closer.start();
            connect();
            return;
        }
        boolean changed = false;
        synchronized (parts) {
            for (var it = parts.entrySet().iterator(); it.hasNext(); ) {
                Seen seen = it.next().getValue();
                if (now - seen.atNanos() > expiryNanos) {
                    it.remove();
                    changed = true;
                    listener.say("host '" + seen.part().host() + "' missed 3 heartbeats: dropped from the directory");
                }
            }
        }
        if (changed) {
            notifyListener();
        }
    }

    private void notifyListener() {
        listener.onParts(current());
    }

    @Override
    public Map<String, HostPart> current() {
        Map<String, HostPart> snapshot = new HashMap<>();
        synchronized (parts) {
            parts.forEach((host, seen) -> snapshot.put(host, seen.part()));
        }
        return snapshot;
    }

    @Override
    public void connectionEvent(Connection conn, Events event) {
        // jnats delivers these on an executor, possibly out of order: the state is read from the
        // connection itself every tick instead (see tick()); this only hurries the next tick.
        if (event == Events.RECONNECTED || event == Events.CONNECTED || event == Events.DISCONNECTED) {
            onTimer(this::tick);
        }
    }

    @Override
    public String describe() {
        Connection c = connection;
        return config.natsUrl() + (connected ? " (connected" : " (disconnected") + "; status "
                + (c == null ? "none" : c.getStatus()) + ", parts published " + published + ", not " + unpublished + ")";
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        Connection connection = this.connection;
        if (connection == null) {
            return;
        }
        try {
            if (connected) {
                connection.publish(prefix + config.host(), Json.writeProtocol(new HostPart(config.host(),
                        config.hostNumber(), kingpinPid, List.of(), Map.of(), List.of(), true)));
                connection.flush(Duration.ofSeconds(1));
            }
        } catch (Exception e) {
            log.debug("could not say goodbye on NATS: {}", e.toString());
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
