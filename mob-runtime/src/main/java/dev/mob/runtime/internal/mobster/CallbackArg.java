package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.Callback;
import dev.mob.runtime.spi.MobType;

/** A callback argument on its way out; replaced by an id when the call is encoded. */
record CallbackArg(Callback<?> callback, MobType valueType) {}
