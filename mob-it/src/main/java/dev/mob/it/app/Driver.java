package dev.mob.it.app;

import dev.mob.Role;
import dev.mob.runtime.Mob;
import dev.mob.runtime.MobTimeoutException;
import dev.mob.runtime.Mobster;
import dev.mob.runtime.MobsterLostException;
import dev.mob.runtime.PayloadTooLargeException;
import dev.mob.runtime.RemoteCallException;
import dev.mob.runtime.internal.mobster.MobsterRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the scenario named by {@code -Dmob.it.scenario} once started and prints one line per check,
 * {@code IT <check> PASS|FAIL <detail>}, then {@code IT-DONE}. The tests read these lines.
 */
@Role(name = "driver")
public class Driver implements Mobster {
    private final Mob mob;
    private final CalcClient calc;
    private final EchoClient echo;
    private Thread scenarioThread;

    public Driver(Mob mob) {
        this.mob = mob;
        this.calc = mob.require(CalcClient.class);
        this.echo = mob.require(EchoClient.class);
    }

    @Override
    public void start() {
        String scenario = System.getProperty("mob.it.scenario", "idle");
        scenarioThread = new Thread(() -> {
            try {
                switch (scenario) {
                    case "basic" -> basic();
                    case "kill" -> kill();
                    case "drain" -> drain();
                    case "chaos" -> chaos();
                    case "steady" -> steady();
                    case "crash" -> crash();
                    case "longcall" -> longCall();
                    default -> { }
                }
            } catch (Throwable t) {
                report("scenario", false, t.toString());
            }
            System.out.println("IT-DONE");
        }, "driver");
        scenarioThread.setDaemon(true);
        scenarioThread.start();
    }

    /** Lets a running scenario report before the process exits. */
    @Override
    public void stop() throws InterruptedException {
        scenarioThread.join(10_000);
    }

    private static void report(String check, boolean pass, Object detail) {
        System.out.println("IT " + check + " " + (pass ? "PASS" : "FAIL") + " " + detail);
    }

    private static Throwable cause(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static Throwable failure(CompletableFuture<?> future) {
        try {
            future.get(40, TimeUnit.SECONDS);
            return null;
        } catch (Exception e) {
            return cause(e);
        }
    }

    private void basic() throws Exception {
        report("add", calc.add(2, 3).get(10, TimeUnit.SECONDS) == 5, "2+3");

        Set<Long> pids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            pids.add(calc.pid().get(10, TimeUnit.SECONDS));
        }
        report("spread", pids.size() == 2, pids);
        long current = calc.currentPid().get(10, TimeUnit.SECONDS);
        report("mob-current", pids.contains(current), current);

        Throwable remote = failure(calc.fail("boom"));
        report("remote-error", remote instanceof RemoteCallException r
                && r.remoteType().equals(IllegalStateException.class.getName())
                && r.getMessage().contains("boom") && pids.contains(r.pid()) && r.role().equals("calc")
                && r.getStackTrace().length > 0 && r.getStackTrace()[0].getClassName().contains("Calc"), remote);

        report("async", calc.square(12).get(10, TimeUnit.SECONDS) == 144, "12^2");

        CompletableFuture<String> value = new CompletableFuture<>();
        calc.lookup("k", value::complete).get(10, TimeUnit.SECONDS);
        String looked = value.get(10, TimeUnit.SECONDS);
        report("callback", looked.startsWith("value of k from "), looked);

        AtomicInteger calls = new AtomicInteger();
        calc.callTwice(v -> calls.incrementAndGet()).get(10, TimeUnit.SECONDS);
        // Both invocations were sent before the reply, on the same connection; poll for the first.
        long once = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (calls.get() == 0 && System.nanoTime() < once) {
            Thread.sleep(5);
        }
        report("callback-once", calls.get() == 1, calls.get());

        List<Map<String, Item>> items = List.of(Map.of("a", new Item("apple", 3)), Map.of("b", new Item("pear", 1)));
        List<Map<String, Item>> echoed = calc.echo(items).get(10, TimeUnit.SECONDS);
        report("generics", echoed.equals(items) && echoed.get(0).get("a") instanceof Item, echoed);

        long start = System.nanoTime();
        Throwable timeout = failure(calc.withTimeout(Duration.ofMillis(300)).sleep(3_000));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        report("timeout", timeout instanceof MobTimeoutException && tookMs < 2_000, tookMs + " ms " + timeout);

        long pinned = pids.iterator().next();
        Set<Long> pinnedPids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            pinnedPids.add(calc.toPid(pinned).pid().get(10, TimeUnit.SECONDS));
        }
        report("pinned", pinnedPids.equals(Set.of(pinned)), pinnedPids);

