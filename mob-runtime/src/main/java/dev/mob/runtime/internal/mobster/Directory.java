package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.internal.DirectorySnapshot;
import dev.mob.runtime.internal.Member;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of the Kingpin's directory. A new snapshot replaces the old one on every
 * push, so readers on any thread see a consistent view without locks.
 */
final class Directory {
    static final Directory EMPTY = new Directory(new DirectorySnapshot(List.of(), Map.of()));

    private final List<Member> members;
    private final Map<Long, Member> byPid = new HashMap<>();
    private final Map<String, List<Member>> readyByRole = new HashMap<>();
    private final Map<String, List<Member>> drainingByRole = new HashMap<>();
    private final Map<String, Integer> restartsByRole;

    Directory(DirectorySnapshot snapshot) {
        this.members = List.copyOf(snapshot.members());
        this.restartsByRole = Map.copyOf(snapshot.restarts());
        for (Member m : this.members) {
            byPid.put(m.pid(), m);
            if (m.state() == Member.State.READY) {
                readyByRole.computeIfAbsent(m.role(), r -> new ArrayList<>()).add(m);
            } else if (m.state() == Member.State.DRAINING) {
                drainingByRole.computeIfAbsent(m.role(), r -> new ArrayList<>()).add(m);
            }
        }
    }

    List<Member> members() {
        return members;
    }

    Member member(long pid) {
        return byPid.get(pid);
    }

    /** Ready members of {@code role}; an empty list while it has none. */
    List<Member> ready(String role) {
        return readyByRole.getOrDefault(role, List.of());
    }

    /** Draining members of {@code role}: finishing their calls before they exit. */
    List<Member> draining(String role) {
        return drainingByRole.getOrDefault(role, List.of());
    }

    int restarts(String role) {
        return restartsByRole.getOrDefault(role, 0);
    }
}
