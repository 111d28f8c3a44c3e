package dev.mob.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * The floor of mob's own design, measured in the same run: the hops a mob call takes, with no mob
 * code. A Netty epoll Unix-socket request/reply between two JVMs, the same Jackson payload and
 * length-prefixed frames; the caller's thread hands each request to its event loop and waits on a
 * future the event loop completes (caller thread, client loop, server loop, client loop, caller
 * thread: four threads a round trip, as in mob, where the blocking baseline has two). The server
 * answers on its event loop, like mob's {@code nonBlocking} echo. The in-flight figure completes on
 * the event loop, with no hand-off to a callback thread, which mob makes.
 */
final class NettyBaseline {
    private static final String PAYLOAD = "0123456789abcdef0123456789abcdef";

    private NettyBaseline() {}

    static void measure(boolean quick, Map<String, Double> results) throws Exception {
        Path dir = Files.createTempDirectory("mob-netty");
        Path socket = dir.resolve("netty.sock");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-Dio.netty.leakDetection.level=disabled"));
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED"); // Netty's epoll library, as mob's mobsters
        }
        command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), Server.class.getName(),
                socket.toString()));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("netty-client", true),
                EpollIoHandler.newFactory());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder said = new StringBuilder();
            for (String line; !"NETTY-UP".equals(line = out.readLine()); ) {
                if (line == null || said.length() > 4_000) {
                    throw new IllegalStateException("the Netty echo server did not start: " + said);
                }
                said.append(line).append('\n'); // a JVM warning, say
            }
            ObjectMapper mapper = new ObjectMapper();
            Queue<CompletableFuture<String>> waiting = new ConcurrentLinkedQueue<>();
            Channel channel = new Bootstrap().group(group).channel(EpollDomainSocketChannel.class)
                    .handler(framed(() -> new SimpleChannelInboundHandler<ByteBuf>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) throws IOException {
                            waiting.poll().complete(mapper.readValue((java.io.InputStream) new ByteBufInputStream(frame),
                                    String.class));
                        }
                    })).connect(new DomainSocketAddress(socket.toString())).sync().channel();
            byte[] request = mapper.writeValueAsBytes(new Object[] {PAYLOAD});
            results.put("netty_seq_p50_us", sequential(channel, waiting, request, quick));
            results.put("netty_inflight64_calls_per_s", inflight(channel, waiting, request, quick,
                    java.util.List.of(ProcessHandle.current().pid(), server.pid()), results));
            channel.close().sync();
        } finally {
            group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    /** Sends from this thread, as a mob caller does: the event loop writes it. */
    private static CompletableFuture<String> send(Channel channel, Queue<CompletableFuture<String>> waiting,
            byte[] request) {
        CompletableFuture<String> reply = new CompletableFuture<>();
        ByteBuf frame = lengthPrefixed(channel.alloc(), request);
        synchronized (waiting) { // the order of the queue is the order on the wire
            waiting.add(reply);
            channel.writeAndFlush(frame, channel.voidPromise());
        }
        return reply;
    }

    private static double sequential(Channel channel, Queue<CompletableFuture<String>> waiting, byte[] request,
            boolean quick) throws Exception {
        int warmup = 20_000; // as mob's and the blocking baseline's
        int count = quick ? 10_000 : 50_000;
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        for (int i = 0; i < warmup + count; i++) {
            long t = System.nanoTime();
            send(channel, waiting, request).get(5, TimeUnit.SECONDS);
            if (i >= warmup) {
                histogram.recordValue(System.nanoTime() - t);
            }
        }
        return histogram.getValueAtPercentile(50) / 1e3;
    }

    private static double inflight(Channel channel, Queue<CompletableFuture<String>> waiting, byte[] request,
            boolean quick, java.util.List<Long> pids, Map<String, Double> results) throws Exception {
        long warmupNanos = TimeUnit.SECONDS.toNanos(3);
        long measureNanos = TimeUnit.SECONDS.toNanos(quick ? 2 : 5);
        Semaphore window = new Semaphore(64);
        AtomicLong completed = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long end = measureFrom + measureNanos;
        long atMeasure = -1;
        long cpuAtMeasure = 0;
        while (System.nanoTime() < end) {
            if (atMeasure < 0 && System.nanoTime() >= measureFrom) {
                atMeasure = completed.get();
                cpuAtMeasure = ProcCpu.nanos(pids);
            }
            if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            send(channel, waiting, request).whenComplete((r, e) -> {
                completed.incrementAndGet();
                window.release();
            });
        }
        long done = completed.get() - atMeasure;
        results.put("netty_inflight64_cpu_us_per_call", (ProcCpu.nanos(pids) - cpuAtMeasure) / 1e3 / Math.max(1, done));
        window.tryAcquire(64, 10, TimeUnit.SECONDS);
        return done / (measureNanos / 1e9);
    }

    /** Both sides' pipeline: length-prefixed frames in, then {@code handler}'s (one per connection). */
    private static ChannelInitializer<Channel> framed(Supplier<ChannelHandler> handler) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4), handler.get());
            }
        };
    }

    private static ByteBuf lengthPrefixed(ByteBufAllocator alloc, byte[] bytes) {
        return alloc.directBuffer(4 + bytes.length).writeInt(bytes.length).writeBytes(bytes);
    }

    /** The echo server: {@code java -cp ... dev.mob.bench.NettyBaseline$Server <socket>}. */
    public static final class Server {
        public static void main(String[] args) throws Exception {
            Path path = Path.of(args[0]);
            Files.deleteIfExists(path);
            ObjectMapper mapper = new ObjectMapper();
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                    .childHandler(framed(() -> new SimpleChannelInboundHandler<ByteBuf>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) throws IOException {
                            Object[] arguments = mapper.readValue((java.io.InputStream) new ByteBufInputStream(frame),
                                    Object[].class);
                            ctx.write(lengthPrefixed(ctx.alloc(), mapper.writeValueAsBytes(arguments[0])),
                                    ctx.voidPromise());
                        }

                        @Override
                        public void channelReadComplete(ChannelHandlerContext ctx) {
                            ctx.flush(); // replies to requests read together share a write
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext ctx) {
                            group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
                        }
                    })).bind(new DomainSocketAddress(path.toString())).sync();
            System.out.println("NETTY-UP");
            System.out.flush();
            group.terminationFuture().await();
            Files.deleteIfExists(path);
        }
    }
}
