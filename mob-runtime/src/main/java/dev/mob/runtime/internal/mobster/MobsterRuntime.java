package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.Mob;
import dev.mob.runtime.Mobster;
import dev.mob.runtime.Message;
import dev.mob.runtime.Subscription;
import dev.mob.runtime.Target;
import dev.mob.runtime.internal.Json;
import dev.mob.runtime.internal.Member;
import dev.mob.runtime.internal.MobsterIds;
import dev.mob.runtime.internal.cluster.ClusterConfig;
import dev.mob.runtime.internal.cluster.ClusterProvider;
import dev.mob.runtime.internal.cluster.Network;
import dev.mob.runtime.internal.Settings;
import dev.mob.runtime.internal.Signals;
import dev.mob.runtime.internal.wire.Frame;
import dev.mob.runtime.internal.wire.FrameHandler;
import dev.mob.runtime.internal.wire.Handshake;
import dev.mob.runtime.internal.wire.Link;
import dev.mob.runtime.internal.wire.Pipelines;
import dev.mob.runtime.internal.wire.Transport;
import dev.mob.runtime.spi.AppSpec;
import dev.mob.runtime.spi.RoleSpec;
import io.netty.channel.Channel;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import dev.mob.runtime.internal.Log;

/**
 * One mobster process: connects to the Kingpin, creates the role instance, serves its endpoint,
 * and implements {@link Mob} for application code.
 *
 * <p>Start-up order: read the secret from stdin, connect and authenticate to the Kingpin, receive
 * the directory, construct the role, open the endpoint, report READY, run {@code Mobster.start()}.
 * The process exits when told to stop, on SIGTERM (both drain first), or at once when its stdin
 * reaches EOF, which means the Kingpin is gone.
 */
public final class MobsterRuntime implements Mob {
    private static final Logger log = Log.get(MobsterRuntime.class);
    private static volatile MobsterRuntime current;

    private final AppSpec app;
    private final RoleSpec<?, ?> role;
    private final int index;
    /** This mobster's id: its pid, with its host's number in the upper bits in a cluster. */
    private final long pid;
    /** The cluster this host is part of, or null on a single host. */
    private final ClusterConfig cluster;
    /** Links to other hosts, or null on a single host. */
    private final Network network;
    /** The settings of links to other hosts: a shorter liveness (mob.clusterLivenessMs). */
    private final Settings remoteSettings;
    private final Settings settings;
    private final Transport transport;
    private final DirectoryHolder directory = new DirectoryHolder();
    private final PeerLinks links;
    private final Caller caller;
    private final Messenger messenger;
    private final Mux mux;
    private final MobsterMetrics metrics;
    private final HashedWheelTimer timer = new HashedWheelTimer(new DefaultThreadFactory("mob-timer", true), 10,
            TimeUnit.MILLISECONDS);
    private final ExecutorService userExecutor;
    private final ExecutorService messageThread;
    private final ThreadPoolExecutor callPool;
    private final Map<Class<?>, Object> clients = new ConcurrentHashMap<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch exitAllowed = new CountDownLatch(1);
    private final CountDownLatch firstDirectory = new CountDownLatch(1);
    private final Path endpoint;
    private final String secret;
    private final KingpinLink kingpin;

