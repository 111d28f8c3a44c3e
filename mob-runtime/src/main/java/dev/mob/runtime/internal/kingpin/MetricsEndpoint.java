package dev.mob.runtime.internal.kingpin;

import dev.mob.runtime.internal.wire.Frame;
import dev.mob.runtime.internal.wire.FrameCodec;
import dev.mob.runtime.internal.wire.Link;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --metrics-port}: Prometheus text at {@code http://127.0.0.1:PORT/metrics}. Each scrape asks
 * every mobster for its meters over its control link (2 s at most; a silent one is left out),
 * merges them (each metric family once) and adds the Kingpin's own.
 */
final class MetricsEndpoint implements AutoCloseable {
    /** What the Kingpin gives the endpoint. */
    interface Source {
        /** The Kingpin's control thread, where {@link #links} and {@link #own} are called. */
        Executor control();

        /** The control links of the mobsters to scrape. */
        List<Link> links();

        /** Adds the Kingpin's own meters. */
        void own(PrometheusText out);
    }

    private final com.sun.net.httpserver.HttpServer server;
    private final Source source;
    private final int maxFrameBytes;
    private final Map<Long, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    MetricsEndpoint(int port, int maxFrameBytes, Source source) throws IOException {
        this.source = source;
        this.maxFrameBytes = maxFrameBytes;
        server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/metrics", exchange -> {
            String text;
            try {
                text = scrape().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                text = "# mob: metrics unavailable: " + e + "\n";
            }
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mob-metrics");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** A mobster's answer (a METRICS frame) to request {@code id}; any thread. */
    void answer(long id, String text) {
        CompletableFuture<String> part = pending.remove(id);
        if (part != null) {
            part.complete(text);
        }
    }

    private CompletableFuture<String> scrape() {
        CompletableFuture<String> result = new CompletableFuture<>();
        source.control().execute(() -> {
            List<CompletableFuture<String>> parts = new ArrayList<>();
            List<Long> asked = new ArrayList<>();
            for (Link link : source.links()) {
                long id = ids.incrementAndGet();
                asked.add(id);
                CompletableFuture<String> part = new CompletableFuture<>();
                pending.put(id, part);
                parts.add(part);
                link.send(FrameCodec.encode(ByteBufAllocator.DEFAULT, maxFrameBytes, Frame.METRICS_REQUEST, id, "",
                        new byte[0], "metrics request"));
            }
            CompletableFuture.allOf(parts.toArray(new CompletableFuture[0]))
                    .completeOnTimeout(null, 2, TimeUnit.SECONDS)
                    .whenCompleteAsync((v, e) -> {
                        PrometheusText merged = new PrometheusText();
                        for (CompletableFuture<String> part : parts) {
                            if (part.isDone() && !part.isCompletedExceptionally()) {
                                merged.add(part.join());
                            }
                        }
                        asked.forEach(pending::remove); // a mobster that did not answer in time
                        source.own(merged);
                        result.complete(merged.text());
                    }, source.control());
        });
        return result;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
