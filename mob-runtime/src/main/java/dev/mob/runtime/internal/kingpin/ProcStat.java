package dev.mob.runtime.internal.kingpin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux's /proc says about a process; 0 where it cannot tell. */
final class ProcStat {
    private ProcStat() {}

    private static final long TICK_NANOS = 10_000_000; // USER_HZ is 100 on Linux

    /** CPU time (user + system) {@code pid} has used, in nanoseconds, or 0. */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_NANOS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Resident set size of {@code pid} in bytes (VmRSS), or 0. */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not Linux
        }
        return 0;
    }
}
