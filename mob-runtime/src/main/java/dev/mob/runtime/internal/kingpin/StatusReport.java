package dev.mob.runtime.internal.kingpin;

import dev.mob.runtime.internal.Member;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code status} shows: one row per worker (as {@code pm2 ls}) and one per exported method,
 * as JSON (for scripts; the field names are a contract) and as a table. Built on the Kingpin's
 * control thread from its slots and the counters mobsters send every second.
 */
final class StatusReport {
    private StatusReport() {}

    static Map<String, Object> json(String app, String instance, long kingpinPid, long uptimeMs, boolean serving,
            Collection<String> roles, Collection<Slot> slots, long now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("app", app);
        out.put("instance", instance);
        out.put("kingpin", Map.of("pid", kingpinPid, "uptime_ms", uptimeMs, "rss_bytes", ProcStat.rssBytes(kingpinPid)));
        out.put("serving", serving);
        List<Map<String, Object>> roleList = new ArrayList<>();
        Map<String, long[]> methodTotals = new TreeMap<>();
        Map<String, double[]> methodLatency = new TreeMap<>();
        for (String role : roles) {
            List<Map<String, Object>> workers = new ArrayList<>();
            for (Slot slot : slots) {
                if (slot.role.equals(role)) {
                    workers.add(worker(slot, now));
                    addMethods(slot, methodTotals, methodLatency);
                }
            }
            roleList.add(Map.of("name", role, "workers", workers));
        }
        out.put("roles", roleList);
        List<Map<String, Object>> methods = new ArrayList<>();
        methodTotals.forEach((name, t) -> {
            double[] l = methodLatency.get(name);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("calls", t[0]);
            m.put("errors", t[1]);
            m.put("p50_ms", t[0] == 0 ? 0.0 : round(l[0] / t[0]));
            m.put("p99_ms", round(l[1]));
            methods.add(m);
        });
        out.put("methods", methods);
        return out;
    }

    private static Map<String, Object> worker(Slot slot, long now) {
        Map<String, Object> w = new LinkedHashMap<>();
        boolean alive = slot.alive();
        Map<String, Object> stats = slot.stats == null ? Map.of() : slot.stats;
        double[] rates = slot.rates();
        w.put("index", slot.index);
        w.put("pid", alive ? slot.pid : 0);
        w.put("state", state(slot));
        w.put("uptime_ms", alive && slot.startedAt != null
                ? java.time.Duration.between(slot.startedAt, java.time.Instant.now()).toMillis() : 0);
        w.put("restarts", slot.restarts);
        w.put("rss_bytes", alive ? ProcStat.rssBytes(slot.pid) : 0);
        w.put("cpu_percent", round(rates[2]));
        w.put("inflight", Slot.number(stats.get("inflight")));
        w.put("calls_total", Slot.number(stats.get("callsTotal")));
        w.put("errors_total", Slot.number(stats.get("errorsTotal")));
        w.put("calls_per_s", round(rates[0]));
        w.put("errors_10s", (long) rates[1]);
        w.put("messages_in_total", Slot.number(stats.get("messagesIn")));
        w.put("messages_out_total", Slot.number(stats.get("messagesOut")));
        w.put("serving", slot.serving);
        return w;
    }

    static String state(Slot slot) {
        if (!slot.alive() || slot.state == null) {
            return slot.alive() ? "starting" : "gone";
        }
        return slot.state == Member.State.READY ? "ready" : slot.state == Member.State.DRAINING ? "draining" : "starting";
    }

