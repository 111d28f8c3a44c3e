package dev.mob.runtime.internal.kingpin;

import java.util.Map;

/**
 * What the Kingpin's command line chose beyond worker counts. Immutable.
 *
 * @param instance the instance name: one Kingpin runs per app, instance and user
 * @param maxMemoryBytes per role, the resident memory past which a worker is drained and restarted
 *     (PM2's max-memory-restart); a role missing here has no limit
 */
public record KingpinOptions(String instance, Map<String, Long> maxMemoryBytes) {
    public static final KingpinOptions DEFAULT = new KingpinOptions("default", Map.of());

    public KingpinOptions {
        maxMemoryBytes = Map.copyOf(maxMemoryBytes);
    }
}
