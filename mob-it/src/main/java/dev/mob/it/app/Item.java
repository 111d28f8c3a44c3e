package dev.mob.it.app;

/** A record crossing process boundaries inside generic containers. */
public record Item(String name, int count) {}
