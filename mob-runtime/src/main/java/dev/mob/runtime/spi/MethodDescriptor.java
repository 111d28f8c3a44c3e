package dev.mob.runtime.spi;

import java.util.Objects;

/** One exported method as the generated client sees it. Immutable; generated as a constant. */
public final class MethodDescriptor<R> {
    private final String role;
    private final String name;
    private final MobType resultType;
    private final boolean idempotent;

    private MethodDescriptor(String role, String name, MobType resultType, boolean idempotent) {
        this.role = Objects.requireNonNull(role, "role");
        this.name = Objects.requireNonNull(name, "name");
        this.resultType = Objects.requireNonNull(resultType, "resultType");
        this.idempotent = idempotent;
    }

    public static <R> MethodDescriptor<R> of(String role, String name, MobType resultType, boolean idempotent) {
        return new MethodDescriptor<>(role, name, resultType, idempotent);
    }

    public String role() {
        return role;
    }

    public String name() {
        return name;
    }

    /** The type of the result, {@code Void} for a {@code void} method. */
    public MobType resultType() {
        return resultType;
    }

    public boolean idempotent() {
        return idempotent;
    }

    @Override
    public String toString() {
        return role + "." + name;
    }
}