    @SuppressWarnings("unchecked")
    private static void addMethods(Slot slot, Map<String, long[]> totals, Map<String, double[]> latency) {
        if (slot.stats == null || !(slot.stats.get("methods") instanceof List<?> list)) {
            return;
        }
        for (Object o : list) {
            Map<String, Object> m = (Map<String, Object>) o;
            String name = String.valueOf(m.get("name"));
            long calls = Slot.number(m.get("calls"));
            long[] t = totals.computeIfAbsent(name, k -> new long[2]);
            t[0] += calls;
            t[1] += Slot.number(m.get("errors"));
            double[] l = latency.computeIfAbsent(name, k -> new double[2]);
            l[0] += calls * ((Number) m.getOrDefault("p50Ms", 0)).doubleValue();
            l[1] = Math.max(l[1], ((Number) m.getOrDefault("p99Ms", 0)).doubleValue());
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** The table, like {@code pm2 ls}. */
    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> json) {
        StringBuilder out = new StringBuilder();
        Map<String, Object> kingpin = (Map<String, Object>) json.get("kingpin");
        out.append(String.format(Locale.ROOT, "app %s (kingpin pid %s, up %s, %s)%n", json.get("app"), kingpin.get("pid"),
                duration(Slot.number(kingpin.get("uptime_ms"))), Boolean.TRUE.equals(json.get("serving")) ? "serving"
                        : "not serving yet"));
        workerRows(out, (List<Map<String, Object>>) json.get("roles"));
        if (json.get("hosts") instanceof List<?> hosts) {
            out.append(String.format(Locale.ROOT, "%nthis host: %s; cluster: %s%n", json.get("host"), json.get("cluster")));
            for (Object o : hosts) {
                Map<String, Object> h = (Map<String, Object>) o;
                out.append(String.format(Locale.ROOT, "%nhost %s (kingpin pid %s)%n", h.get("host"), h.get("kingpin_pid")));
                workerRows(out, (List<Map<String, Object>>) h.get("roles"));
            }
        }
        List<Map<String, Object>> methods = (List<Map<String, Object>>) json.get("methods");
        if (!methods.isEmpty()) {
            String m = "%-32s %10s %8s %10s %10s%n";
            out.append(String.format(Locale.ROOT, "%n" + m, "method", "calls", "errors", "p50", "p99"));
            for (Map<String, Object> method : methods) {
                out.append(String.format(Locale.ROOT, m, method.get("name"), method.get("calls"), method.get("errors"),
                        String.format(Locale.ROOT, "%.2f ms", ((Number) method.get("p50_ms")).doubleValue()),
                        String.format(Locale.ROOT, "%.2f ms", ((Number) method.get("p99_ms")).doubleValue())));
            }
        }
        return out.toString();
    }

    /** The Kingpin's own meters: each process's memory, revivals and workers by state, per role. */
    static void prometheus(PrometheusText out, String app, long kingpinPid, Collection<String> roles,
            Collection<Slot> slots) {
        Map<String, Integer> restarts = new LinkedHashMap<>();
        for (Slot slot : slots) {
            restarts.merge(slot.role, slot.restarts, Integer::sum);
            if (slot.alive()) {
                out.sample("mob_process_resident_memory_bytes", "gauge", "resident memory of each mobster",
                        "mob_process_resident_memory_bytes{app=\"" + app + "\",role=\"" + slot.role + "\",index=\""
                                + slot.index + "\",pid=\"" + slot.pid + "\"} " + ProcStat.rssBytes(slot.pid));
            }
        }
        out.sample("mob_process_resident_memory_bytes", "gauge", "resident memory of each mobster",
                "mob_process_resident_memory_bytes{app=\"" + app + "\",role=\"kingpin\",index=\"0\",pid=\"" + kingpinPid
                        + "\"} " + ProcStat.rssBytes(kingpinPid));
        restarts.forEach((role, n) -> out.sample("mob_restarts_total", "counter", "workers revived, by role",
                "mob_restarts_total{app=\"" + app + "\",role=\"" + role + "\"} " + n));
        for (String role : roles) {
            for (String state : List.of("starting", "ready", "draining", "gone")) {
                long n = slots.stream().filter(s -> s.role.equals(role) && state(s).equals(state)).count();
                out.sample("mob_workers", "gauge", "workers by role and state",
                        "mob_workers{app=\"" + app + "\",role=\"" + role + "\",state=\"" + state + "\"} " + n);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void workerRows(StringBuilder out, List<Map<String, Object>> roles) {
        String row = "%-12s %3s %8s %-9s %9s %8s %10s %6s %8s %9s %10s%n";
        out.append(String.format(Locale.ROOT, row, "role", "#", "pid", "state", "uptime", "restarts", "rss", "cpu",
                "inflight", "calls/s", "errors/10s"));
        for (Map<String, Object> role : roles) {
            for (Map<String, Object> w : (List<Map<String, Object>>) role.get("workers")) {
                out.append(String.format(Locale.ROOT, row, role.get("name"), w.get("index"), w.get("pid"), w.get("state"),
                        duration(Slot.number(w.get("uptime_ms"))), w.get("restarts"),
                        String.format(Locale.ROOT, "%.1f MiB", Slot.number(w.get("rss_bytes")) / 1048576.0),
                        String.format(Locale.ROOT, "%.1f%%", ((Number) w.get("cpu_percent")).doubleValue()),
                        w.get("inflight"), String.format(Locale.ROOT, "%.1f", ((Number) w.get("calls_per_s")).doubleValue()),
                        w.get("errors_10s")));
            }
        }
    }

    static String duration(long ms) {
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60) + "s";
        }
        return s / 3600 + "h" + (s % 3600) / 60 + "m";
    }
}
