package dev.mob.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar mob-bench/target/mob-bench.jar [--quick] [--json FILE]}: starts the bench app
 * through its generated MobMain, as a user would, measures it, prints a table with the targets
 * and the node original's figures, and optionally writes the figures as JSON.
 */
public final class Bench {
    private static final Pattern PIDS = Pattern.compile("\\[([0-9, ]*)\\]");

    /** key, target (as text), node original's figure or NaN, whether higher is better. */
    private record Row(String key, String unit, double target, double node, boolean higherIsBetter) {}

    private static final List<Row> ROWS = List.of(
            new Row("ready_ms", "ms", 1_500, 839, false),
            new Row("ready_first_start_ms", "ms", Double.NaN, 839, false),
            new Row("seq_p50_us", "µs", 60, 128, false),
            new Row("seq_p99_us", "µs", Double.NaN, Double.NaN, false),
            new Row("seq_p999_us", "µs", Double.NaN, Double.NaN, false),
            new Row("seq_calls_per_s", "/s", Double.NaN, 4_750, true),
            new Row("seq_alloc_bytes_per_call", "B", Double.NaN, Double.NaN, false),
            new Row("inflight64_calls_per_s", "/s", 200_000, 22_500, true),
            new Row("inflight64_1k_calls_per_s", "/s", Double.NaN, Double.NaN, true),
            new Row("messages_per_s", "/s", 500_000, 45_000, true),
            new Row("revive_ms", "ms", 300, 251, false),
            new Row("rss_kingpin_mib", "MiB", 64, Double.NaN, false),
            new Row("rss_mobster_mib_max", "MiB", 80, Double.NaN, false),
            new Row("cold_inflight64_calls_per_s", "/s", Double.NaN, Double.NaN, true),
            new Row("warm_pinned_inflight64_calls_per_s", "/s", Double.NaN, Double.NaN, true),
            new Row("raw_seq_p50_us", "µs", Double.NaN, Double.NaN, false),
            new Row("raw_inflight64_calls_per_s", "/s", Double.NaN, Double.NaN, true),
            new Row("jvm_baseline_ready_ms", "ms", Double.NaN, Double.NaN, false),
            new Row("netty_seq_p50_us", "µs", Double.NaN, Double.NaN, false),
            new Row("netty_inflight64_calls_per_s", "/s", Double.NaN, Double.NaN, true),
            new Row("seq_p50_vs_raw", "x", 2.0, Double.NaN, false),
            new Row("inflight64_vs_raw", "x", 0.5, Double.NaN, true),
            new Row("messages_vs_raw", "x", 1.0, Double.NaN, true),
            new Row("ready_vs_jvm_baseline", "x", Runtime.version().feature() >= 25 ? 3.0 : 4.0, Double.NaN, false),
            new Row("cold_vs_warm_inflight64", "x", 0.5, Double.NaN, true),
            new Row("seq_p50_vs_netty", "x", Double.NaN, Double.NaN, false),
            new Row("inflight64_vs_netty", "x", Double.NaN, Double.NaN, true),
            new Row("inflight64_cpu_us_per_call", "µs", Double.NaN, Double.NaN, false),
            new Row("inflight64_cpu_kernel_share", "", Double.NaN, Double.NaN, false),
            new Row("inflight64_cpu_jit_share", "", Double.NaN, Double.NaN, false),
            new Row("seq_warmup_ms", "ms", Double.NaN, Double.NaN, false),
            new Row("inflight64_warmup_ms", "ms", Double.NaN, Double.NaN, false),
            new Row("messages_warmup_ms", "ms", Double.NaN, Double.NaN, false),
            new Row("raw_inflight64_cpu_us_per_call", "µs", Double.NaN, Double.NaN, false),
            new Row("raw_inflight64_cpu_kernel_share", "", Double.NaN, Double.NaN, false),
            new Row("netty_inflight64_cpu_us_per_call", "µs", Double.NaN, Double.NaN, false),
            new Row("messages_cpu_us_per_message", "µs", Double.NaN, Double.NaN, false),
            new Row("messages_cpu_jit_share", "", Double.NaN, Double.NaN, false),
            new Row("cross_host_seq_p50_us", "µs", Double.NaN, Double.NaN, false),
            new Row("cross_host_inflight64_calls_per_s", "/s", Double.NaN, Double.NaN, true),
            new Row("cross_host_seq_p50_vs_same_host", "x", 2.0, Double.NaN, false),
            new Row("cross_host_inflight64_vs_same_host", "x", 0.5, Double.NaN, true));

