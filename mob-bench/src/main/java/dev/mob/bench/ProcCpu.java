package dev.mob.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time (user + system) of processes, from {@code /proc/<pid>/stat}, to tell how much work an
 * operation costs in all the processes it crosses: on a 2-core machine throughput is about
 * 2 cores / CPU per operation once the cores are busy.
 */
final class ProcCpu {
    /** Linux's USER_HZ, the unit of utime and stime: 100 on every mainstream kernel. */
    private static final long TICK_NANOS = 10_000_000L;

    private ProcCpu() {}

    /** The CPU nanoseconds used so far by {@code pids} (those gone count 0). */
    static long nanos(List<Long> pids) {
        return nanos(pids, true);
    }

    /** The CPU nanoseconds spent in the kernel so far by {@code pids}: system calls, wake-ups, copies. */
    static long systemNanos(List<Long> pids) {
        return nanos(pids, false);
    }

    private static long nanos(List<Long> pids, boolean withUser) {
        long ticks = 0;
        for (long pid : pids) {
            try {
                ticks += ticks(Files.readString(Path.of("/proc/" + pid + "/stat")), withUser);
            } catch (IOException | RuntimeException gone) {
                // exited meanwhile
            }
        }
        return ticks * TICK_NANOS;
    }

    /** The clock ticks of a {@code stat} line of /proc: system time, and user time if asked. */
    private static long ticks(String stat, boolean withUser) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (withUser ? Long.parseLong(f[11]) : 0) + Long.parseLong(f[12]); // utime, stime
    }

    /**
     * The CPU nanoseconds spent so far by the JIT compiler threads of {@code pids} ("C1/C2
     * CompilerThread"): work that goes away once the code is compiled, so a measurement window with a
     * large share of it measures warm-up, not the steady state.
     */
    static long jitNanos(List<Long> pids) {
        long ticks = 0;
        for (long pid : pids) {
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                            ticks += ticks(stat, true);
                        }
                    } catch (IOException | RuntimeException gone) {
                        // that thread ended meanwhile (compiler threads come and go)
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // exited meanwhile
            }
        }
        return ticks * TICK_NANOS;
    }

    /** This app's processes, seen from a mobster: its Kingpin and everything the Kingpin started. */
    static List<Long> app() {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.current().parent().ifPresent(kingpin -> {
            pids.add(kingpin.pid());
            kingpin.descendants().forEach(p -> pids.add(p.pid()));
        });
        return pids;
    }
}
