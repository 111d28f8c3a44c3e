package dev.mob.examples.cache;

/** Broadcast by the store when a key changes. */
public record Invalidate(String key, long version) {}
