package dev.mob.runtime.internal.kingpin;

import dev.mob.runtime.internal.DirectorySnapshot;
import dev.mob.runtime.internal.Json;
import dev.mob.runtime.internal.Member;
import dev.mob.runtime.internal.MobsterIds;
import dev.mob.runtime.internal.cluster.ClusterConfig;
import dev.mob.runtime.internal.Setting;
import dev.mob.runtime.internal.Settings;
import dev.mob.runtime.internal.Signals;
import dev.mob.runtime.internal.wire.Frame;
import dev.mob.runtime.internal.wire.FrameCodec;
import dev.mob.runtime.internal.wire.FrameHandler;
import dev.mob.runtime.internal.wire.Handshake;
import dev.mob.runtime.internal.wire.Link;
import dev.mob.runtime.internal.wire.Pipelines;
import dev.mob.runtime.internal.wire.Transport;
import dev.mob.runtime.spi.AppSpec;
import dev.mob.runtime.spi.RoleSpec;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import dev.mob.runtime.internal.Log;

/**
 * The master process: launches every slot's mobster, revives those that exit unasked, keeps the
 * directory and pushes it to all mobsters on every change, and drains the app on SIGTERM/SIGINT.
 * It runs no application code.
 *
 * <p>All state lives on one control thread ({@link #control}); Netty and process callbacks hop
 * onto it, so nothing here needs a lock.
 */
public final class Kingpin {
    private static final Logger log = Log.get(Kingpin.class);

    private final AppSpec app;
    private final Settings settings;
    private final Backoff backoff = Backoff.fromSystemProperties();
    private final ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mob-kingpin");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final RollingReload reloads = new RollingReload(new ReloadHooks());
    private boolean announcedServing;
    private ControlServer controlServer;
    private MetricsEndpoint metrics;
    /** Guests' control links (tests calling the roles from outside), with --allow-guests. */
    private final List<Link> guests = new ArrayList<>();
    /** Every child process not yet seen to exit, spare included; read by the shutdown hook. */
    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Instant startedAt = Instant.now();
    private final long pid = ProcessHandle.current().pid();
    private RunDir runDir;
    private Spawner spawner;
    private Transport transport;
    private Channel server;
    private boolean announcedReady;
    private boolean stopping;
    /** A started, connected, idle process that the next revival of a role without jvmArgs takes over. */
    private Spare spare;
    private final boolean sparesEnabled = Setting.SPARES.intValue() > 0;

    private static final class Spare {
        final Spawner.Child child;
        Link link;
        String endpoint;

        Spare(Spawner.Child child) {
            this.child = child;
        }
    }
    private volatile int exitCode;

    private final KingpinOptions options;
    /** Exit code when another Kingpin of the same app, instance and user is running. */
    public static final int EXIT_ALREADY_RUNNING = 3;

    /** This host's number in mobster ids (0 on a single host), and its name (empty there). */
    private final int hostNumber;
    private final String host;
    /** The other hosts, with --cluster; else null. */
    private final ClusterSide cluster;

    public Kingpin(AppSpec app, Settings settings, KingpinOptions options) {
        this.app = app;
        this.settings = settings;
        this.options = options;
        ClusterConfig config = options.cluster();
        this.hostNumber = config == null ? 0 : config.hostNumber();
        this.host = config == null ? "" : config.host();
        this.cluster = config == null ? null : new ClusterSide(config, control, this::pushDirectory, this::say);
    }

    /** Whether this host runs {@code role} (every role, but for a cluster host given --roles). */
    private boolean runsHere(String role) {
        return cluster == null || cluster.config().runs(role);
    }

    private List<String> localRoles() {
        return app.roles().keySet().stream().filter(this::runsHere).toList();
    }

    /** The id a mobster of this host with OS pid {@code pid} has. */
    private long id(long pid) {
        return MobsterIds.of(hostNumber, pid);
    }

