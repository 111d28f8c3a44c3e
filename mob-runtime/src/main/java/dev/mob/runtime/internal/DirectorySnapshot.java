package dev.mob.runtime.internal;

import java.util.List;
import java.util.Map;

/**
 * The DIRECTORY frame's payload: every mobster (of every host, in a cluster), how many times each
 * role's workers have been restarted (including roles with no member right now, such as one in a
 * crash loop), and the name of the receiving mobster's own host (empty on a single host).
 */
public record DirectorySnapshot(List<Member> members, Map<String, Integer> restarts, String host) {
    public DirectorySnapshot {
        host = host == null ? "" : host;
    }

    public DirectorySnapshot(List<Member> members, Map<String, Integer> restarts) {
        this(members, restarts, "");
    }
}
