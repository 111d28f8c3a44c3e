package dev.mob.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Measures, in the same run as mob, what the machine allows: a plain Unix-socket request/reply
 * between two JVMs with the same Jackson payload (sequential p50, and 64 requests pipelined), and
 * how long as many trivial JVMs as the bench app has processes take to start at once.
 */
final class RawBaseline {
    private static final String PAYLOAD = "0123456789abcdef0123456789abcdef"; // the bench's small echo

    private RawBaseline() {}

    static Map<String, Double> measure(boolean quick, int processes) throws Exception {
        Map<String, Double> results = new LinkedHashMap<>();
        results.put("jvm_baseline_ready_ms", trivialJvms(processes));
        Path dir = Files.createTempDirectory("mob-raw");
        Path socket = dir.resolve("raw.sock");
        Process server = new ProcessBuilder(java(), "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                RawEcho.class.getName(), socket.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (!"RAW-UP".equals(line)) {
                throw new IllegalStateException("the raw echo server did not start: " + line);
            }
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(socket));
                // Not Channels.newInputStream/newOutputStream: on a blocking channel they share one lock,
                // so a pending read would block every write.
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(new java.io.InputStream() {
                    @Override
                    public int read() throws java.io.IOException {
                        byte[] one = new byte[1];
                        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws java.io.IOException {
                        return channel.read(java.nio.ByteBuffer.wrap(b, off, len));
                    }
                }, 1 << 16));
                DataOutputStream wire = new DataOutputStream(new java.io.BufferedOutputStream(new java.io.OutputStream() {
                    @Override
                    public void write(int b) throws java.io.IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws java.io.IOException {
                        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(b, off, len);
                        while (buffer.hasRemaining()) {
                            channel.write(buffer);
                        }
                    }
                }, 1 << 16));
                ObjectMapper mapper = new ObjectMapper();
                byte[] request = mapper.writeValueAsBytes(new Object[] {PAYLOAD});
                results.put("raw_seq_p50_us", sequential(in, wire, mapper, request, quick));
                List<Long> both = List.of(ProcessHandle.current().pid(), server.pid());
                results.put("raw_inflight64_calls_per_s", pipelined(in, wire, mapper, request, quick, both, results));
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
        return results;
    }

    private static double sequential(DataInputStream in, DataOutputStream out, ObjectMapper mapper, byte[] request,
            boolean quick) throws Exception {
        int warmup = 20_000; // the same warm-up in --quick: the JIT decides the figures, and the ratios must agree
        int count = quick ? 10_000 : 50_000;
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        byte[] buffer = new byte[1 << 16];
        for (int i = 0; i < warmup + count; i++) {
            long t = System.nanoTime();
            out.writeInt(request.length);
            out.write(request);
            out.flush();
            int length = in.readInt();
            in.readFully(buffer, 0, length);
            mapper.readValue(buffer, 0, length, String.class);
            if (i >= warmup) {
                histogram.recordValue(System.nanoTime() - t);
            }
        }
        return histogram.getValueAtPercentile(50) / 1e3;
    }

    /** A writer keeps 64 requests outstanding, a reader takes the replies; completions per second. */
    private static double pipelined(DataInputStream in, DataOutputStream out, ObjectMapper mapper, byte[] request,
            boolean quick, List<Long> pids, Map<String, Double> results) throws Exception {
        long warmupNanos = TimeUnit.SECONDS.toNanos(3); // as in the default run (see above)
        long measureNanos = TimeUnit.SECONDS.toNanos(quick ? 2 : 5);
        Semaphore window = new Semaphore(64);
        AtomicLong completed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + warmupNanos + measureNanos;
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[1 << 16];
            try {
                while (true) {
                    int length = in.readInt();
                    in.readFully(buffer, 0, length);
                    mapper.readValue(buffer, 0, length, String.class);
                    completed.incrementAndGet();
                    window.release();
                }
            } catch (Exception done) {
                // the connection closed at the end
            }
        }, "raw-reader");
        reader.setDaemon(true);
        reader.start();
        long atMeasure = -1;
        long cpuAtMeasure = 0;
        long systemAtMeasure = 0;
        while (System.nanoTime() < end) {
            if (atMeasure < 0 && System.nanoTime() >= start + warmupNanos) {
                atMeasure = completed.get();
                cpuAtMeasure = ProcCpu.nanos(pids);
                systemAtMeasure = ProcCpu.systemNanos(pids);
            }
            if (!window.tryAcquire()) {
                out.flush();
                window.acquire();
            }
            out.writeInt(request.length);
            out.write(request);
        }
        out.flush();
        long done = completed.get() - atMeasure;
        long cpu = ProcCpu.nanos(pids) - cpuAtMeasure;
        results.put("raw_inflight64_cpu_us_per_call", cpu / 1e3 / Math.max(1, done));
        results.put("raw_inflight64_cpu_kernel_share", cpu == 0 ? 0 : (ProcCpu.systemNanos(pids) - systemAtMeasure)
                / (double) cpu);
        return done / (measureNanos / 1e9);
    }

    /** Starts {@code n} JVMs that print a line and exit, all at once; ms until the last has printed. */
    private static double trivialJvms(int n) throws Exception {
        List<Process> started = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            started.add(new ProcessBuilder(java(), "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    Trivial.class.getName()).redirectErrorStream(true).start());
        }
        for (Process p : started) {
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        for (Process p : started) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
        return ms;
    }

    private static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A JVM that starts, says so, and exits: the floor of a process's start-up. */
    public static final class Trivial {
        public static void main(String[] args) {
            System.out.println("up");
        }
    }
}
