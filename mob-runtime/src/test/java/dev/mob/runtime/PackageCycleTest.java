package dev.mob.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages depend on each other in one direction only: the public API on nothing,
 * {@code spi} on the API, {@code internal.*} below them. Checked with the JDK's jdeps on the
 * compiled classes, so a new import that closes a cycle fails the build.
 */
class PackageCycleTest {
    @Test
    void runtimePackagesFormNoCycle() {
        Path classes = Path.of("target", "classes");
        assertTrue(Files.isDirectory(classes), "run from the module directory");
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-filter:none",
                classes.toString());
        assertEquals(0, code, out.toString());
        Map<String, Set<String>> edges = new HashMap<>();
        for (String line : out.toString().split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 3 && parts[1].equals("->") && parts[0].startsWith("dev.mob.runtime")
                    && parts[2].startsWith("dev.mob.runtime") && !parts[0].equals(parts[2])) {
                edges.computeIfAbsent(parts[0], k -> new TreeSet<>()).add(parts[2]);
            }
        }
        assertTrue(edges.containsKey("dev.mob.runtime.spi"), "jdeps output not understood:\n" + out);
        for (String start : edges.keySet()) {
            List<String> cycle = cycleFrom(start, start, edges, new HashSet<>(), new ArrayList<>());
            assertTrue(cycle == null, "package cycle: " + cycle);
        }
        assertTrue(!edges.containsKey("dev.mob.runtime"), "the public API depends on " + edges.get("dev.mob.runtime"));
    }

    private static List<String> cycleFrom(String start, String at, Map<String, Set<String>> edges, Set<String> seen,
            List<String> path) {
        path.add(at);
        for (String next : edges.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (seen.add(next)) {
                List<String> found = cycleFrom(start, next, edges, seen, path);
                if (found != null) {
                    return found;
                }
            }
        }
        path.remove(path.size() - 1);
        return null;
    }
}
