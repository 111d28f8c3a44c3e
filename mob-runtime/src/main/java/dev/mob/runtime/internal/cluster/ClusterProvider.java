package dev.mob.runtime.internal.cluster;

import dev.mob.runtime.internal.wire.Transport;
import java.io.IOException;
import java.util.ServiceLoader;

/**
 * Several hosts: what the optional {@code mob-cluster} module provides. Looked up with
 * {@link ServiceLoader} only when the Kingpin is given {@code --cluster}, so a single-host app
 * loads none of it and needs none of its dependencies.
 */
public interface ClusterProvider {
    /** Kingpin side: joins the control plane, where hosts publish their parts of the directory. */
    Membership join(ClusterConfig config, String app, long kingpinPid, Membership.Listener listener)
            throws IOException;

    /** Mobster side: links to mobsters of other hosts, over TCP with mutual TLS. */
    Network network(ClusterConfig config, Transport transport) throws IOException;

    /**
     * The provider on the class path.
     *
     * @throws IllegalStateException if {@code mob-cluster} is not on it
     */
    static ClusterProvider load() {
        return ServiceLoader.load(ClusterProvider.class, ClusterProvider.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("--cluster needs the mob-cluster module on the class "
                        + "path: add the dependency dev.mob:mob-cluster (same version as mob-runtime)"));
    }
}
