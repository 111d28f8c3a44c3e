package dev.mob.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the processor jar on the plain class path (no {@code -processor}, no processor path), javac
 * finds it through META-INF/services, as the README promises; JDK 21+ is asked with
 * {@code -proc:full}, which JDK 23+ requires.
 */
class ClassPathDiscoveryTest {
    @Test
    void javacFindsTheProcessorOnTheClassPath(@TempDir Path out) throws Exception {
        Path services = Path.of("target/classes/META-INF/services/javax.annotation.processing.Processor");
        assertTrue(Files.isRegularFile(services), "AutoService registration missing: " + services.toAbsolutePath());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", out.resolve("classes").toString(),
                "-s", out.resolve("generated").toString(),
                "-classpath", System.getProperty("java.class.path")));
        if (Runtime.version().feature() >= 21) {
            args.add("-proc:full");
        }
        Files.createDirectories(out.resolve("classes"));
        Files.createDirectories(out.resolve("generated"));
        args.add(Path.of("src/test/resources/good/BackgroundWorker.java").toString());
        args.add(Path.of("src/test/resources/good/Item.java").toString());
        int code = javac.run(null, null, null, args.toArray(new String[0]));
        assertEquals(0, code, "javac failed");
        assertTrue(Files.isRegularFile(out.resolve("generated/com/acme/BackClient.java".replace('/', File.separatorChar))));
        assertTrue(Files.isRegularFile(out.resolve("classes/com/acme/MobMain.class".replace('/', File.separatorChar))));
    }
}
