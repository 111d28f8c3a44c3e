package dev.mob.runtime.internal;

import java.time.Duration;

/**
 * Tunables, read once from system properties ({@code -Dmob.*}), e.g. set per role with
 * {@code @Role(jvmArgs = "-Dmob.callThreads=16")}. Immutable.
 */
public record Settings(
        int maxFrameBytes,
        Duration defaultTimeout,
        Duration handshakeTimeout,
        Duration grace,
        int callThreads,
        int ioThreads,
        int maxQueuedCalls,
        int maxParkedCalls) {

    public static final int PROTOCOL_VERSION = 2;

    public static Settings fromSystemProperties() {
        return new Settings(
                Integer.getInteger("mob.maxFrameBytes", 16 * 1024 * 1024),
                Duration.ofMillis(Long.getLong("mob.timeoutMs", 30_000)),
                Duration.ofMillis(Long.getLong("mob.handshakeTimeoutMs", 5_000)),
                Duration.ofMillis(Long.getLong("mob.graceMs", 10_000)),
                Integer.getInteger("mob.callThreads", 64),
                Integer.getInteger("mob.ioThreads", 1),
                Integer.getInteger("mob.maxQueuedCalls", 1024),
                Integer.getInteger("mob.maxParkedCalls", 10_000));
    }
}
