package dev.mob.it.overload;

import dev.mob.Role;
import dev.mob.runtime.Mob;
import dev.mob.runtime.MobOverloadedException;
import dev.mob.runtime.MobsterLostException;
import dev.mob.runtime.Mobster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the scenario named by {@code -Dmob.it.scenario} once started, printing {@code IT name
 * PASS|FAIL detail} lines that the tests read. Every loop is bounded in time.
 */
@Role(name = "pusher")
public class Pusher implements Mobster {
    private static final String PAD = "x".repeat(100);
    private final Mob mob;
    private final SinkClient sink;
    private final StuckClient stuck;
    private final long seconds = Long.getLong("mob.it.seconds", 10);

    public Pusher(Mob mob) {
        this.mob = mob;
        this.sink = mob.require(SinkClient.class);
        this.stuck = mob.require(StuckClient.class);
    }

    @Override
    public void start() {
        String scenario = System.getProperty("mob.it.scenario", "idle");
        Thread thread = new Thread(() -> {
            try {
                switch (scenario) {
                    case "messages" -> messages();
                    case "calls" -> calls();
                    case "hang" -> hang();
                    case "frozen" -> frozen();
                    case "mutual" -> mutual();
                    case "hog" -> System.out.println("IT hog " + sink.hog(300).get(60, TimeUnit.SECONDS));
                    default -> { }
                }
            } catch (Throwable t) {
                report(scenario, false, t.toString());
            }
            System.out.println("IT-DONE");
        }, "it-scenario");
        thread.setDaemon(true);
        thread.start();
    }

    private static void report(String name, boolean ok, Object detail) {
        System.out.println("IT " + name + " " + (ok ? "PASS" : "FAIL") + " " + detail);
    }

    /** A flood of messages at a slow sink: the sender is slowed, not its memory; every message arrives. */
    private void messages() throws Exception {
        sink.received().get(60, TimeUnit.SECONDS); // waits until the sink is ready
        System.out.println("IT-FLOOD-START");
        long sent = 0;
        long refused = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            try {
                mob.any("sink").send(Map.of("n", sent + refused, "pad", PAD));
                sent++;
            } catch (MobOverloadedException e) {
                refused++;
            }
        }
        System.out.println("IT-FLOOD-END sent=" + sent + " refused=" + refused);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long received = 0;
        while (System.nanoTime() < until && (received = sink.received().get(10, TimeUnit.SECONDS)) < sent) {
            Thread.sleep(100); // polling the sink, bounded
        }
        report("messages-accounted", received == sent, "sent=" + sent + " refused=" + refused + " received=" + received);
    }

    /**
     * Two mobsters flooding each other with messages, both receivers slow: flow control must not
     * deadlock (handlers never wait for credit), and every message sent either way arrives.
     */
    private void mutual() throws Exception {
        java.util.concurrent.atomic.AtomicLong got = new java.util.concurrent.atomic.AtomicLong();
        mob.onMessage(m -> {
            got.incrementAndGet();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        sink.received().get(60, TimeUnit.SECONDS);
        CompletableFuture<Long> back = sink.withTimeout(Duration.ofSeconds(seconds + 120)).floodBack(seconds);
        long sent = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            mob.any("sink").send(Map.of("n", sent, "pad", PAD));
            sent++;
        }
        long sentBack = back.get(seconds + 120, TimeUnit.SECONDS);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long received = 0;
        while (System.nanoTime() < until && ((received = sink.received().get(10, TimeUnit.SECONDS)) < sent
                || got.get() < sentBack)) {
            Thread.sleep(100); // polling both receivers, bounded
        }
        report("mutual-accounted", received == sent && got.get() == sentBack, "pusher sent " + sent + ", sink got "
                + received + "; sink sent " + sentBack + ", pusher got " + got.get());
    }

    /** A flood of calls at a slow sink: each call runs or fails as overloaded; none hangs or times out. */
    private void calls() throws Exception {
        sink.received().get(60, TimeUnit.SECONDS); // waits until the sink is ready
        System.out.println("IT-FLOOD-START");
        AtomicLong ok = new AtomicLong();
        AtomicLong overloaded = new AtomicLong();
        AtomicLong other = new AtomicLong();
        AtomicLong issued = new AtomicLong();
        List<String> others = new java.util.concurrent.CopyOnWriteArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            issued.incrementAndGet();
            sink.slow(5).whenComplete((v, e) -> {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause == null) {
                    ok.incrementAndGet();
                } else if (cause instanceof MobOverloadedException) {
                    overloaded.incrementAndGet();
                } else {
                    other.incrementAndGet();
                    if (others.size() < 5) {
                        others.add(cause.toString());
                    }
                }
            });
            while (issued.get() - ok.get() - overloaded.get() - other.get() > 5_000) {
                Thread.sleep(1); // this loop's own futures: a caller bounds what it holds
            }
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ok.get() + overloaded.get() + other.get() < issued.get() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        System.out.println("IT-FLOOD-END");
        report("calls-accounted", ok.get() + overloaded.get() == issued.get() && ok.get() > 0 && overloaded.get() > 0,
                "issued=" + issued + " ok=" + ok + " overloaded=" + overloaded + " other=" + other + " " + others);
    }

    /** 70 calls that never return on a 1-worker role (more than its 64 call threads): it must be replaced. */
    private void hang() throws Exception {
        long first = stuck.pid().get(30, TimeUnit.SECONDS);
        List<CompletableFuture<Void>> hung = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            hung.add(stuck.withTimeout(Duration.ofSeconds(120)).deadlock());
        }
        System.out.println("IT-HUNG");
        long start = System.nanoTime();
        long now = first;
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
            try {
                now = stuck.withTimeout(Duration.ofSeconds(2)).pid().get(10, TimeUnit.SECONDS);
                if (now != first) {
                    break;
                }
            } catch (Exception e) {
                // timed out or lost while the worker is stuck or being replaced
            }
        }
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        long lost = hung.stream().filter(f -> {
            try {
                f.get(30, TimeUnit.SECONDS);
                return false;
            } catch (Exception e) {
                return e.getCause() instanceof MobsterLostException;
            }
        }).count();
        report("hang-replaced", now != first && tookMs < 30_000, "calls succeed at a new worker (pid " + first
                + " -> " + now + ") " + tookMs + " ms after the hang; " + lost + " of 70 hung calls failed as lost");
    }

    /** Calls keep going while the sink is frozen (SIGSTOP by the test): they fail fast, then succeed at a new one. */
    private void frozen() throws Exception {
        long first = sink.pid().get(30, TimeUnit.SECONDS);
        System.out.println("IT-FROZEN-READY " + first);
        long lostAt = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(90)) {
            CompletableFuture<Long> call = sink.toPid(first).withTimeout(Duration.ofSeconds(60)).slow(10);
            try {
                call.get(70, TimeUnit.SECONDS);
                Thread.sleep(50);
            } catch (Exception e) {
                if (e.getCause() instanceof MobsterLostException) {
                    lostAt = System.nanoTime();
                    break;
                }
                report("frozen-cut", false, "unexpected " + e);
                return;
            }
        }
        long now = first;
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(90) && now == first) {
            try {
                now = sink.withTimeout(Duration.ofSeconds(5)).pid().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                Thread.sleep(50);
            }
        }
        report("frozen-cut", lostAt != 0 && now != first, "lost, then served by pid " + now + " "
                + (System.nanoTime() - lostAt) / 1_000_000 + " ms later");
    }
}
