package dev.mob.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Class paths for tests that need an installed app's shape. */
final class ClassPaths {
    private ClassPaths() {}

    /**
     * This test JVM's class path with every directory packed into a jar under {@code into}, as an
     * installed app would have it (class-data archives need jars).
     */
    static String jarred(Path into) throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (!Files.isDirectory(path)) {
                entries.add(entry);
                continue;
            }
            Path jar = into.resolve("dir" + n++ + ".jar");
            try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                    Stream<Path> files = Files.walk(path)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new java.util.jar.JarEntry(path.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, out);
                    out.closeEntry();
                }
            }
            entries.add(jar.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

}
