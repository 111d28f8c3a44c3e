package dev.mob.it.cluster;

import dev.mob.Role;
import dev.mob.runtime.Message;
import dev.mob.runtime.Mob;
import dev.mob.runtime.Mobster;
import dev.mob.runtime.RemoteCallException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks what crosses hosts ({@code -Dmob.it.checks=true}), printing {@code CL name PASS|FAIL
 * detail}, then {@code CL-DONE}; then calls {@code back.where()} from 8 threads forever, printing
 * {@code CL tick ok={host=n,...} err={Type=n,...}} every 200 ms.
 */
@Role(name = "front", workers = 1)
public class Front implements Mobster {
    private final Mob mob;
    private final BackClient back;
    private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();

    public Front(Mob mob) {
        this.mob = mob;
        this.back = mob.require(BackClient.class).withTimeout(Duration.ofSeconds(2));
    }

    @Override
    public void start() {
        mob.onMessage(inbox::add);
        Thread driver = new Thread(this::drive, "cluster-front");
        driver.setDaemon(true);
        driver.start();
    }

    private void drive() {
        try {
            String first = awaitBack();
            if (Boolean.getBoolean("mob.it.checks")) {
                checks(first);
            }
            flow();
        } catch (Exception e) {
            System.out.println("CL driver FAIL " + e);
        }
    }

    private String awaitBack() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            try {
                return back.where().get(3, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                Thread.sleep(100); // retrying a call until a remote worker is routable, bounded above
            }
        }
        throw new IllegalStateException("no back worker answered in 120 s");
    }

    private static void report(String name, boolean pass, Object detail) {
        System.out.println("CL " + name + " " + (pass ? "PASS" : "FAIL") + " " + detail);
    }

    private void checks(String first) throws Exception {
        Set<String> hosts = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 20; i++) {
            hosts.add(back.where().get(5, TimeUnit.SECONDS).split("/")[0]);
        }
        report("calls", !hosts.isEmpty() && !hosts.contains(mob.host()), hosts);

        CompletableFuture<String> called = new CompletableFuture<>();
        back.lookup("k", called::complete).get(5, TimeUnit.SECONDS);
        String value = called.get(5, TimeUnit.SECONDS);
        report("callback", value.startsWith("k@") && !value.endsWith("@" + mob.host()), value);

        try {
            back.fail("boom").get(5, TimeUnit.SECONDS);
            report("error", false, "no exception");
        } catch (java.util.concurrent.ExecutionException e) {
            boolean ok = e.getCause() instanceof RemoteCallException r && !r.host().isEmpty()
                    && r.getMessage().contains("on host " + r.host()) && "boom".equals(r.remoteMessage());
            report("error", ok, e.getCause().getMessage());
        }

        long pinned = Long.parseLong(first.split("/")[1]);
        String again = back.toPid(pinned).where().get(5, TimeUnit.SECONDS);
        report("pinned", again.equals(first), again + " vs " + first);

        mob.all("back").send(Map.of("n", 1));
        Message reply = reply(1);
        report("all", reply != null && !reply.fromHost().isEmpty() && !reply.fromHost().equals(mob.host())
                && reply.json().contains("\"fromHost\":\"" + mob.host() + "\""), reply);
        mob.any("back").send(Map.of("n", 2));
        reply = reply(2);
        report("any", reply != null, reply);
        mob.pid(pinned).send(Map.of("n", 3));
        reply = reply(3);
        report("pid", reply != null && reply.fromPid() == pinned, reply);
        System.out.println("CL-DONE");
    }

    /** The first answer to message number {@code n} within 10 s (answers to earlier ones are skipped), or null. */
    private Message reply(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            Message m = inbox.poll(left, TimeUnit.NANOSECONDS);
            if (m != null && m.json().contains("\\\"n\\\":" + n)) {
                return m;
            }
        }
        return null;
    }

    private void flow() throws InterruptedException {
        Map<String, AtomicLong> ok = new ConcurrentHashMap<>();
        Map<String, AtomicLong> err = new ConcurrentHashMap<>();
        for (int t = 0; t < 8; t++) {
            Thread caller = new Thread(() -> {
                while (true) {
                    try {
                        String where = back.where().get(10, TimeUnit.SECONDS);
                        ok.computeIfAbsent(where.split("/")[0], k -> new AtomicLong()).incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        Throwable cause = e.getCause() == null ? e : e.getCause();
                        err.computeIfAbsent(cause.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
                        try {
                            Thread.sleep(20); // do not spin on a failing call
                        } catch (InterruptedException stop) {
                            return;
                        }
                    }
                }
            }, "cluster-caller-" + t);
            caller.setDaemon(true);
            caller.start();
        }
        while (true) {
            Thread.sleep(200); // the reporting period of the ticks
            System.out.println("CL tick ok=" + drain(ok) + " err=" + drain(err));
        }
    }

    private static Map<String, Long> drain(Map<String, AtomicLong> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> {
            long n = v.getAndSet(0);
            if (n > 0) {
                out.put(k, n);
            }
        });
        return out;
    }
}
