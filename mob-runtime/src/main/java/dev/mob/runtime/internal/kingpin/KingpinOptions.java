package dev.mob.runtime.internal.kingpin;

import dev.mob.runtime.internal.cluster.ClusterConfig;
import java.util.Map;

/**
 * What the Kingpin's command line chose beyond worker counts. Immutable.
 *
 * @param instance the instance name: one Kingpin runs per app, instance and user
 * @param maxMemoryBytes per role, the resident memory past which a worker is drained and restarted
 *     (PM2's max-memory-restart); a role missing here has no limit
 * @param exitWithParent stop the app when the process that started the Kingpin exits (a build
 *     tool's {@code exec}), instead of leaving it running
 * @param allowGuests let a process of this user that reads the run directory's {@code guest} file
 *     (mob-test's {@code MobTestKit.processes}) join as a guest that calls the roles
 * @param metricsPort serve Prometheus text on {@code http://127.0.0.1:PORT/metrics} (0: no)
 * @param cluster the cluster this host joins ({@code --cluster}), or null for a single host
 */
public record KingpinOptions(String instance, Map<String, Long> maxMemoryBytes, boolean exitWithParent,
        boolean allowGuests, int metricsPort, ClusterConfig cluster) {
    public static final KingpinOptions DEFAULT = new KingpinOptions("default", Map.of(), false, false, 0, null);

    public KingpinOptions {
        maxMemoryBytes = Map.copyOf(maxMemoryBytes);
    }
}
