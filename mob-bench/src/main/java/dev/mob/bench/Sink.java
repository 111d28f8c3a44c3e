package dev.mob.bench;

import dev.mob.Exported;
import dev.mob.Role;

/** A sixth process, idle, so the cluster has the hello app's size. */
@Role(name = "sink")
public class Sink {
    @Exported
    public boolean ping() {
        return true;
    }
}
