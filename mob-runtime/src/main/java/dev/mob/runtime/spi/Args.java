package dev.mob.runtime.spi;

import dev.mob.runtime.Callback;

/** The arguments of one incoming call, read strictly in declaration order by a dispatcher. */
public interface Args {
    /** Decodes the next argument as {@code type}. */
    <T> T next(MobType type);

    /** Decodes the next argument, a callback id, into a callback to the caller. */
    <T> Callback<T> nextCallback(MobType valueType);
}
