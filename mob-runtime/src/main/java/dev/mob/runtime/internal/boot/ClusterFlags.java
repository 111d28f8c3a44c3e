package dev.mob.runtime.internal.boot;

import dev.mob.runtime.internal.MobsterIds;
import dev.mob.runtime.internal.cluster.ClusterConfig;
import dev.mob.runtime.spi.AppSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The Kingpin's several-hosts flags ({@code --cluster}, {@code --host}, ...), each also taken from
 * its environment variable ({@code MOB_CLUSTER}, {@code MOB_HOST}, ...; a flag wins), checked
 * together into a {@link ClusterConfig}.
 */
final class ClusterFlags {
    /** Flag to environment variable. */
    static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("--cluster", "MOB_CLUSTER"), Map.entry("--host", "MOB_HOST"),
            Map.entry("--host-id", "MOB_HOST_ID"), Map.entry("--advertise", "MOB_ADVERTISE"),
            Map.entry("--roles", "MOB_ROLES"), Map.entry("--tls-cert", "MOB_TLS_CERT"),
            Map.entry("--tls-key", "MOB_TLS_KEY"), Map.entry("--tls-ca", "MOB_TLS_CA"),
            Map.entry("--nats-creds", "MOB_NATS_CREDS"), Map.entry("--insecure-cluster", "MOB_INSECURE_CLUSTER"));

    private final Map<String, String> values = new LinkedHashMap<>();

    static ClusterFlags fromEnvironment(Map<String, String> env) {
        ClusterFlags flags = new ClusterFlags();
        ENV.forEach((flag, variable) -> {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                flags.values.put(flag, value.trim());
            }
        });
        return flags;
    }

    void set(String flag, String value) {
        values.put(flag, value);
    }

    /** The cluster these flags describe, or null without {@code --cluster}. */
    ClusterConfig toConfig(AppSpec app) {
        String url = values.get("--cluster");
        if (url == null) {
            values.keySet().stream().findFirst().ifPresent(flag -> {
                throw new Main.UsageException(flag + " is for several hosts: give --cluster nats://HOST:PORT too");
            });
            return null;
        }
        if (!url.matches("(nats|tls)://\\S+(,(nats|tls)://\\S+)*")) {
            throw new Main.UsageException("--cluster wants nats://HOST:PORT (or tls://, several comma-separated), got '"
                    + url + "'");
        }
        String host = values.getOrDefault("--host", localHostName());
        if (!host.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,62}")) {
            throw new Main.UsageException("--host wants a name of letters, digits, '_' and '-' (no dots), got '" + host
                    + "'");
        }
        int hostNumber = MobsterIds.hostNumberOf(host);
        if (values.containsKey("--host-id")) {
            try {
                hostNumber = Integer.parseInt(values.get("--host-id"));
            } catch (NumberFormatException e) {
                hostNumber = -1;
            }
            if (hostNumber < 1 || hostNumber > MobsterIds.MAX_HOST_NUMBER) {
                throw new Main.UsageException("--host-id wants a number from 1 to " + MobsterIds.MAX_HOST_NUMBER
                        + ", got '" + values.get("--host-id") + "'");
            }
        }
        String advertise = values.getOrDefault("--advertise", localAddress());
        InetAddress address;
        try {
            address = InetAddress.getByName(advertise);
        } catch (UnknownHostException e) {
            throw new Main.UsageException("--advertise " + advertise + ": not an address of this machine");
        }
        Set<String> roles = new LinkedHashSet<>();
        if (values.containsKey("--roles")) {
            for (String role : values.get("--roles").split(",")) {
                if (!app.roles().containsKey(role.trim())) {
                    throw new Main.UsageException("--roles: app '" + app.name() + "' has no role '" + role.trim()
                            + "'; roles: " + app.roles().keySet());
                }
                roles.add(role.trim());
            }
        }
        boolean insecure = Boolean.parseBoolean(values.getOrDefault("--insecure-cluster", "false"))
                || "1".equals(values.get("--insecure-cluster"));
        String cert = values.get("--tls-cert");
        String key = values.get("--tls-key");
        String ca = values.get("--tls-ca");
        if (insecure) {
            if (!address.isLoopbackAddress()) {
                throw new Main.UsageException("--insecure-cluster is only for tests on one machine (loopback "
                        + "addresses such as 127.0.0.2); --advertise " + advertise + " is not one. Give --tls-cert, "
                        + "--tls-key and --tls-ca instead");
            }
        } else {
            if (cert == null || key == null || ca == null) {
                throw new Main.UsageException("--cluster needs mutual TLS between hosts: give --tls-cert, --tls-key and "
                        + "--tls-ca (PEM files from your cluster CA), or --insecure-cluster for a test on loopback");
            }
            for (String file : new String[] {cert, key, ca}) {
                if (!Files.isReadable(Path.of(file))) {
                    throw new Main.UsageException("cannot read " + file);
                }
            }
            cert = Path.of(cert).toAbsolutePath().toString();
            key = Path.of(key).toAbsolutePath().toString();
            ca = Path.of(ca).toAbsolutePath().toString();
        }
        String creds = values.get("--nats-creds");
        if (creds != null && !Files.isReadable(Path.of(creds))) {
            throw new Main.UsageException("--nats-creds: cannot read " + creds);
        }
        return new ClusterConfig(url, host, hostNumber, address.getHostAddress(), roles, cert, key, ca, insecure, creds);
    }

    /** The lock name of a host's Kingpin: several simulated hosts may share a machine. */
    static String instanceFor(String host) {
        return host.length() > 32 ? host.substring(0, 32) : host;
    }

    private static String localHostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim().split("\\.")[0];
        }
        try {
            return InetAddress.getLocalHost().getHostName().split("\\.")[0];
        } catch (UnknownHostException e) {
            throw new Main.UsageException("cannot tell this host's name (" + e.getMessage() + "): give --host NAME");
        }
    }

    private static String localAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            throw new Main.UsageException("cannot tell this host's address (" + e.getMessage() + "): give --advertise");
        }
    }
}
