package dev.mob.runtime.internal;

import java.time.Duration;

/**
 * Tunables, read once from system properties ({@code -Dmob.*}, listed in {@link Setting}), e.g.
 * set per role with {@code @Role(jvmArgs = "-Dmob.callThreads=16")}. Immutable.
 */
public record Settings(
        int maxFrameBytes,
        Duration defaultTimeout,
        Duration handshakeTimeout,
        Duration grace,
        int callThreads,
        int ioThreads,
        int maxQueuedCalls,
        int maxParkedCalls,
        Duration pingInterval,
        Duration liveness,
        Duration stall,
        int messageWindowBytes,
        Duration sendTimeout,
        int maxCallbacks) {

    public static final int PROTOCOL_VERSION = 3;

    /** The same settings with links cut after {@code silence} (links to other hosts). */
    public Settings withLiveness(Duration silence) {
        return new Settings(maxFrameBytes, defaultTimeout, handshakeTimeout, grace, callThreads, ioThreads,
                maxQueuedCalls, maxParkedCalls, pingInterval.compareTo(silence) < 0 ? pingInterval : silence.dividedBy(3),
                silence, stall, messageWindowBytes, sendTimeout, maxCallbacks);
    }

    public static Settings fromSystemProperties() {
        return new Settings(
                Setting.MAX_FRAME_BYTES.intValue(),
                Setting.TIMEOUT_MS.millis(),
                Setting.HANDSHAKE_TIMEOUT_MS.millis(),
                Setting.GRACE_MS.millis(),
                Setting.CALL_THREADS.intValue(),
                Setting.IO_THREADS.intValue(),
                Setting.MAX_QUEUED_CALLS.intValue(),
                Setting.MAX_PARKED_CALLS.intValue(),
                Setting.PING_MS.millis(),
                Setting.LIVENESS_MS.millis(),
                Setting.STALL_MS.millis(),
                Setting.MESSAGE_WINDOW_BYTES.intValue(),
                Setting.SEND_TIMEOUT_MS.millis(),
                Setting.MAX_CALLBACKS.intValue());
    }
}
