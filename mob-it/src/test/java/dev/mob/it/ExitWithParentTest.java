package dev.mob.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mob.test.KingpinProcess;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A Kingpin started by a tool (here a shell, as Maven's exec:exec would be) stops when that tool dies. */
class ExitWithParentTest {
    @Test
    void theAppStopsWhenTheProcessThatStartedItDies() throws Exception {
        String javaBin = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        // "; exit $?" keeps bash from exec'ing java: bash stays the Kingpin's parent, sharing its output.
        String command = "'" + javaBin + "' -cp '" + System.getProperty("java.class.path") + "' " + CallsTest.MAIN
                + " --exit-with-parent --instance parent-test; exit $?";
        try (KingpinProcess shell = KingpinProcess.startCommand(List.of("bash", "-c", command))) {
            Set<Long> pids = new java.util.HashSet<>(shell.readyPids(Duration.ofSeconds(60)));
            String ready = shell.await(l -> l.contains(" kingpin ") && l.contains("] ready in "), Duration.ofSeconds(5));
            pids.add(Long.parseLong(ready.replaceAll("^\\[\\S+ kingpin (\\d+)\\].*", "$1")));
            java.nio.file.Path runDir = shell.runDir();
            // The tool dies (SIGKILL); its child lives on, and its output no longer reaches us (the JDK
            // closes our end of a dead process's pipe), so we watch processes and files instead.
            shell.process().toHandle().destroyForcibly();
            assertTrue(shell.awaitGone(pids, Duration.ofSeconds(90)) >= 0, "the app outlived the process that started it");
            assertTrue(!java.nio.file.Files.exists(runDir), "it stopped in order (run directory removed), not by dying");
        }
    }
}
