package dev.mob.runtime.spi;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A full generic type, spelled out by generated code so that {@code List<Map<String, Item>>} is
 * decoded as exactly that, without reflection on the role class.
 */
public final class MobType {
    private final Class<?> raw;
    private final List<MobType> arguments;
    private final MobType component;
    private final int hash;

    private MobType(Class<?> raw, List<MobType> arguments, MobType component) {
        this.raw = raw;
        this.arguments = arguments;
        this.component = component;
        this.hash = Objects.hash(raw, arguments, component);
    }

    /** {@code raw} with type arguments {@code arguments} (none for a plain class). */
    public static MobType of(Class<?> raw, MobType... arguments) {
        Objects.requireNonNull(raw, "raw");
        return new MobType(raw, List.of(arguments), null);
    }

    /** An array of {@code component}, for arrays of parameterized types. */
    public static MobType arrayOf(MobType component) {
        Objects.requireNonNull(component, "component");
        return new MobType(null, List.of(), component);
    }

    /** The raw class, or null for an {@link #arrayOf} type. */
    public Class<?> raw() {
        return raw;
    }

    public List<MobType> arguments() {
        return arguments;
    }

    /** The component type of an {@link #arrayOf} type, else null. */
    public MobType component() {
        return component;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MobType t
                && Objects.equals(raw, t.raw)
                && arguments.equals(t.arguments)
                && Objects.equals(component, t.component);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        if (component != null) {
            return component + "[]";
        }
        String name = raw.getSimpleName();
        if (arguments.isEmpty()) {
            return name;
        }
        return name + Arrays.toString(arguments.toArray()).replace('[', '<').replace(']', '>');
    }
}
