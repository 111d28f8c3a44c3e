package dev.mob.runtime.internal;

/**
 * One mobster as the directory lists it.
 *
 * @param pid the mobster's id: its OS pid on a single host, unique across hosts in a cluster
 *     ({@link MobsterIds})
 * @param endpoint its Unix socket, for mobsters of the same host
 * @param host the name of its host; empty on a single host
 * @param address where mobsters of other hosts reach it ({@code ip:port}, TCP + TLS); empty when
 *     it has none (a single host, or not listening yet)
 */
public record Member(long pid, String role, int index, String endpoint, State state, String host, String address) {
    /** The role name a spare process gives in its handshake until it is assigned a real one. */
    public static final String SPARE_ROLE = "~spare";
    /** The role name of a guest: a test's JVM that calls the app's roles from outside (mob-test). */
    public static final String GUEST_ROLE = "~guest";

    public enum State {
        STARTING,
        READY,
        DRAINING
    }

    public Member {
        host = host == null ? "" : host;
        address = address == null ? "" : address;
    }

    /** A member of a single-host app. */
    public Member(long pid, String role, int index, String endpoint, State state) {
        this(pid, role, index, endpoint, state, "", "");
    }

    public Member withHost(String host, String address) {
        return new Member(pid, role, index, endpoint, state, host, address);
    }

    public String label() {
        return role + "#" + index + " (pid " + MobsterIds.osPid(pid) + (host.isEmpty() ? "" : " on " + host) + ")";
    }
}
