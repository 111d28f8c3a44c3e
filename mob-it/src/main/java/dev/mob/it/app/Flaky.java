package dev.mob.it.app;

import dev.mob.Exported;
import dev.mob.Role;

/** A role whose constructor throws when {@code -Dmob.it.crash=true}: a crash loop on demand. */
@Role(name = "flaky")
public class Flaky {
    public Flaky() {
        if (Boolean.getBoolean("mob.it.crash")) {
            throw new IllegalStateException("flaky is configured to crash on start");
        }
    }

    @Exported
    public String ping() {
        return "pong";
    }
}
