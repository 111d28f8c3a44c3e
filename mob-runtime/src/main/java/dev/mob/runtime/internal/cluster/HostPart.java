package dev.mob.runtime.internal.cluster;

import dev.mob.runtime.internal.Member;
import java.util.List;
import java.util.Map;

/**
 * One host's part of the directory, as its Kingpin publishes it on {@code mob.<app>.dir.<host>}.
 *
 * @param members its mobsters, each with its host and the address other hosts dial
 * @param restarts revivals per role on that host
 * @param status its {@code status} rows per role (for {@code status} on any host)
 * @param leaving the host is stopping: drop it now rather than after its heartbeats stop
 */
public record HostPart(String host, int hostNumber, long kingpinPid, List<Member> members,
        Map<String, Integer> restarts, List<Map<String, Object>> status, boolean leaving) {
    public HostPart {
        members = List.copyOf(members);
        restarts = Map.copyOf(restarts);
        status = status == null ? List.of() : List.copyOf(status);
    }

    /** Whether {@code other} lists the same members and restarts (the status rows change every second). */
    public boolean sameDirectory(HostPart other) {
        return other != null && members.equals(other.members) && restarts.equals(other.restarts)
                && leaving == other.leaving;
    }
}
