package dev.mob.runtime;

import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * Where {@link Mob#current()} finds the mob of this process: the runtime registers a {@code Mob}
 * service that is also a {@code Supplier<Mob>} of the real one. Looked up through
 * {@link ServiceLoader}, so this API package depends on no implementation package.
 */
final class CurrentMob {
    private static final Supplier<Mob> SOURCE = find();

    private CurrentMob() {}

    @SuppressWarnings("unchecked")
    private static Supplier<Mob> find() {
        for (Mob provider : ServiceLoader.load(Mob.class, Mob.class.getClassLoader())) {
            if (provider instanceof Supplier<?> supplier) {
                return (Supplier<Mob>) supplier;
            }
        }
        return () -> {
            throw new IllegalStateException("no mob runtime on the class path (mob-runtime's "
                    + "META-INF/services/dev.mob.runtime.Mob is missing: a shaded jar must merge service files)");
        };
    }

    static Mob get() {
        return SOURCE.get();
    }
}
