package dev.mob.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mob.test.KingpinProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's first build: the README's {@code pom.xml}, saved as it is in a scratch folder next
 * to two role classes (one whose constructor throws), built with {@code mvn package} against the
 * artifacts of this build, run with {@code java -jar} and no logging backend.
 */
class ReadmePomTest {
    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static final List<String> MODULES = List.of("mob-annotations", "mob-runtime", "mob-processor", "mob-test");

    @Test
    void theReadmesPomBuildsARunnableAppThatShowsAThrowingConstructorWithNoLoggingBackend(@TempDir Path dir)
            throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"));
        int start = readme.indexOf("```xml\n<project");
        assertTrue(start >= 0, "the README has a ```xml block that starts with <project");
        String pom = readme.substring(start + "```xml\n".length(), readme.indexOf("```", start + 6));
        Files.writeString(dir.resolve("pom.xml"), pom);
        Path src = Files.createDirectories(dir.resolve("src/main/java/com/example"));
        Files.writeString(src.resolve("Greeter.java"), String.join("\n",
                "package com.example;",
                "import dev.mob.Exported;",
                "import dev.mob.Role;",
                "@Role(name = \"greeter\")",
                "public class Greeter {",
                "    @Exported public String hello(String who) { return \"hello \" + who; }",
                "}"));
        Files.writeString(src.resolve("Boom.java"), String.join("\n",
                "package com.example;",
                "import dev.mob.Role;",
                "import dev.mob.runtime.Mob;",
                "@Role(name = \"boom\")",
                "public class Boom {",
                "    public Boom(Mob mob) {",
                "        mob.require(GreeterClient.class);",
                "        throw new IllegalStateException(\"boom from the constructor\");",
                "    }",
                "}"));
        installThisBuild(root);

        List<String> mvn = new ArrayList<>(List.of("mvn", "-B", "-q", "package"));
        String repo = System.getProperty("maven.repo.local");
        if (repo != null) {
            mvn.add("-Dmaven.repo.local=" + repo);
        }
        Process build = new ProcessBuilder(mvn).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("build.log").toFile()).start();
        if (!build.waitFor(8, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            throw new AssertionError("mvn package did not finish in 8 minutes");
        }
        String log = Files.readString(dir.resolve("build.log"));
        assertEquals(0, build.exitValue(), "mvn package failed:\n" + log);
        Path jar = dir.resolve("target/myapp.jar");
        assertTrue(Files.isRegularFile(jar), "no target/myapp.jar");

        try (KingpinProcess help = KingpinProcess.startJar(jar, List.of(), "--help")) {
            assertEquals(0, help.awaitExit(Duration.ofSeconds(60)));
            assertTrue(help.lines().get(0).startsWith("usage: java -jar "), help.lines().get(0));
        }
        try (KingpinProcess app = KingpinProcess.startJar(jar, List.of())) {
            app.await(l -> l.contains("boom#0") && l.contains("IllegalStateException: boom from the constructor"),
                    Duration.ofSeconds(90));
            assertTrue(app.lines().stream().anyMatch(l -> l.contains("boom#0") && l.contains("cannot create role 'boom'")),
                    "mob's own error line reached the output");
            app.sigterm();
            app.awaitExit(Duration.ofSeconds(60));
        }
    }

    /**
     * Puts this build's artifacts where the scratch build finds them, as {@code mvn install} would:
     * the user's local repository (this build's own modules, just packaged).
     */
    private static void installThisBuild(Path root) throws IOException {
        Path repo = Path.of(System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        install(repo, "mob-parent", root.resolve("pom.xml"), null);
        install(repo, "mob-bom", root.resolve("mob-bom/pom.xml"), null);
        for (String module : MODULES) {
            Path jar = root.resolve(module + "/target/" + module + "-" + VERSION + ".jar");
            assertTrue(Files.isRegularFile(jar), "not packaged yet: " + jar);
            install(repo, module, root.resolve(module + "/pom.xml"), jar);
        }
    }

    private static void install(Path repo, String artifact, Path pom, Path jar) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("dev/mob/" + artifact + "/" + VERSION));
        String base = artifact + "-" + VERSION;
        Files.copy(pom, dir.resolve(base + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, dir.resolve(base + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(dir.resolve("maven-metadata-local.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata>
                  <groupId>dev.mob</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <versioning>
                    <snapshot><localCopy>true</localCopy></snapshot>
                    <lastUpdated>20260101000000</lastUpdated>
                  </versioning>
                </metadata>
                """.formatted(artifact, VERSION), StandardCharsets.UTF_8);
    }
}
