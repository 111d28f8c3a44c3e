package dev.mob.runtime.internal.cluster;

import java.util.Map;

/**
 * This host's place in the cluster's control plane: it publishes this host's part of the directory
 * and hears the other hosts' parts. A part that is not heard again within three heartbeats is
 * dropped, but only while this host is itself connected: with the control plane unreachable,
 * nothing can be judged from silence, and the links' own pings cut peers that really are gone.
 */
public interface Membership extends AutoCloseable {
    /** Who hears of the other hosts. Called on the membership's own threads. */
    interface Listener {
        /** The other hosts' parts changed (one joined, changed its members, or left or expired). */
        void onParts(Map<String, HostPart> others);

        /** A line for the Kingpin's log (connected, lost, expired ...). */
        void say(String line);
    }

    /** Publishes this host's part now; the Kingpin calls it on every change and every heartbeat. */
    void publish(HostPart part);

    /** The other hosts' latest parts, status rows included (which change without a notification). */
    Map<String, HostPart> current();

    /** Where the control plane is, and whether it is reachable, for {@code status}. */
    String describe();

    /** Leaves: tells the others (so they drop this host at once) and disconnects. */
    @Override
    void close();
}
