package dev.mob.runtime.internal.cluster;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How this host takes part in a cluster: the Kingpin's {@code --cluster}, {@code --host}, ...
 * flags, handed to its mobsters as {@code -Dmob.cluster.*} properties. Immutable.
 *
 * @param natsUrl the NATS server(s) of the control plane, comma-separated
 * @param host this host's name, unique in the cluster
 * @param hostNumber the number in the upper bits of this host's mobster ids
 * @param advertise the address mobsters listen on and other hosts dial
 * @param roles the roles this host runs; empty: all
 * @param tlsCert this host's certificate chain (PEM), signed by the cluster CA
 * @param tlsKey its private key (PKCS#8 PEM)
 * @param tlsCa the cluster CA's certificate (PEM): peers must present a certificate it signed
 * @param insecure plain TCP between hosts (loopback tests only)
 * @param natsCreds a NATS credentials file, or null
 */
public record ClusterConfig(String natsUrl, String host, int hostNumber, String advertise, Set<String> roles,
        String tlsCert, String tlsKey, String tlsCa, boolean insecure, String natsCreds) {
    private static final String P = "mob.cluster.";

    public ClusterConfig {
        roles = Set.copyOf(new LinkedHashSet<>(roles));
    }

    /** Whether this host runs {@code role}. */
    public boolean runs(String role) {
        return roles.isEmpty() || roles.contains(role);
    }

    /** What a mobster needs of it, as JVM flags; read back with {@link #fromSystemProperties()}. */
    public List<String> mobsterProperties() {
        List<String> flags = new ArrayList<>();
        flags.add("-D" + P + "host=" + host);
        flags.add("-D" + P + "hostNumber=" + hostNumber);
        flags.add("-D" + P + "advertise=" + advertise);
        flags.add("-D" + P + "insecure=" + insecure);
        if (!insecure) {
            flags.add("-D" + P + "tlsCert=" + tlsCert);
            flags.add("-D" + P + "tlsKey=" + tlsKey);
            flags.add("-D" + P + "tlsCa=" + tlsCa);
        }
        return flags;
    }

    /** A mobster's view of the cluster its Kingpin joined, or null on a single host. */
    public static ClusterConfig fromSystemProperties() {
        String host = System.getProperty(P + "host");
        if (host == null) {
            return null;
        }
        return new ClusterConfig("", host, Integer.parseInt(System.getProperty(P + "hostNumber")),
                System.getProperty(P + "advertise"), Set.of(), System.getProperty(P + "tlsCert"),
                System.getProperty(P + "tlsKey"), System.getProperty(P + "tlsCa"),
                Boolean.parseBoolean(System.getProperty(P + "insecure")), null);
    }
}