    private MobsterRuntime(AppSpec app, RoleSpec<?, ?> role, int index, Transport transport, KingpinLink kingpin,
            Path endpoint, String secret, Settings settings, ClusterConfig cluster, Network network) {
        this.app = app;
        this.cluster = cluster;
        this.network = network;
        this.pid = selfId(cluster);
        this.role = role;
        this.index = index;
        this.secret = secret;
        this.settings = settings;
        this.endpoint = endpoint;
        this.transport = transport;
        this.kingpin = kingpin;
        int cpus = Runtime.getRuntime().availableProcessors();
        this.userExecutor = AdaptivePool.create(cpus, 256, daemon("mob-callback"));
        this.messageThread = Executors.newSingleThreadExecutor(daemon("mob-messages"));
        this.callPool = AdaptivePool.create(cpus, settings.callThreads(), daemon("mob-call"));
        Link.Peer self = new Link.Peer(pid, role.name(), index);
        this.remoteSettings = settings.withLiveness(dev.mob.runtime.internal.Setting.CLUSTER_LIVENESS_MS.millis());
        PeerLinks.Dialer unix = PeerLinks.unixDialer(transport, settings);
        this.links = new PeerLinks(network == null ? unix : PeerLinks.clusterDialer(unix, network, remoteSettings,
                cluster.host()), self, secret, endpoint.toString());
        this.caller = new Caller(links, directory, timer, userExecutor, settings.maxFrameBytes(),
                settings.maxParkedCalls(), settings.maxCallbacks());
        this.messenger = new Messenger(directory, links, pid, settings.maxFrameBytes(),
                settings.messageWindowBytes(), settings.sendTimeout().toMillis(), messageThread);
        this.mux = new Mux(links, caller, messenger);
        links.frames(mux);
        this.metrics = new MobsterMetrics(app.name(), role.name(), index, MobsterIds.osPid(pid));
        metrics.messages(messenger.received::get, messenger.sent::get);
    }

    private static long selfId(ClusterConfig cluster) {
        return MobsterIds.of(cluster == null ? 0 : cluster.hostNumber(), ProcessHandle.current().pid());
    }

    /** The mob of this process; see {@link Mob#current()}. */
    static Mob current() {
        MobsterRuntime mob = current;
        if (mob == null) {
            throw new IllegalStateException("Mob.current() is only available in a mobster process, after its "
                    + "role instance began construction; the Kingpin runs no application code");
        }
        return mob;
    }

    /** Runs a mobster until it is told to stop; returns its exit code. */
    public static int run(AppSpec app, String roleName, int index, Path kingpinSocket) throws Exception {
        return boot(app, kingpinSocket, roleName, index);
    }

    /**
     * Runs a spare: a process started ahead of need, connected and warmed up, that becomes
     * whichever worker the Kingpin next has to replace. Reviving into a spare skips JVM start-up.
     */
    public static int runSpare(AppSpec app, Path kingpinSocket) throws Exception {
        return boot(app, kingpinSocket, null, -1);
    }

    private static int boot(AppSpec app, Path kingpinSocket, String roleName, int index) throws Exception {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String secret = stdin.readLine();
        if (secret == null || secret.isBlank()) {
            System.err.println("mob: a mobster must be started by the Kingpin (no secret on stdin)");
            return 2;
        }
        watchKingpin(stdin);
        Signals.ignoreInterrupt();
        Settings settings = Settings.fromSystemProperties();
        ClusterConfig cluster = ClusterConfig.fromSystemProperties();
        long pid = selfId(cluster);
        Path endpoint = kingpinSocket.getParent().resolve("m-" + MobsterIds.osPid(pid) + ".sock");
        Transport transport = new Transport(settings.ioThreads());
        Network network = cluster == null ? null : ClusterProvider.load().network(cluster, transport);
        String helloRole = roleName == null ? Member.SPARE_ROLE : roleName;
        KingpinLink kingpin = KingpinLink.connect(transport, settings, kingpinSocket,
                new Link.Peer(pid, helloRole, index), secret, endpoint.toString());
        if (roleName == null) {
            // Warm up both mappers while idle: the first use of Jackson costs ~100 ms of CPU.
            Json.readProtocol(Json.writeProtocol(List.of(new Member(pid, "warm", 0, "", Member.State.READY))), List.class);
            Json.read(Json.write(Map.of("warm", List.of(1, 2))), Map.class);
            Signals.onTerminate(() -> Runtime.getRuntime().halt(0));
            KingpinLink.Assignment assigned = kingpin.assignment().get();
            roleName = assigned.role();
            index = assigned.index();
        }
        MobsterRuntime mob = new MobsterRuntime(app, app.role(roleName), index, transport, kingpin, endpoint, secret,
                settings, cluster, network);
        Signals.onTerminate(mob.stopRequested::countDown);
        return mob.serve();
    }