        String nested = calc.nested("hi").get(10, TimeUnit.SECONDS);
        report("nested", nested.startsWith("HI! via "), nested);
        report("self-call", calc.selfCall(20, 22).get(10, TimeUnit.SECONDS) == 42, "a worker calling itself");

        Throwable tooBigArgs = failure(calc.length("y".repeat(17 * 1024 * 1024)));
        report("payload-args", tooBigArgs instanceof PayloadTooLargeException, tooBigArgs);
        Throwable tooBigResult = failure(calc.big(17 * 1024 * 1024));
        report("payload-result", tooBigResult instanceof PayloadTooLargeException, tooBigResult);
        report("payload-ok", calc.length("z".repeat(1024 * 1024)).get(10, TimeUnit.SECONDS) == 1024 * 1024, "1 MiB");

        // Callbacks outlive their calls until used or their holder dies: the called ones are gone,
        // the never-called ones stay (held by live calc workers).
        MobsterRuntime runtime = (MobsterRuntime) mob;
        int before = runtime.callbacksOutstanding();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            futures.add(calc.withTimeout(Duration.ofMillis(500)).neverCalls(s -> { }));
            futures.add(calc.lookup("x" + i, s -> { }));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (runtime.callbacksOutstanding() > before + 2_000 && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling, bounded: the lookups' callbacks arrive after their replies
        }
        report("callbacks-kept-until-used", runtime.callbacksOutstanding() == before + 2_000,
                runtime.callbacksOutstanding() - before + " outstanding of 4,000 (2,000 never called)");

