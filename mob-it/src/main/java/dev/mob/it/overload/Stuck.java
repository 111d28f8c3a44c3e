package dev.mob.it.overload;

import dev.mob.Exported;
import dev.mob.Role;
import java.util.concurrent.CountDownLatch;

/** A worker whose {@link #deadlock()} never returns: a bug that hangs a worker without killing it. */
@Role(name = "stuck")
public class Stuck {
    private final CountDownLatch never = new CountDownLatch(1);

    @Exported
    public void deadlock() throws InterruptedException {
        never.await();
    }

    @Exported(idempotent = true)
    public long pid() {
        return ProcessHandle.current().pid();
    }
}
