package dev.mob.examples.hello;

import dev.mob.Exported;
import dev.mob.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The original's {@code background-worker.js}: four stateless workers exporting {@code foo}. */
@Role(name = "back", workers = 4)
public class BackgroundWorker {
    private static final Logger log = LoggerFactory.getLogger(BackgroundWorker.class);
    private final long pid = ProcessHandle.current().pid();

    public BackgroundWorker() {
        log.info("Background worker {} running.", pid);
    }

    @Exported(idempotent = true)
    public String foo() {
        String answer = "Bar! My pid is " + pid;
        log.info(answer);
        return answer;
    }
}