    /** Only measured where nats-server is installed; the rest of the run does not need them. */
    private static final java.util.Set<String> OPTIONAL = java.util.Set.of("cross_host_seq_p50_us",
            "cross_host_inflight64_calls_per_s", "cross_host_seq_p50_vs_same_host", "cross_host_inflight64_vs_same_host");

    private Bench() {}

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        boolean crossOnly = false;
        Path json = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--cross-host-only" -> crossOnly = true;
                case "--json" -> {
                    if (i + 1 >= args.length) {
                        usage("--json needs a file");
                    }
                    json = Path.of(args[++i]);
                }
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        Map<String, Double> results = crossOnly ? CrossHost.measure(quick) : run(quick);
        printTable(results);
        if (crossOnly) {
            return;
        }
        if (json != null) {
            Files.writeString(json, toJson(results));
            System.out.println("wrote " + json);
        }
        System.exit(results.keySet().containsAll(ROWS.stream().map(Row::key).filter(k -> !OPTIONAL.contains(k))
                .toList()) ? 0 : 1);
    }

    private static final String USAGE = "usage: java -jar mob-bench.jar [--quick] [--json FILE] [--cross-host-only]";

    private static void usage(String problem) {
        System.err.println("mob-bench: " + problem);
        System.err.println(USAGE);
        System.exit(2);
    }

    /** The bench app's processes: its mobsters (echo x4, sink, driver) and the Kingpin. */
    private static final int PROCESSES = 7;

    static Map<String, Double> run(boolean quick) throws Exception {
        // The ceiling first, in this same run: machines of one kind differ by +-30% from run to run.
        Map<String, Double> raw = RawBaseline.measure(quick, PROCESSES);
        NettyBaseline.measure(quick, raw);
        // A first start records the class-data archive if this build has none yet (see the README);
        // the measured start is the second, as every start after the first one is.
        double cold = startAndStop();
        Map<String, Double> results = measure(quick);
        results.put("ready_first_start_ms", cold);
        results.putAll(raw);
        ratio(results, "seq_p50_vs_raw", "seq_p50_us", "raw_seq_p50_us");
        ratio(results, "inflight64_vs_raw", "inflight64_calls_per_s", "raw_inflight64_calls_per_s");
        ratio(results, "messages_vs_raw", "messages_per_s", "raw_inflight64_calls_per_s");
        ratio(results, "ready_vs_jvm_baseline", "ready_ms", "jvm_baseline_ready_ms");
        ratio(results, "seq_p50_vs_netty", "seq_p50_us", "netty_seq_p50_us");
        ratio(results, "inflight64_vs_netty", "inflight64_calls_per_s", "netty_inflight64_calls_per_s");
        Double rawSeq = results.get("raw_seq_p50_us");
        Double nettySeq = results.get("netty_seq_p50_us");
        if (rawSeq != null && nettySeq != null && rawSeq > nettySeq) {
            // Two blocking threads beat four hops unless their wake-ups crossed CPUs (see the README).
            System.out.println("NOTE: the blocking ceiling's sequential p50 (" + Math.round(rawSeq) + " µs) is over the "
                    + "Netty one's: its threads woke each other across CPUs in this run, so seq_p50_vs_raw understates "
                    + "the gap; compare seq_p50_vs_netty, or run again");
        }
        results.putAll(CrossHost.measure(quick));
        ratio(results, "cross_host_seq_p50_vs_same_host", "cross_host_seq_p50_us", "seq_p50_us");
        ratio(results, "cross_host_inflight64_vs_same_host", "cross_host_inflight64_calls_per_s",
                "inflight64_calls_per_s");
        return results;
    }

    private static void ratio(Map<String, Double> results, String key, String of, String to) {
        Double a = results.get(of);
        Double b = results.get(to);
        if (a != null && b != null && b > 0) {
            results.put(key, a / b);
        }
    }

    static List<String> kingpinCommand(Path go, boolean quick) {
        // The Kingpin runs with the flags the README recommends for it: it holds no app state.
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xms8m", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-Dmob.bench.go=" + go, "-Dmob.bench.quick=" + quick));
        // -Dmob.* given to the bench (a setting to compare, say) reaches the app's Kingpin and mobsters.
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("mob.") && !k.toString().startsWith("mob.bench.")) {
                command.add("-D" + k + "=" + v);
            }
        });
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.mob.bench.MobMain"));
        // Kingpin flags to compare (-Dmob.bench.kingpinArgs="--workers echo=1", say).
        String extra = System.getProperty("mob.bench.kingpinArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        return command;
    }

    /** Starts the app without load and stops it; returns its time to ready. */
    private static double startAndStop() throws Exception {
        long t0 = System.nanoTime();
        Process kingpin = new ProcessBuilder(kingpinCommand(Path.of("/nonexistent"), true))
                .redirectErrorStream(true).start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(kingpin.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.contains("] ready in ")) {
                    double ms = (System.nanoTime() - t0) / 1e6;
                    kingpin.toHandle().destroy();
                    while (in.readLine() != null) {
                        // drain until the Kingpin exits
                    }
                    return ms;
                }
            }
        } finally {
            if (!kingpin.waitFor(30, TimeUnit.SECONDS)) {
                kingpin.destroyForcibly();
            }
        }
        throw new IllegalStateException("the bench app did not start");
    }

    private static Map<String, Double> measure(boolean quick) throws Exception {
        Path dir = Files.createTempDirectory("mob-bench");
        Path go = dir.resolve("go");
        List<String> command = kingpinCommand(go, quick);
        Map<String, Double> results = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Process kingpin = new ProcessBuilder(command).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(kingpin.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // process gone
            }
        }, "bench-reader");
        reader.setDaemon(true);
        reader.start();
        List<Long> mobsters = new ArrayList<>();
        try {
            String ready = await(lines, l -> l.contains("] ready in "), 60);
            results.put("ready_ms", (System.nanoTime() - t0) / 1e6);
            Matcher m = PIDS.matcher(ready.substring(ready.indexOf("ready in")));
            while (m.find()) {
                for (String pid : m.group(1).split(",")) {
                    if (!pid.isBlank()) {
                        mobsters.add(Long.parseLong(pid.trim()));
                    }
                }
            }
            Thread.sleep(1_500); // idle, after start-up work settles
            results.put("rss_kingpin_mib", rssMib(kingpin.pid()));
            double max = 0;
            for (long pid : mobsters) {
                max = Math.max(max, rssMib(pid));
            }
            results.put("rss_mobster_mib_max", max);

            Files.createFile(go);
            collect(lines, results, quick ? 240 : 330); // each phase warms up for at most 30 s
        } finally {
            kingpin.toHandle().destroy();
            if (!kingpin.waitFor(20, TimeUnit.SECONDS)) {
                kingpin.destroyForcibly();
            }
            for (long pid : mobsters) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            Files.deleteIfExists(go);
            Files.deleteIfExists(dir);
        }
        return results;
    }

    /** Reads the driver's {@code BENCH key value} lines into {@code results} until BENCH-DONE, bounded. */
    static void collect(BlockingQueue<String> lines, Map<String, Double> results, long seconds)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            int at = line.indexOf("] BENCH");
            String text = at >= 0 ? line.substring(at + 2) : line;
            if (text.startsWith("BENCH ")) {
                String[] parts = text.split(" ");
                results.put(parts[1], Double.parseDouble(parts[2]));
            } else if (text.startsWith("BENCH-DONE")) {
                return;
            } else if (text.startsWith("BENCH-")) {
                System.out.println(text);
            }
        }
    }

    static String await(BlockingQueue<String> lines, java.util.function.Predicate<String> test, int seconds)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && test.test(line)) {
                return line;
            }
        }
        throw new IllegalStateException("the bench app did not become ready within " + seconds + " s");
    }

    /** Resident set size from /proc, in MiB. */
    static double rssMib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static void printTable(Map<String, Double> results) {
        System.out.printf(Locale.ROOT, "%-28s %14s %12s %14s %10s%n", "metric", "mob", "target", "node mob", "vs node");
        for (Row row : ROWS) {
            Double value = results.get(row.key());
            String ratio = "";
            if (value != null && !Double.isNaN(row.node())) {
                double r = row.higherIsBetter() ? value / row.node() : row.node() / value;
                ratio = String.format(Locale.ROOT, "%.2fx", r);
            }
            String met = "";
            if (value != null && !Double.isNaN(row.target())) {
                met = (row.higherIsBetter() ? value >= row.target() : value <= row.target()) ? " ok" : " MISS";
            }
            System.out.printf(Locale.ROOT, "%-28s %14s %12s %14s %10s%n", row.key(),
                    value == null ? "-" : format(value) + " " + row.unit(),
                    Double.isNaN(row.target()) ? "" : format(row.target()) + met,
                    Double.isNaN(row.node()) ? "" : format(row.node()), ratio);
        }
    }

    private static String format(double v) {
        return v < 10 ? String.format(Locale.ROOT, "%.2f", v) : v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String toJson(Map<String, Double> results) {
        StringBuilder s = new StringBuilder("{");
        results.forEach((k, v) -> s.append(s.length() > 1 ? ", " : "").append('"').append(k).append("\": ")
                .append(Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.3f", v)));
        return s.append("}\n").toString();
    }
}
