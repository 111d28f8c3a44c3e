package dev.mob.it.app;

import dev.mob.Exported;
import dev.mob.Role;
import dev.mob.runtime.Callback;
import dev.mob.runtime.Mob;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

@Role(name = "calc", workers = 2)
public class Calc {
    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "calc-later");
        t.setDaemon(true);
        return t;
    });
    private final Mob mob;

    public Calc(Mob mob) {
        this.mob = mob;
    }

    /** {@code Mob.current()} from a call thread is this worker's mob. */
    @Exported
    public long currentPid() {
        return Mob.current() == mob ? Mob.current().pid() : -1;
    }

    @Exported
    public int add(int a, int b) {
        io.micrometer.core.instrument.Metrics.counter("itapp.adds").increment(); // an app's own meter
        return a + b;
    }

    @Exported(idempotent = true)
    public long pid() {
        return mob.pid();
    }

    @Exported
    public String fail(String message) {
        throw new IllegalStateException(message);
    }

    @Exported
    public long sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return mob.pid();
    }

    private final java.util.concurrent.atomic.AtomicInteger idempotentAttempts = new java.util.concurrent.atomic.AtomicInteger();

    @Exported(idempotent = true)
    public long sleepIdempotent(long millis) throws InterruptedException {
        idempotentAttempts.incrementAndGet();
        Thread.sleep(millis);
        return mob.pid();
    }

    /** How many times {@link #sleepIdempotent} started in this worker. */
    @Exported
    public int idempotentAttempts() {
        return idempotentAttempts.get();
    }

    @Exported
    public CompletableFuture<Integer> square(int n) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        LATER.schedule(() -> result.complete(n * n), 5, TimeUnit.MILLISECONDS);
        return result;
    }

    @Exported
    public void lookup(String key, Callback<String> done) {
        LATER.schedule(() -> done.call("value of " + key + " from " + mob.pid()), 2, TimeUnit.MILLISECONDS);
    }

    @Exported
    public void callTwice(Callback<Integer> done) {
        done.call(1);
        done.call(2);
    }

    @Exported
    public void neverCalls(Callback<String> ignored) {}

    @Exported
    public List<Map<String, Item>> echo(List<Map<String, Item>> items) {
        for (Map<String, Item> map : items) {
            for (Item item : map.values()) {
                if (item.getClass() != Item.class) {
                    throw new IllegalStateException("decoded as " + item.getClass());
                }
            }
        }
        return items;
    }

    @Exported
    public String big(int chars) {
        return "x".repeat(chars);
    }

    @Exported
    public int length(String text) {
        return text.length();
    }

    /** A call from this worker to itself, through its own role's client. */
    @Exported
    public CompletableFuture<Integer> selfCall(int a, int b) {
        return mob.require(CalcClient.class).toPid(mob.pid()).add(a, b);
    }

    /** Sends a message back to {@code pid}: over the connection that pid opened, if one is open. */
    @Exported
    public void ping(long pid) {
        mob.pid(pid).send(Map.of("kind", "ping", "from", mob.pid()));
    }

    @Exported
    public Map<Long, Long> connections() {
        return ((dev.mob.runtime.internal.mobster.MobsterRuntime) mob).connectionsByPeer();
    }

    /** A nested call: this worker calls the other role while serving a call. */
    @Exported
    public CompletableFuture<String> nested(String word) {
        return mob.require(EchoClient.class).shout(word).thenApply(s -> s + " via " + mob.pid());
    }

    /** Busy for {@code millis}, then calls the other role: a call in flight that needs another role. */
    @Exported
    public String sleepThenNested(long millis, String word) throws InterruptedException {
        System.out.println("IT-CALC-BUSY " + word);
        Thread.sleep(millis);
        return mob.require(EchoClient.class).shout(word).join();
    }

    /** Returns the event a day later: java.time and Optional, both ways. */
    @Exported
    public Event nextDay(Event event) {
        return new Event(event.name(), event.at().plus(java.time.Duration.ofDays(1)), event.day().plusDays(1),
                event.took(), event.note().map(n -> n + " (seen by " + mob.pid() + ")"));
    }

    /** The text of the class path resource mob-version.txt (tests swap the jar that holds it), or "none". */
    @Exported(idempotent = true)
    public String version() throws java.io.IOException {
        try (var in = Calc.class.getResourceAsStream("/mob-version.txt")) {
            return in == null ? "none" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        }
    }
}
