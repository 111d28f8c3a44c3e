package dev.mob.runtime.internal;

import java.time.Duration;

/**
 * Every {@code -Dmob.*} setting a user may give, with its default and meaning: the one list that
 * {@code --help}, {@link Settings} and the README's table are made from (a test checks the README).
 * Given to the Kingpin, a setting reaches every mobster; per role, put it in {@code @Role(jvmArgs)}.
 */
public enum Setting {
    TIMEOUT_MS("mob.timeoutMs", "30000", "default call deadline"),
    GRACE_MS("mob.graceMs", "10000", "how long a stopping mobster lets calls in flight finish"),
    MAX_FRAME_BYTES("mob.maxFrameBytes", "16777216", "largest call, reply or message"),
    CALL_THREADS("mob.callThreads", "64", "threads running exported methods, per mobster"),
    MAX_QUEUED_CALLS("mob.maxQueuedCalls", "1024",
            "calls a worker holds (running or queued); past it, calls are refused as not run"),
    MAX_PARKED_CALLS("mob.maxParkedCalls", "10000",
            "calls a mobster lets wait for a role with no ready worker; past it, MobOverloadedException"),
    MESSAGE_WINDOW_BYTES("mob.messageWindowBytes", "1048576",
            "bytes of messages one sender may have waiting at one receiver's handlers"),
    SEND_TIMEOUT_MS("mob.sendTimeoutMs", "10000",
            "how long send() waits for a full receiver before it throws MobOverloadedException"),
    MAX_CALLBACKS("mob.maxCallbacks", "10000",
            "callbacks a mobster keeps for others to call; past it the oldest expires unused (a warning)"),
    PING_MS("mob.pingMs", "1000", "an idle link sends a ping this often"),
    LIVENESS_MS("mob.livenessMs", "5000", "a peer silent this long (frozen, stopped) is cut off"),
    CLUSTER_LIVENESS_MS("mob.clusterLivenessMs", "3000",
            "a link to another host silent this long is cut off (its calls fail or retry elsewhere)"),
    CLUSTER_HEARTBEAT_MS("mob.clusterHeartbeatMs", "1000",
            "each Kingpin publishes its host's part this often; 3 missed and the host is dropped"),
    STALL_MS("mob.stallMs", "10000",
            "a mobster whose call threads are all busy with no call finishing this long is restarted"),
    HANDSHAKE_TIMEOUT_MS("mob.handshakeTimeoutMs", "10000",
            "a connection that does not authenticate in time is dropped"),
    IO_THREADS("mob.ioThreads", "1", "Netty event loop threads per mobster"),
    RESTART_BASE_MS("mob.restartBaseMs", "100", "revival backoff: the second restart's delay, doubling after"),
    RESTART_CAP_MS("mob.restartCapMs", "10000", "revival backoff: the longest delay"),
    HEALTHY_MS("mob.healthyMs", "30000", "revival backoff: a run this long resets it"),
    RELOAD_PARALLEL("mob.reloadParallel", "1", "workers of one role a reload replaces at a time"),
    RUN_DIR("mob.runDir", "/tmp", "where the private run directory is created"),
    SPARES("mob.spares", "1", "warm spare processes kept for fast revival (0 or 1)"),
    CDS("mob.cds", "true", "class-data archive for faster mobster start-up"),
    CDS_DIR("mob.cdsDir", "<tmpdir>/mob-cds-<user>", "where class-data archives are kept"),
    CDS_MAX_MB("mob.cdsMaxMb", "64", "class-data archives kept in all (the most recently used first)"),
    MOBSTER_JVM_ARGS("mob.mobsterJvmArgs", "-XX:+UseSerialGC -Xms16m -Xss512k -XX:+ExitOnOutOfMemoryError",
            "JVM flags of every mobster (a heap cap, and Netty's leak detection off, unless given)"),
    NO_EPOLL("mob.noEpoll", "false", "use NIO instead of the native epoll transport");

    private final String property;
    private final String defaultValue;
    private final String meaning;

    Setting(String property, String defaultValue, String meaning) {
        this.property = property;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    public String property() {
        return property;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String meaning() {
        return meaning;
    }

    /** The value given with {@code -D}, else the default. */
    public String value() {
        return System.getProperty(property, defaultValue);
    }

    public int intValue() {
        return Integer.parseInt(value().trim());
    }

    public long longValue() {
        return Long.parseLong(value().trim());
    }

    public boolean booleanValue() {
        return Boolean.parseBoolean(value().trim());
    }

    public Duration millis() {
        return Duration.ofMillis(longValue());
    }
}