        messages();
        oneConnectionPerPair(pids);
    }

    /** Calls, answers and messages in both directions between driver and calc share one connection. */
    private void oneConnectionPerPair(Set<Long> calcPids) throws Exception {
        for (long pid : calcPids) {
            calc.toPid(pid).ping(mob.pid()).get(10, TimeUnit.SECONDS);
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!((MobsterRuntime) mob).connectionsByPeer().keySet().containsAll(calcPids) && System.nanoTime() < until) {
            Thread.sleep(5); // polling; the pings' messages arrive over the calls' connections
        }
        Map<Long, Long> mine = ((MobsterRuntime) mob).connectionsByPeer();
        boolean single = mine.values().stream().allMatch(n -> n == 1) && mine.keySet().containsAll(calcPids);
        Map<Long, Map<Long, Long>> theirs = new java.util.HashMap<>();
        for (long pid : calcPids) {
            Map<Long, Long> counts = calc.toPid(pid).connections().get(10, TimeUnit.SECONDS);
            theirs.put(pid, counts);
            single &= counts.values().stream().allMatch(n -> n == 1) && counts.getOrDefault(mob.pid(), 0L) == 1;
        }
        report("one-connection-per-pair", single, "driver " + mine + ", calc " + theirs);
    }

    private void messages() throws Exception {
        for (int i = 0; i < 100; i++) {
            mob.send(Map.of("n", i, "kind", "send"));
        }
        mob.all("echo").send(Map.of("kind", "all"));
        for (int i = 0; i < 10; i++) {
            mob.any("echo").send(Map.of("kind", "any"));
        }
        long target = mob.require(CalcClient.class).pid().get(10, TimeUnit.SECONDS);
        mob.pid(target).send(Map.of("kind", "pid"));
        // Poll both echo workers until each has all 100 "send" messages and the "all" one.
        List<String> all = new ArrayList<>();
        Map<String, List<String>> perWorker = new java.util.HashMap<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            List<String> seen = echo.seen().get(10, TimeUnit.SECONDS);
            perWorker.put(seen.get(0), seen.subList(1, seen.size()));
            long total = perWorker.values().stream().flatMap(List::stream).filter(m -> !m.contains("\"any\"")).count();
            long anys = perWorker.values().stream().flatMap(List::stream).filter(m -> m.contains("\"any\"")).count();
            if (perWorker.size() == 2 && total >= 2 * 101 && anys >= 10) {
                break;
            }
            Thread.sleep(5);
        }
        perWorker.values().forEach(all::addAll);
        boolean ordered = true;
        for (List<String> seen : perWorker.values()) {
            int last = -1;
            for (String s : seen) {
                if (s.contains("\"send\"")) {
                    int n = Integer.parseInt(s.replaceAll(".*\"n\":(\\d+).*", "$1"));
                    ordered &= n == last + 1;
                    last = n;
                }
            }
            ordered &= last == 99;
        }
        report("send-ordered", perWorker.size() == 2 && ordered, perWorker.size() + " workers");
        report("all", all.stream().filter(s -> s.contains("\"all\"")).count() == 2, all.size());
        report("any", all.stream().filter(s -> s.contains("\"any\"")).count() == 10, all.size());
        report("from-role", all.stream().allMatch(s -> s.startsWith("driver:")), all.isEmpty() ? "" : all.get(0));
        AtomicReference<String> got = new AtomicReference<>();
        CountDownLatch latch = new CountDownLatch(1);
        mob.onMessage(m -> {
            got.set(m.fromRole() + ":" + m.as(Map.class).get("kind"));
            latch.countDown();
        });
        mob.pid(mob.pid()).send(Map.of("kind", "self"));
        report("pid", latch.await(5, TimeUnit.SECONDS) && "driver:self".equals(got.get()), got.get());
    }

    /** SIGKILL one calc worker while calls are in flight on it. */
    private void kill() throws Exception {
        long victim = calc.pid().get(10, TimeUnit.SECONDS);
        CalcClient pinned = calc.toPid(victim);
        long survivor = victim;
        for (int i = 0; i < 200 && survivor == victim; i++) {
            survivor = calc.pid().get(10, TimeUnit.SECONDS);
        }
        // Idempotent calls, unpinned, spread over both workers (sent first, so the balancer splits
        // them): those on the victim must be retried on the survivor.
        List<CompletableFuture<Long>> retried = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            retried.add(calc.sleepIdempotent(3_000));
        }
        List<CompletableFuture<Long>> inFlight = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            inFlight.add(pinned.sleep(5_000));
        }
        CompletableFuture<Long> idempotent = pinned.sleepIdempotent(5_000);
        int onVictim = 0;
        int onSurvivor = 0;
        long started = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (onVictim + onSurvivor < 11 && System.nanoTime() < started) {
            onVictim = calc.toPid(victim).idempotentAttempts().get(10, TimeUnit.SECONDS);
            onSurvivor = calc.toPid(survivor).idempotentAttempts().get(10, TimeUnit.SECONDS);
        }
        long killedAt = System.nanoTime();
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();
        int lost = 0;
        for (CompletableFuture<Long> f : inFlight) {
            lost += failure(f) instanceof MobsterLostException ? 1 : 0;
        }
        long failMs = (System.nanoTime() - killedAt) / 1_000_000;
        report("lost-fast", lost == 10 && failMs < 3_000, lost + " lost in " + failMs + " ms");
        report("pinned-not-retried", failure(idempotent) instanceof MobsterLostException, "pinned idempotent");
        int ok = 0;
        for (CompletableFuture<Long> f : retried) {
            ok += failure(f) == null ? 1 : 0;
        }
        int retriedThere = calc.toPid(survivor).idempotentAttempts().get(10, TimeUnit.SECONDS) - onSurvivor;
        report("idempotent-retried", ok == 10 && onVictim >= 2 && retriedThere == onVictim - 1,
                ok + " of 10 ok; " + (onVictim - 1) + " unpinned on the victim, " + retriedThere + " retried");
        // Revival: a new worker answers.
        long reviveStart = System.nanoTime();
        Set<Long> seen = new HashSet<>();
        while (System.nanoTime() - reviveStart < TimeUnit.SECONDS.toNanos(20)) {
            seen.add(calc.pid().get(10, TimeUnit.SECONDS));
            if (seen.size() >= 2 && !seen.contains(victim)) {
                break;
            }
            Thread.sleep(5);
        }
        long reviveMs = (System.nanoTime() - killedAt) / 1_000_000;
        report("revived", seen.size() >= 2 && !seen.contains(victim), seen + " after " + reviveMs + " ms");
        System.out.println("IT revive_ms " + reviveMs);
    }

    /**
     * Chaos: the driver and both echo workers call calc for {@code mob.it.seconds} (default 12)
     * while a calc worker is killed with SIGKILL at random every 0.4-1.2 s. Every call must end as
     * a success, a MobsterLostException or a MobTimeoutException, none may hang past its deadline,
     * callback tables must drain to zero, and calc must be back at full strength.
     */
    private void chaos() throws Exception {
        long seconds = Long.getLong("mob.it.seconds", 12);
        Set<Long> echoes = new HashSet<>();
        for (int i = 0; i < 100 && echoes.size() < 2; i++) {
            echoes.add(Long.parseLong(echo.seen().get(10, TimeUnit.SECONDS).get(0).substring(4)));
        }
        List<CompletableFuture<Map<String, Long>>> remote = new ArrayList<>();
        for (long pid : echoes) {
            remote.add(echo.withTimeout(Duration.ofSeconds(seconds + 30)).toPid(pid).hammer(seconds));
        }
        AtomicInteger kills = new AtomicInteger();
        Thread killer = new Thread(() -> {
            java.util.Random random = new java.util.Random();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds - 1);
            while (System.nanoTime() < end) {
                try {
                    Thread.sleep(400 + random.nextInt(800));
                    long victim = calc.withTimeout(Duration.ofSeconds(1)).pid().get(2, TimeUnit.SECONDS);
                    ProcessHandle.of(victim).ifPresent(p -> {
                        if (p.destroyForcibly()) {
                            kills.incrementAndGet();
                        }
                    });
                } catch (Exception e) {
                    // no calc worker answered in time: try again
                }
            }
        }, "chaos-killer");
        killer.start();
        Map<String, Long> mine = Hammer.run(calc, seconds);
        killer.join();
        List<Map<String, Long>> all = new ArrayList<>();
        all.add(mine);
        for (CompletableFuture<Map<String, Long>> f : remote) {
            all.add(f.get(seconds + 40, TimeUnit.SECONDS));
        }
        long issued = 0;
        long accounted = 0;
        long other = 0;
        long hung = 0;
        for (Map<String, Long> m : all) {
            issued += m.get("issued");
            accounted += m.get("ok") + m.get("lost") + m.get("timeout");
            other += m.get("other");
            hung += m.get("hung");
            System.out.println("IT-STATS chaos " + m);
        }
        report("chaos-accounted", issued == accounted && other == 0 && hung == 0 && issued > 1_000,
                "issued=" + issued + " accounted=" + accounted + " other=" + other + " hung=" + hung + " kills=" + kills);
        report("chaos-kills", kills.get() >= Math.max(5, seconds / 5), kills.get());

        long fullFrom = System.nanoTime();
        Set<Long> live = new HashSet<>();
        while (System.nanoTime() - fullFrom < TimeUnit.SECONDS.toNanos(20)) {
            live.clear();
            for (int i = 0; i < 40; i++) {
                try {
                    live.add(calc.withTimeout(Duration.ofSeconds(1)).pid().get(2, TimeUnit.SECONDS));
                } catch (Exception e) {
                    // reviving
                }
            }
            live.removeIf(pid -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            if (live.size() == 2) {
                break;
            }
            Thread.sleep(100);
        }
        report("chaos-full-strength", live.size() == 2,
                live + " after " + (System.nanoTime() - fullFrom) / 1_000_000 + " ms");

        MobsterRuntime runtime = (MobsterRuntime) mob;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int outstanding = Integer.MAX_VALUE;
        while (System.nanoTime() < deadline && outstanding > 0) {
            outstanding = runtime.callbacksOutstanding();
            for (long pid : echoes) {
                outstanding += echo.toPid(pid).callbacksOutstanding().get(5, TimeUnit.SECONDS);
            }
            Thread.sleep(100);
        }
        report("chaos-callbacks-released", outstanding == 0, outstanding);
    }

    /** Steady calls for {@code mob.it.seconds} while a test throws bad input at our sockets. */
    private void steady() throws Exception {
        long seconds = Long.getLong("mob.it.seconds", 8);
        System.out.println("IT-STEADY");
        Map<String, Long> m = Hammer.run(calc, seconds);
        report("steady", m.get("ok").equals(m.get("issued")) && m.get("issued") > 100, m);
    }

    /** flaky crash-loops: calls to it fail at their deadline saying so, calc is not disturbed. */
    private void crash() throws Exception {
        FlakyClient flaky = mob.require(FlakyClient.class);
        Throwable failure = failure(flaky.withTimeout(Duration.ofMillis(2_500)).ping());
        report("crash-timeout", failure instanceof MobTimeoutException
                && failure.getMessage().contains("no worker of role 'flaky' became ready")
                && failure.getMessage().matches("(?s).*\\(([1-9][0-9]*) restarts of its workers so far\\).*"), failure);
        report("crash-others-fine", calc.add(1, 1).get(10, TimeUnit.SECONDS) == 2, "calc answers");
    }

    /** A call that outlasts any grace period, for the forced-shutdown tests. */
    /** Six minute-long calls pinned to one calc worker: with 2 call threads, 2 run and 4 wait. */
    private void longCall() throws Exception {
        long pid = calc.pid().get(10, TimeUnit.SECONDS);
        List<CompletableFuture<Long>> slow = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            slow.add(calc.toPid(pid).withTimeout(Duration.ofSeconds(120)).sleep(60_000));
        }
        System.out.println("IT-INFLIGHT");
        for (CompletableFuture<Long> f : slow) {
            Throwable t = failure(f);
            System.out.println("IT longcall-ended " + t);
        }
    }

    /** Calls in flight when the app is told to stop; two of them call another role after the stop. */
    private void drain() {
        List<CompletableFuture<?>> slow = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            slow.add(calc.sleep(1_500));
            slow.add(calc.sleepThenNested(1_500, "w" + i));
        }
        System.out.println("IT-INFLIGHT");
        int ok = 0;
        StringBuilder errors = new StringBuilder();
        for (CompletableFuture<?> f : slow) {
            Throwable t = failure(f);
            ok += t == null ? 1 : 0;
            if (t != null) {
                errors.append(' ').append(t);
            }
        }
        report("drained", ok == 4, ok + " of 4 finished" + errors);
    }
}
