package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.internal.DirectorySnapshot;
import dev.mob.runtime.internal.Member;
import dev.mob.runtime.internal.MobsterIds;
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
    /** This host's members by OS pid: an id without a host number names one of them. */
    private final Map<Long, Member> hereByOsPid = new HashMap<>();
    private final Map<String, List<Member>> readyByRole = new HashMap<>();
    private final Map<String, List<Member>> readyHereByRole = new HashMap<>();
    private final Map<String, List<Member>> readyElsewhereByRole = new HashMap<>();
    private final Map<String, List<Member>> drainingByRole = new HashMap<>();
    private final Map<String, Integer> restartsByRole;
    private final String host;

    Directory(DirectorySnapshot snapshot) {
        this.members = List.copyOf(snapshot.members());
        this.restartsByRole = Map.copyOf(snapshot.restarts());
        this.host = snapshot.host();
        for (Member m : this.members) {
            byPid.put(m.pid(), m);
            if (isHere(m)) {
                hereByOsPid.put(MobsterIds.osPid(m.pid()), m);
            }
            if (m.state() == Member.State.READY) {
                readyByRole.computeIfAbsent(m.role(), r -> new ArrayList<>()).add(m);
                (isHere(m) ? readyHereByRole : readyElsewhereByRole).computeIfAbsent(m.role(), r -> new ArrayList<>())
                        .add(m);
            } else if (m.state() == Member.State.DRAINING) {
                drainingByRole.computeIfAbsent(m.role(), r -> new ArrayList<>()).add(m);
            }
        }
    }

    List<Member> members() {
        return members;
    }

    /** The member with id {@code pid}; an id without a host number is taken as this host's pid. */
    Member member(long pid) {
        Member m = byPid.get(pid);
        return m != null || MobsterIds.hostNumber(pid) != 0 ? m : hereByOsPid.get(pid);
    }

    /** Ready members of {@code role}; an empty list while it has none. */
    List<Member> ready(String role) {
        return readyByRole.getOrDefault(role, List.of());
    }

    /** Ready members of {@code role} on this host (every ready member on a single host). */
    List<Member> readyHere(String role) {
        return readyHereByRole.getOrDefault(role, List.of());
    }

    /** Ready members of {@code role} on other hosts: where calls spill when none here can take them. */
    List<Member> readyElsewhere(String role) {
        return readyElsewhereByRole.getOrDefault(role, List.of());
    }

    /** Whether {@code member} runs on this host, so that it is reached over a Unix socket. */
    boolean isHere(Member member) {
        return member.host().equals(host);
    }

    /** This host's name; empty on a single host. */
    String host() {
        return host;
    }

    /** Draining members of {@code role}: finishing their calls before they exit. */
    List<Member> draining(String role) {
        return drainingByRole.getOrDefault(role, List.of());
    }

    int restarts(String role) {
        return restartsByRole.getOrDefault(role, 0);
    }
}