    /**
     * Joins a running app from this JVM as a guest that calls its roles and sends messages (it
     * serves nothing, and no one can call it): what mob-test's {@code MobTestKit.processes} uses.
     * The app must have been started with {@code --allow-guests}, by this user.
     */
    public static MobsterRuntime guest(AppSpec app, Path runDir, Duration timeout) throws IOException,
            InterruptedException {
        List<String> lines = Files.readAllLines(runDir.resolve("guest"));
        String secret = lines.get(0).trim();
        long kingpinPid = Long.parseLong(lines.get(1).trim());
        Settings settings = Settings.fromSystemProperties();
        long pid = ProcessHandle.current().pid();
        Transport transport = new Transport(settings.ioThreads());
        KingpinLink kingpin = KingpinLink.connectGuest(transport, settings, runDir.resolve("kingpin.sock"),
                new Link.Peer(pid, Member.GUEST_ROLE, 0), secret, kingpinPid);
        RoleSpec<Object, Object> role = RoleSpec.of(Member.GUEST_ROLE, 1, List.of(), Object.class, mob -> null,
                (target, method, args) -> null, Object.class, channel -> null);
        MobsterRuntime mob = new MobsterRuntime(app, role, 0, transport, kingpin, runDir.resolve("guest-" + pid),
                secret, settings, null, null);
        kingpin.attach(mob.new KingpinTarget());
        if (!mob.firstDirectory.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            mob.closeGuest();
            throw new IllegalStateException("no answer from the Kingpin of app '" + app.name() + "' in " + runDir
                    + " within " + timeout + " (was it started with --allow-guests?)");
        }
        return mob;
    }

    /** Leaves the app: closes this guest's connections and threads. */
    public void closeGuest() {
        timer.stop();
        links.closeAll();
        transport.close();
        userExecutor.shutdownNow();
        messageThread.shutdownNow();
        callPool.shutdownNow();
    }

