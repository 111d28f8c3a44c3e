package dev.mob.runtime.internal;

import java.util.List;
import java.util.Map;

/**
 * The DIRECTORY frame's payload: every connected mobster, and how many times each role's workers
 * have been restarted (including roles with no member right now, such as one in a crash loop).
 */
public record DirectorySnapshot(List<Member> members, Map<String, Integer> restarts) {}
