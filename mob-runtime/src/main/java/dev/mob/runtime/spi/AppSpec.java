package dev.mob.runtime.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An app: its name, the class whose {@code main} starts it, and its roles. Immutable. */
public final class AppSpec {
    private final String name;
    private final Class<?> mainClass;
    private final Map<String, RoleSpec<?, ?>> roles;

    private AppSpec(String name, Class<?> mainClass, Map<String, RoleSpec<?, ?>> roles) {
        this.name = name;
        this.mainClass = mainClass;
        this.roles = roles;
    }

    public static AppSpec of(String name, Class<?> mainClass, List<RoleSpec<?, ?>> roles) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mainClass, "mainClass");
        Map<String, RoleSpec<?, ?>> byName = new LinkedHashMap<>();
        for (RoleSpec<?, ?> role : roles) {
            if (byName.putIfAbsent(role.name(), role) != null) {
                throw new IllegalArgumentException("duplicate role '" + role.name() + "'");
            }
        }
        return new AppSpec(name, mainClass, byName);
    }

    public String name() {
        return name;
    }

    public Class<?> mainClass() {
        return mainClass;
    }

    /** Roles in declaration order. */
    public Map<String, RoleSpec<?, ?>> roles() {
        return Collections.unmodifiableMap(roles);
    }

    public RoleSpec<?, ?> role(String name) {
        RoleSpec<?, ?> role = roles.get(name);
        if (role == null) {
            throw new IllegalArgumentException("app '" + this.name + "' has no role '" + name + "'; roles: " + roles.keySet());
        }
        return role;
    }

    /** The role whose generated client is {@code clientType}. */
    public RoleSpec<?, ?> roleOfClient(Class<?> clientType) {
        for (RoleSpec<?, ?> role : roles.values()) {
            if (role.clientType() == clientType) {
                return role;
            }
        }
        throw new IllegalArgumentException(clientType.getName() + " is not a client of app '" + name
                + "'; its roles are " + roles.keySet());
    }

    /** The same app with some worker counts replaced. */
    public AppSpec withWorkers(Map<String, Integer> counts) {
        Map<String, RoleSpec<?, ?>> copy = new LinkedHashMap<>(roles);
        counts.forEach((role, count) -> copy.put(role, role(role).withWorkers(count)));
        return new AppSpec(name, mainClass, copy);
    }
}