    /** Exits at once when stdin reaches EOF: the Kingpin died, even by SIGKILL, and closed our pipe. */
    private static void watchKingpin(BufferedReader stdin) {
        Thread watcher = new Thread(() -> {
            try {
                while (stdin.read() != -1) {
                    // nothing else is ever written
                }
            } catch (IOException ignored) {
                // treated as EOF
            }
            System.err.println("mob: the Kingpin is gone; exiting");
            Runtime.getRuntime().halt(3);
        }, "mob-kingpin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private int serve() throws Exception {
        kingpin.attach(new KingpinTarget());
        // No deadline: on a busy machine the Kingpin may be slow; if it is gone, stdin's EOF ends us.
        while (!firstDirectory.await(10, TimeUnit.SECONDS)) {
            log.info("still waiting for the directory from the Kingpin");
        }
        current = this;
        Object instance;
        try {
            instance = role.create(this);
        } catch (Throwable t) {
            log.error("cannot create role '{}' ({}): its constructor threw", role.name(), role.type().getName(), t);
            return 1;
        }
        Callee callee = new Callee(instance, role.dispatcher(), callPool, settings.maxFrameBytes(),
                settings.maxQueuedCalls());
        mux.serve(callee);
        new Watchdog(settings.stall(), callPool, settings.callThreads(), callee::inFlight, callee::lastFinishedNanos)
                .start(transport.group());
        callee.outcomes(metrics::served);
        metrics.gauges(callee::inFlight, caller::parkedCount, caller.callbacks::size, messenger::undelivered,
                messenger::inboxSize);
        transport.group().scheduleAtFixedRate(() -> kingpin.trySend(Frame.STATS, 0, role.name(), Json.writeProtocol(
                metrics.stats(callee.inFlight(), caller.callbacks.size(), messenger.undelivered()))),
                1, 1, TimeUnit.SECONDS);
        Files.deleteIfExists(endpoint);
        Channel server = transport.bind(endpoint, Pipelines.server(settings, secret, new Link.Peer(pid, role.name(), index),
                this::adopt, mux));
        String address = "";
        if (network != null) {
            address = network.listen(Pipelines.serverHandlers(remoteSettings, null,
                    new Link.Peer(pid, role.name(), index), this::adopt, mux));
            log.debug("listening for other hosts on {} ({})", address, network.security());
        }
        kingpin.send(Frame.READY, pid, role.name(), Json.writeProtocol(Map.of("address", address)));
        if (instance instanceof Mobster mobster) {
            try {
                mobster.start();
            } catch (Throwable t) {
                log.error("{}.start() threw; exiting", role.type().getSimpleName(), t);
                return 1;
            }
        }
        kingpin.send(Frame.SERVING, pid, role.name());
        stopRequested.await();
        int left = callee.drain(settings.grace());
        if (left > 0) {
            int refused = callee.refuseQueued();
            log.warn("stopping with {} calls still running after the {} ms grace period ({} more had not "
                    + "started: refused as not run, so their callers may send them elsewhere)", left - refused,
                    settings.grace().toMillis(), refused);
            left -= refused;
        }
        int code = 0;
        if (instance instanceof Mobster mobster) {
            try {
                mobster.stop();
            } catch (Throwable t) {
                log.error("{}.stop() threw", role.type().getSimpleName(), t);
                code = 1;
            }
        }
        // Others may still be finishing calls that need us (the whole app stops at once): serve
        // their last-resort calls until the Kingpin sees every mobster stopped, within the grace.
        kingpin.send(Frame.STOPPED, left, role.name()); // the id: calls cut off by the grace's end
        exitAllowed.await(settings.grace().toMillis(), TimeUnit.MILLISECONDS);
        callee.close();
        callee.drain(Duration.ofSeconds(1));
        server.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        timer.stop();
        links.closeAll();
        if (network != null) {
            network.close();
        }
        Files.deleteIfExists(endpoint);
        return code;
    }

    /** A peer that connected to us: its link carries our calls to it too, if our directory knows it. */
    private void adopt(Link link, Handshake.Hello hello) {
        Member member = directory.get().member(link.peer().pid());
        if (member != null && !member.endpoint().equals(hello.endpoint())) {
            log.warn("closing a connection from pid {}: it claims endpoint {}, the directory says {}",
                    link.peer().pid(), hello.endpoint(), member.endpoint());
            link.close();
            return;
        }
        links.adopt(link, member);
    }

    /** Directory pushes and the stop request, from the Kingpin's I/O thread. */
    private final class KingpinTarget implements KingpinLink.Target {
        @Override
        public void onDirectory(Directory directory) {
            caller.onDirectory(directory);
            firstDirectory.countDown();
        }

        @Override
        public void onStop() {
            stopRequested.countDown();
        }

        @Override
        public void onExit() {
            stopRequested.countDown();
            exitAllowed.countDown();
        }

        @Override
        public void onMetricsRequest(long id) {
            kingpin.trySend(Frame.METRICS, id, role.name(), metrics.scrape().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---- Mob ----

    @Override
    public <C> C require(Class<C> client) {
        return client.cast(clients.computeIfAbsent(client, c -> {
            RoleSpec<?, ?> target = app.roleOfClient(c);
            return target.client(new ClientChannelImpl(caller, target.name(), settings.defaultTimeout().toMillis(), 0));
        }));
    }

    @Override
    public void send(Object msg) {
        messenger.sendToAllOthers(msg);
    }

    @Override
    public Target all(String role) {
        return messenger.all(role);
    }

    @Override
    public Target any(String role) {
        return messenger.any(role);
    }

    @Override
    public Target pid(long pid) {
        return messenger.pid(pid);
    }

    @Override
    public Subscription onMessage(Consumer<Message> handler) {
        return messenger.subscribe(handler);
    }

    @Override
    public String app() {
        return app.name();
    }

    @Override
    public String role() {
        return role.name();
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public String host() {
        return cluster == null ? "" : cluster.host();
    }

    /** Open connections to other mobsters, by their pid; for tests and diagnostics. */
    public Map<Long, Long> connectionsByPeer() {
        return links.countsByPeer();
    }

    /** Callbacks this process has handed out and not yet released; for tests and diagnostics. */
    public int callbacksOutstanding() {
        return caller.callbacks.size();
    }
}
