package dev.mob.runtime.internal.kingpin;

import dev.mob.runtime.internal.Member;
import dev.mob.runtime.internal.cluster.ClusterConfig;
import dev.mob.runtime.internal.cluster.ClusterProvider;
import dev.mob.runtime.internal.cluster.HostPart;
import dev.mob.runtime.internal.cluster.Membership;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The Kingpin's side of a cluster: publishes this host's part of the directory (on change, and
 * every heartbeat with fresh status rows) and keeps the other hosts' parts, which the Kingpin
 * merges into the directory it pushes to its mobsters. Everything but the listener callbacks runs
 * on the Kingpin's control thread.
 */
final class ClusterSide implements Membership.Listener {
    private final ClusterConfig config;
    private final Executor control;
    private final Runnable onChange;
    private final Consumer<String> say;
    private Membership membership;
    private Map<String, HostPart> others = Map.of();
    private HostPart lastPublished;

    ClusterSide(ClusterConfig config, Executor control, Runnable onChange, Consumer<String> say) {
        this.config = config;
        this.control = control;
        this.onChange = onChange;
        this.say = say;
    }

    ClusterConfig config() {
        return config;
    }

    /** Loads mob-cluster and joins; the control plane need not be reachable yet (it is retried). */
    void join(String app, long kingpinPid) throws IOException {
        membership = ClusterProvider.load().join(config, app, kingpinPid, this);
    }

    @Override
    public void onParts(Map<String, HostPart> parts) {
        Map<String, HostPart> copy = Map.copyOf(parts);
        control.execute(() -> {
            others = copy;
            onChange.run();
        });
    }

    @Override
    public void say(String line) {
        say.accept(line);
    }

    /** The other hosts' mobsters that can be dialled (those listening for other hosts). */
    List<Member> remoteMembers() {
        List<Member> members = new ArrayList<>();
        for (HostPart part : new TreeMap<>(others).values()) {
            for (Member m : part.members()) {
                if (!m.address().isEmpty()) {
                    members.add(m);
                }
            }
        }
        return members;
    }

    void addRemoteRestarts(Map<String, Integer> restarts) {
        others.values().forEach(p -> p.restarts().forEach((role, n) -> restarts.merge(role, n, Integer::sum)));
    }

    /** Publishes {@code part} if its directory changed, or always when {@code heartbeat}. */
    void publish(HostPart part, boolean heartbeat) {
        if (membership == null || (!heartbeat && part.sameDirectory(lastPublished))) {
            return;
        }
        lastPublished = part;
        membership.publish(part);
    }

    /** The other hosts for {@code status --json}: host, kingpin pid and its role rows. */
    List<Map<String, Object>> hostsStatus() {
        List<Map<String, Object>> hosts = new ArrayList<>();
        Map<String, HostPart> latest = membership == null ? others : membership.current();
        for (HostPart part : new TreeMap<>(latest).values()) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("host", part.host());
            h.put("kingpin_pid", part.kingpinPid());
            h.put("roles", part.status());
            hosts.add(h);
        }
        return hosts;
    }

    String describe() {
        return membership == null ? "not joined" : membership.describe();
    }

    void close() {
        if (membership != null) {
            membership.close();
        }
    }
}
