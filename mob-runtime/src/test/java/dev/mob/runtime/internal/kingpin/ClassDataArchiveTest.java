package dev.mob.runtime.internal.kingpin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {
    @Test
    void archivesAreCappedInCountAndInTotalSizeNewestFirst(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 6; i++) {
            Path f = dir.resolve("a" + i + ".jsa");
            Files.write(f, new byte[1000]);
            Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000L * (i + 1))); // a5 is the newest
        }
        Files.writeString(dir.resolve("other.txt"), "not an archive");
        ClassDataArchive.prune(dir, dir.resolve("a0.jsa"), ".jsa", 4, 2_500);
        try (Stream<Path> files = Files.list(dir)) {
            // Newest first: a5 (1,000 bytes), a4 (2,000), a3 would pass 2,500: deleted, and so on;
            // a0 is the one in use, kept whatever its age.
            assertEquals(List.of("a0.jsa", "a4.jsa", "a5.jsa", "other.txt"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