    /** Runs until every mobster has exited after a stop signal; returns the process exit code. */
    public int run() throws IOException, InterruptedException {
        InstanceLock lock;
        try {
            lock = InstanceLock.acquire(RunDir.base(), app.name(), options.instance());
        } catch (InstanceLock.AlreadyRunning e) {
            System.err.println("mob: " + e.getMessage());
            return EXIT_ALREADY_RUNNING;
        }
        runDir = RunDir.create(app.name());
        lock.record(pid, runDir.path());
        if (options.allowGuests()) {
            runDir.writeGuestFile(pid);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::killSurvivors, "mob-kingpin-hook"));
        spawner = new Spawner(app, runDir.kingpinSocket(), runDir.secret(),
                cluster == null ? List.of() : cluster.config().mobsterProperties());
        Signals.onStop(() -> control.execute(this::onStopSignal));
        if (options.exitWithParent()) {
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> control.execute(() -> {
                say("the process that started this app (pid " + parent.pid() + ") exited: stopping");
                onStopSignal();
            })));
        }
        Signals.onHangup(() -> control.execute(() -> {
            say("SIGHUP: reloading every role");
            reloads.start(localRoles(), result -> say(result));
        }));
        controlServer = new ControlServer(runDir.path(), this::command);
        if (options.metricsPort() > 0) {
            metrics = new MetricsEndpoint(options.metricsPort(), settings.maxFrameBytes(), new MetricsSource());
            say("metrics at http://127.0.0.1:" + metrics.port() + "/metrics");
        }
        say("starting " + describeRoles() + " (run dir " + runDir.path() + ")");
        if (cluster != null) {
            ClusterConfig c = cluster.config();
            say("joining cluster " + c.natsUrl() + " as host '" + c.host() + "' (number " + c.hostNumber()
                    + "), reachable at " + c.advertise() + (c.insecure() ? " over PLAIN TCP" : " over mutual TLS"));
            if (c.insecure()) {
                say("WARNING: --insecure-cluster: links between hosts are plain TCP and nobody is "
                        + "authenticated on them; for tests on one machine only, never between real hosts");
            }
            cluster.join(app.name(), pid);
            long beat = Setting.CLUSTER_HEARTBEAT_MS.longValue();
            control.scheduleAtFixedRate(() -> {
                try {
                    publishPart(true, localMembers(), localRestarts());
                } catch (RuntimeException e) { // a throwing periodic task would never run again
                    log.warn("cannot publish this host's part of the directory: {}", e.toString());
                }
            }, beat, beat, TimeUnit.MILLISECONDS);
        }
        // Launch first and open the control socket while the mobsters' JVMs boot: they retry
        // until it is there, and the Kingpin's own Netty start-up leaves the critical path.
        control.execute(() -> {
            for (RoleSpec<?, ?> role : app.roles().values()) {
                if (!runsHere(role.name())) {
                    continue;
                }
                for (int i = 0; i < role.workers(); i++) {
                    Slot slot = new Slot(role.name(), i);
                    slots.put(slot.label(), slot);
                    launch(slot);
                }
            }
        });
        if (!options.maxMemoryBytes().isEmpty()) {
            control.scheduleWithFixedDelay(this::checkMemory, 2, 2, TimeUnit.SECONDS);
        }
        transport = new Transport(1);
        Link.Peer self = new Link.Peer(pid, "kingpin", -1);
        server = transport.bind(runDir.kingpinSocket(), Pipelines.server(settings, runDir.secret(), self,
                (link, hello) -> control.execute(() -> onHello(link, hello)), new ControlListener()));
        log.debug("control socket open ({} transport)", transport.kind());
        finished.await();
        if (cluster != null) {
            cluster.close();
        }
        controlServer.close();
        if (metrics != null) {
            metrics.close();
        }
        server.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        transport.close();
        runDir.close();
        lock.close();
        say(exitCode == 0 ? "stopped" : "stopped (forced; exit code " + exitCode + ")");
        return exitCode;
    }

    private void launch(Slot slot) {
        if (stopping) {
            return;
        }
        if (slot.removing) {
            slots.remove(slot.label(), slot);
            pushDirectory();
            return;
        }
        if (spare != null && spare.link != null && app.role(slot.role).jvmArgs().isEmpty()) {
            assignSpare(slot);
            return;
        }
        Spawner.Child child;
        try {
            child = spawner.spawn(app.role(slot.role), slot.index);
        } catch (IOException e) {
            scheduleRestart(slot, slot.failed(backoff, null), "could not be started: " + e.getMessage());
            return;
        }
        attach(slot, child);
        slot.state = null;
        slot.endpoint = null;
        slot.address = "";
        slot.link = null;
    }

    private void attach(Slot slot, Spawner.Child child) {
        Process process = child.process();
        live.add(process);
        slot.process = process;
        slot.pid = process.pid();
        slot.startedAt = Instant.now();
        slot.stopRequested = false;
        slot.stopped = false;
        process.onExit().thenRunAsync(() -> onExit(slot, process), control);
    }

    /** Revives {@code slot} in the warm spare: no JVM start-up on the path. */
    private void assignSpare(Slot slot) {
        Spare taken = spare;
        spare = null;
        attach(slot, taken.child);
        taken.child.rename(app.name(), slot.label());
        slot.link = taken.link;
        slot.endpoint = taken.endpoint;
        slot.state = Member.State.STARTING;
        slot.link.send(FrameCodec.encode(ByteBufAllocator.DEFAULT, settings.maxFrameBytes(), Frame.ASSIGN, 0, "",
                Json.writeProtocol(Map.of("role", slot.role, "index", slot.index)), "assign"));
        pushDirectory();
        control.schedule(this::spawnSpare, 1, TimeUnit.SECONDS);
    }

    private void spawnSpare() {
        if (stopping || !sparesEnabled || spare != null) {
            return;
        }
        Spawner.Child child;
        try {
            child = spawner.spawn(null, -1);
        } catch (IOException e) {
            log.warn("cannot start a spare process: {}", e.toString());
            return;
        }
        live.add(child.process());
        Spare started = new Spare(child);
        spare = started;
        child.process().onExit().thenRunAsync(() -> {
            live.remove(child.process());
            spawner.exited(child.process());
            if (spare == started) {
                spare = null;
                log.warn("the spare process {} exited with code {}; starting another in 2 s", child.process().pid(),
                        child.process().exitValue());
                control.schedule(this::spawnSpare, 2, TimeUnit.SECONDS);
            }
        }, control);
    }

    private void onHello(Link link, Handshake.Hello hello) {
        Link.Peer peer = link.peer();
        if (peer.role().equals(Member.GUEST_ROLE)) {
            if (options.allowGuests() && !stopping) {
                guests.add(link);
                pushDirectory();
            } else {
                log.warn("refusing a guest (pid {}): start the app with --allow-guests to let tests call it", peer.pid());
                link.close();
            }
            return;
        }
        if (peer.role().equals(Member.SPARE_ROLE)) {
            if (spare != null && id(spare.child.process().pid()) == peer.pid() && !stopping) {
                spare.link = link;
                spare.endpoint = hello.endpoint();
            } else {
                link.close();
            }
            return;
        }
        String label = peer.role() + "#" + peer.index();
        Slot slot = slots.get(label);
        if (slot == null || id(slot.pid) != peer.pid()) {
            slot = reloads.incoming(label);
        }
        if (slot == null || id(slot.pid) != peer.pid()) {
            log.warn("refusing a mobster that is not one of ours: {} pid {}", peer.role() + "#" + peer.index(), peer.pid());
            link.close();
            return;
        }
        slot.link = link;
        slot.endpoint = hello.endpoint();
        slot.state = Member.State.STARTING;
        if (stopping) {
            requestStop(slot);
        }
        pushDirectory();
    }

    @SuppressWarnings("unchecked")
    private void onReady(Link link, byte[] payload) {
        Slot slot = slotOf(link);
        if (slot == null) {
            return;
        }
        if (payload.length > 0) {
            Object address = Json.readProtocol(payload, Map.class).get("address");
            slot.address = address == null ? "" : address.toString();
        }
        slot.state = Member.State.READY;
        slot.everReady = true;
        pushDirectory();
        reloads.ready(slot);
        if (!announcedReady && slots.values().stream().allMatch(s -> s.state == Member.State.READY)) {
            announcedReady = true;
            StringJoiner pids = new StringJoiner(", ");
            for (RoleSpec<?, ?> role : app.roles().values()) {
                if (!runsHere(role.name())) {
                    continue;
                }
                List<Long> rolePids = new ArrayList<>();
                slots.values().stream().filter(s -> s.role.equals(role.name())).forEach(s -> rolePids.add(s.pid));
                pids.add(role.name() + "=" + rolePids);
            }
            say("ready in " + Duration.between(startedAt, Instant.now()).toMillis() + " ms: " + pids);
            spawnSpare();
        }
    }

    /** Drains and restarts a worker whose resident memory is past its role's limit, one per role at a time. */
    private void checkMemory() {
        if (stopping) {
            return;
        }
        for (Slot slot : slots.values()) {
            Long limit = options.maxMemoryBytes().get(slot.role);
            if (limit == null || !slot.alive() || slot.state != Member.State.READY || slot.stopRequested
                    || slots.values().stream().anyMatch(s -> s.role.equals(slot.role) && s.restartRequested)) {
                continue;
            }
            long rss = ProcStat.rssBytes(slot.pid);
            if (rss > limit) {
                say(slot.label() + " pid " + slot.pid + " uses " + (rss >> 20) + " MiB, over its limit of "
                        + (limit >> 20) + " MiB: draining and restarting it");
                slot.restartRequested = true;
                requestStop(slot);
                pushDirectory();
            }
        }
    }

    private void onStopped(Link link, long callsCutOff) {
        Slot slot = slotOf(link);
        if (slot != null) {
            slot.stopped = true;
            if (!stopping) {
                // One worker stopping alone (SIGTERM to it, a memory restart): it need not wait for others.
                slot.link.send(FrameCodec.encode(ByteBufAllocator.DEFAULT, settings.maxFrameBytes(), Frame.EXIT, 0, "",
                        new byte[0], "exit"));
            }
            if (callsCutOff > 0 && stopping) {
                say(slot.label() + " stopped with " + callsCutOff + " calls still running at the end of the grace "
                        + "period; the stop is forced (exit code 1)");
                exitCode = 1;
            }
            exitWhenAllStopped();
        }
    }

    private void onExit(Slot slot, Process process) {
        live.remove(process);
        spawner.exited(process);
        if (slot.process != process) {
            return;
        }
        int code = process.exitValue();
        Duration uptime = Duration.between(slot.startedAt, Instant.now());
        if (slot.endpoint != null) {
            // A mobster that died could not remove its socket file; a crash loop would pile them up.
            try {
                java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(slot.endpoint));
            } catch (IOException e) {
                log.debug("cannot remove {}: {}", slot.endpoint, e.toString());
            }
        }
        if (slot.link != null) {
            slot.link.close();
        }
        slot.link = null;
        slot.state = null;
        slot.address = "";
        slot.process = null;
        slot.serving = false;
        pushDirectory();
        if (reloads.exited(slot, code)) {
            if (!stopping) {
                return;
            }
        } else if (slot.removing) {
            slots.remove(slot.label(), slot);
            pushDirectory();
            say(slot.label() + " pid " + slot.pid + " stopped and was removed (scale)");
            if (!stopping) {
                return;
            }
        }
        if (stopping) {
            if (allSlots().stream().noneMatch(Slot::alive)) {
                finished.countDown();
            } else {
                exitWhenAllStopped();
            }
            return;
        }
        if (slot.restartRequested) {
            slot.restartRequested = false;
            slot.restarts++;
            say(slot.label() + " pid " + slot.pid + " stopped for its restart; starting it again");
            launch(slot);
            return;
        }
        scheduleRestart(slot, slot.failed(backoff, uptime), "pid " + slot.pid + " exited with code " + code + " after " + uptime.toMillis() + " ms");
    }

    private void scheduleRestart(Slot slot, Duration delay, String why) {
        String message = slot.label() + " " + why + "; restart " + slot.restarts + " ("
                + slot.consecutiveFailures + " in a row) in " + delay.toMillis() + " ms";
        if (slot.consecutiveFailures >= 3) {
            say("crash loop: " + message);
        } else {
            say(message);
        }
        control.schedule(() -> launch(slot), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onStopSignal() {
        if (stopping) {
            say("second stop signal: killing every mobster now");
            killSurvivors();
            exitCode = 1;
            finished.countDown();
            return;
        }
        stopping = true;
        if (spare != null) {
            spare.child.process().destroyForcibly();
            spare = null;
        }
        say("stopping: draining calls (grace " + settings.grace().toMillis() + " ms)");
        for (Slot slot : allSlots()) {
            requestStop(slot);
        }
        pushDirectory();
        if (allSlots().stream().noneMatch(Slot::alive)) {
            finished.countDown();
            return;
        }
        long force = settings.grace().toMillis() + 5_000;
        control.schedule(() -> {
            if (finished.getCount() > 0) {
                say("mobsters still running " + force + " ms after the stop signal; killing them");
                killSurvivors();
                exitCode = 1;
                finished.countDown();
            }
        }, force, TimeUnit.MILLISECONDS);
    }

    /** Once every mobster still running has drained and stopped, lets them all exit at once. */
    private void exitWhenAllStopped() {
        if (allSlots().stream().filter(Slot::alive).allMatch(s -> s.stopped || s.link == null)) {
            for (Slot slot : allSlots()) {
                if (slot.alive() && slot.link != null) {
                    slot.link.send(FrameCodec.encode(ByteBufAllocator.DEFAULT, settings.maxFrameBytes(), Frame.EXIT,
                            0, "", new byte[0], "exit"));
                }
            }
        }
    }

    private void requestStop(Slot slot) {
        if (!slot.alive() || slot.stopRequested) {
            return;
        }
        slot.stopRequested = true;
        if (slot.state != null) {
            slot.state = Member.State.DRAINING;
        }
        if (slot.link != null) {
            slot.link.send(FrameCodec.encode(ByteBufAllocator.DEFAULT, settings.maxFrameBytes(), Frame.STOP, 0, "",
                    new byte[0], "stop"));
        } else {
            // Not connected yet: it has no calls to drain.
            slot.process.destroy();
        }
    }

    /** Kills every child still running; safe on any thread (the shutdown hook's too). */
    private void killSurvivors() {
        for (Process process : live) {
            process.destroyForcibly();
        }
    }

    private void pushDirectory() {
        List<Member> members = localMembers();
        Map<String, Integer> restarts = localRestarts();
        if (cluster != null) {
            publishPart(false, members, restarts); // the part keeps copies
            members.addAll(cluster.remoteMembers());
            cluster.addRemoteRestarts(restarts);
        }
        byte[] payload = Json.writeProtocol(new DirectorySnapshot(members, restarts, host));
        List<Link> to = new ArrayList<>(guests);
        for (Slot slot : allSlots()) {
            if (slot.link != null) {
                to.add(slot.link);
            }
        }
        for (Link link : to) {
            link.send(FrameCodec.encode(ByteBufAllocator.DEFAULT, settings.maxFrameBytes(), Frame.DIRECTORY, 0, "",
                    payload, "directory"));
        }
    }

    private List<Member> localMembers() {
        List<Member> members = new ArrayList<>();
        for (Slot slot : allSlots()) {
            if (slot.state != null && slot.link != null) {
                members.add(slot.member(id(slot.pid), host));
            }
        }
        return members;
    }

    private Map<String, Integer> localRestarts() {
        Map<String, Integer> restarts = new LinkedHashMap<>();
        for (Slot slot : slots.values()) {
            restarts.merge(slot.role, slot.restarts, Integer::sum);
        }
        return restarts;
    }

    /**
     * This host's part of the cluster's directory, with its status rows: published when its
     * members or restarts changed, and on every heartbeat.
     */
    @SuppressWarnings("unchecked")
    private void publishPart(boolean heartbeat, List<Member> members, Map<String, Integer> restarts) {
        List<Map<String, Object>> status = (List<Map<String, Object>>) StatusReport.json(app.name(),
                options.instance(), pid, 0, announcedServing, localRoles(), slots.values(), System.nanoTime())
                .get("roles");
        cluster.publish(new dev.mob.runtime.internal.cluster.HostPart(host, hostNumber, pid, members, restarts,
                status, false), heartbeat);
    }

    private Map<String, Object> statusJson() {
        Map<String, Object> json = StatusReport.json(app.name(), options.instance(), pid,
                Duration.between(startedAt, Instant.now()).toMillis(), announcedServing, localRoles(), slots.values(),
                System.nanoTime());
        if (cluster != null) {
            json.put("host", host);
            json.put("cluster", cluster.describe());
            json.put("hosts", cluster.hostsStatus());
        }
        return json;
    }

    /** Every slot: the app's, and the new processes of a reload. */
    private List<Slot> allSlots() {
        List<Slot> all = new ArrayList<>(slots.values());
        all.addAll(reloads.incoming());
        return all;
    }

    @SuppressWarnings("unchecked")
    private void onStats(Link link, byte[] payload) {
        Slot slot = slotOf(link);
        if (slot != null) {
            slot.sample(Json.readProtocol(payload, Map.class), System.nanoTime());
        }
    }

    private void onServing(Link link) {
        Slot slot = slotOf(link);
        if (slot == null) {
            return;
        }
        slot.serving = true;
        if (!announcedServing && announcedReady && slots.values().stream().allMatch(s -> s.serving)) {
            announcedServing = true;
            say("serving in " + Duration.between(startedAt, Instant.now()).toMillis()
                    + " ms: every worker's start() has returned");
        }
    }

    // ---- operations: commands, reload, scale, metrics ----

    private java.util.concurrent.CompletableFuture<Map<String, Object>> command(String name, Map<String, Object> args) {
        var answer = new java.util.concurrent.CompletableFuture<Map<String, Object>>();
        control.execute(() -> {
            try {
                switch (name) {
                    case "status" -> {
                        Map<String, Object> json = statusJson();
                        answer.complete(Map.of("ok", true, "json", json, "text", StatusReport.table(json)));
                    }
                    case "stop" -> {
                        onStopSignal();
                        answer.complete(Map.of("ok", true, "text", "stopping app '" + app.name() + "'"));
                    }
                    case "scale" -> answer.complete(scale(args));
                    case "reload" -> {
                        Object role = args.get("role");
                        List<String> roles = role == null ? localRoles() : List.of(role.toString());
                        if (role != null && !localRoles().contains(role.toString())) {
                            answer.complete(Map.of("ok", false, "text", "no role '" + role + "'; roles: "
                                    + app.roles().keySet()));
                        } else {
                            reloads.start(roles, result -> answer.complete(Map.of("ok", !result.startsWith("reload failed"),
                                    "text", result)));
                        }
                    }
                    default -> answer.complete(Map.of("ok", false, "text", "unknown command '" + name + "'"));
                }
            } catch (RuntimeException e) {
                answer.complete(Map.of("ok", false, "text", e.toString()));
            }
        });
        return answer;
    }

    /** Changes worker counts: new slots start at once, removed ones drain first. */
    private Map<String, Object> scale(Map<String, Object> counts) {
        if (stopping) {
            return Map.of("ok", false, "text", "the app is stopping");
        }
        StringJoiner done = new StringJoiner(", ");
        for (Map.Entry<String, Object> e : counts.entrySet()) {
            String role = e.getKey();
            if (!app.roles().containsKey(role)) {
                return Map.of("ok", false, "text", "no role '" + role + "'; roles: " + app.roles().keySet());
            }
            if (!runsHere(role)) {
                return Map.of("ok", false, "text", "role '" + role + "' does not run on host '" + host + "' (--roles "
                        + String.join(",", localRoles()) + "); scale it on a host that runs it");
            }
            int target = ((Number) e.getValue()).intValue();
            List<Slot> current = slots.values().stream().filter(s -> s.role.equals(role) && !s.removing)
                    .sorted(java.util.Comparator.comparingInt(s -> s.index)).toList();
            int have = current.size();
            for (int index = 0; have < target; index++) {
                String label = role + "#" + index;
                if (!slots.containsKey(label)) {
                    Slot slot = new Slot(role, index);
                    slots.put(label, slot);
                    launch(slot);
                    have++;
                }
            }
            for (int i = target; i < current.size(); i++) {
                Slot slot = current.get(i);
                slot.removing = true;
                if (slot.alive()) {
                    requestStop(slot);
                } else {
                    slots.remove(slot.label(), slot);
                }
            }
            done.add(role + "=" + target + " (was " + current.size() + ")");
        }
        pushDirectory();
        say("scale: " + done);
        return Map.of("ok", true, "text", "scaled " + done);
    }

    /** What a reload may do to the Kingpin's slots, spare and directory; on the control thread. */
    private final class ReloadHooks implements RollingReload.Kingpin {
        @Override
        public Map<String, Slot> slots() {
            return slots;
        }

        @Override
        public boolean stopping() {
            return stopping;
        }

        @Override
        public void start(Slot slot) throws IOException {
            attach(slot, spawner.spawn(app.role(slot.role), slot.index));
        }

        @Override
        public void requestStop(Slot slot) {
            Kingpin.this.requestStop(slot);
        }

        @Override
        public void pushDirectory() {
            Kingpin.this.pushDirectory();
        }

        @Override
        public void say(String line) {
            Kingpin.this.say(line);
        }

        @Override
        public void spare(boolean done) {
            if (done) {
                control.schedule(Kingpin.this::spawnSpare, 1, TimeUnit.SECONDS);
            } else if (spare != null) {
                spare.child.process().destroyForcibly();
                spare = null;
            }
        }
    }

    /** For the metrics endpoint: every slot's link, asked on the control thread, and the Kingpin's own meters. */
    private final class MetricsSource implements MetricsEndpoint.Source {
        @Override
        public java.util.concurrent.Executor control() {
            return control;
        }

        @Override
        public List<Link> links() {
            return allSlots().stream().filter(s -> s.link != null).map(s -> s.link).toList();
        }

        @Override
        public void own(PrometheusText out) {
            StatusReport.prometheus(out, app.name(), pid, localRoles(), slots.values());
        }
    }

    private Slot slotOf(Link link) {
        for (Slot slot : allSlots()) {
            if (slot.link == link) {
                return slot;
            }
        }
        return null;
    }

    private String describeRoles() {
        StringJoiner roles = new StringJoiner(", ");
        app.roles().values().stream().filter(r -> runsHere(r.name())).forEach(r -> roles.add(r.name() + " x" + r.workers()));
        return roles.toString();
    }

    private void say(String line) {
        System.out.println("[" + app.name() + " kingpin " + pid + "] " + line);
    }

    /** Frames from mobsters; runs on the I/O thread and hops to the control thread. */
    private final class ControlListener implements FrameHandler.Listener {
        @Override
        public void onFrame(Link link, Frame frame) {
            if (frame.kind() == Frame.READY) {
                byte[] payload = frame.payload();
                control.execute(() -> onReady(link, payload));
            } else if (frame.kind() == Frame.STOPPED) {
                control.execute(() -> onStopped(link, frame.id()));
            } else if (frame.kind() == Frame.STATS) {
                byte[] payload = frame.payload();
                control.execute(() -> onStats(link, payload));
            } else if (frame.kind() == Frame.METRICS) {
                String text = new String(frame.payload(), java.nio.charset.StandardCharsets.UTF_8);
                if (metrics != null) {
                    metrics.answer(frame.id(), text);
                }
            } else if (frame.kind() == Frame.SERVING) {
                control.execute(() -> onServing(link));
            } else {
                log.warn("closing {}: unexpected frame kind {} on the control connection", link, frame.kind());
                link.close();
            }
        }

        @Override
        public void onClose(Link link) {
            control.execute(() -> {
                guests.remove(link);
                Slot slot = slotOf(link);
                if (slot == null || !slot.alive()) {
                    return;
                }
                // A mobster that loses its control connection exits on its own at once; one still
                // running a moment later is frozen or hung (the link was cut for silence): kill it,
                // and its exit revives it.
                Process process = slot.process;
                control.schedule(() -> {
                    if (slot.process == process && process.isAlive() && slot.link == link) {
                        say(slot.label() + " pid " + process.pid() + " stopped answering; killing it");
                        process.destroyForcibly();
                    }
                }, 2, TimeUnit.SECONDS);
            });
        }
    }
}
