package dev.mob.it.app;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** A record with JDK value types in it: they must cross processes as they are. */
public record Event(String name, Instant at, LocalDate day, Duration took, Optional<String> note) {}
