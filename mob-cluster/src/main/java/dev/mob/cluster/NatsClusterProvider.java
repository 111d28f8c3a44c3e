package dev.mob.cluster;

import dev.mob.runtime.internal.cluster.ClusterConfig;
import dev.mob.runtime.internal.cluster.ClusterProvider;
import dev.mob.runtime.internal.cluster.Membership;
import dev.mob.runtime.internal.cluster.Network;
import dev.mob.runtime.internal.wire.Transport;
import java.io.IOException;

/**
 * mob over several hosts: NATS as the control plane ({@link NatsMembership}), TCP with mutual TLS
 * as the data plane between hosts ({@link TlsNetwork}). Found by mob-runtime with ServiceLoader
 * when the Kingpin is given {@code --cluster}; a single-host app never loads it.
 */
public final class NatsClusterProvider implements ClusterProvider {
    public NatsClusterProvider() {}

    @Override
    public Membership join(ClusterConfig config, String app, long kingpinPid, Membership.Listener listener)
            throws IOException {
        try {
            return new NatsMembership(config, app, kingpinPid, listener);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to NATS", e);
        }
    }

    @Override
    public Network network(ClusterConfig config, Transport transport) throws IOException {
        return new TlsNetwork(config, transport);
    }
}
