package dev.mob.runtime.internal.kingpin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges Prometheus text expositions from several processes into one: each metric family's
 * {@code # HELP} and {@code # TYPE} once, then every process's samples of it. (Concatenated scrapes
 * would repeat them, which Prometheus rejects.) Samples keep their labels, which tell the processes
 * apart (app, role, index, pid).
 */
final class PrometheusText {
    private static final class Family {
        String help;
        String type;
        final List<String> samples = new ArrayList<>();
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Adds one process's exposition. */
    void add(String text) {
        Family current = null;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ", 4);
                if (parts.length < 3) {
                    continue;
                }
                current = families.computeIfAbsent(parts[2], k -> new Family());
                if (line.startsWith("# HELP ")) {
                    current.help = current.help == null ? line : current.help;
                } else {
                    current.type = current.type == null ? line : current.type;
                }
            } else if (line.startsWith("#")) {
                continue; // EOF markers and comments
            } else {
                if (current == null) {
                    String name = line.split("[{ ]", 2)[0];
                    current = families.computeIfAbsent(name, k -> new Family());
                }
                current.samples.add(line);
            }
        }
    }

    /** One sample line of a gauge or counter family this process (the Kingpin) adds itself. */
    void sample(String family, String type, String help, String line) {
        Family f = families.computeIfAbsent(family, k -> new Family());
        if (f.help == null) {
            f.help = "# HELP " + family + " " + help;
            f.type = "# TYPE " + family + " " + type;
        }
        f.samples.add(line);
    }

    String text() {
        StringBuilder out = new StringBuilder();
        for (Family f : families.values()) {
            if (f.help != null) {
                out.append(f.help).append('\n');
            }
            if (f.type != null) {
                out.append(f.type).append('\n');
            }
            for (String sample : f.samples) {
                out.append(sample).append('\n');
            }
        }
        return out.toString();
    }
}
