package dev.mob.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mob.it.app.CalcClient;
import dev.mob.it.app.EchoClient;
import dev.mob.it.app.Event;
import dev.mob.it.app.Item;
import dev.mob.runtime.MobsterLostException;
import dev.mob.runtime.RemoteCallException;
import dev.mob.test.MobTestKit;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The test kit as a user uses it: roles in this JVM through the real codec, then the app as processes. */
class MobTestKitTest {
    private static final Event EVENT = new Event("deploy", Instant.parse("2026-11-30T06:00:00Z"),
            LocalDate.of(2026, 11, 30), Duration.ofSeconds(90), Optional.of("green"));

    @Test
    void rolesInProcessAnswerThroughTheirClientsAndTheRealCodec() throws Exception {
        try (MobTestKit kit = MobTestKit.inProcess(dev.mob.it.app.Calc.class, dev.mob.it.app.Echo.class)) {
            CalcClient calc = kit.client(CalcClient.class);
            assertEquals(5, calc.add(2, 3).get(10, TimeUnit.SECONDS));
            List<Map<String, Item>> items = List.of(Map.of("a", new Item("apple", 3)));
            List<Map<String, Item>> back = calc.echo(items).get(10, TimeUnit.SECONDS);
            assertEquals(items, back);
            assertInstanceOf(Item.class, back.get(0).get("a"), "decoded with its full generic type");
            Event next = calc.nextDay(EVENT).get(10, TimeUnit.SECONDS);
            assertEquals(LocalDate.of(2026, 12, 1), next.day());
            assertEquals(Instant.parse("2026-12-01T06:00:00Z"), next.at());
            assertTrue(next.note().orElseThrow().startsWith("green (seen by "));
            CompletableFuture<String> value = new CompletableFuture<>();
            calc.lookup("k", value::complete).get(10, TimeUnit.SECONDS);
            assertTrue(value.get(10, TimeUnit.SECONDS).startsWith("value of k from "));
            CompletionException failed = assertThrows(CompletionException.class, () -> calc.fail("boom").join());
            RemoteCallException remote = assertInstanceOf(RemoteCallException.class, failed.getCause());
            assertEquals(IllegalStateException.class.getName(), remote.remoteType());
            assertEquals("calc", remote.role());
            // A nested call from calc to echo, both in this JVM.
            assertEquals("HI! via " + calc.pid().get(10, TimeUnit.SECONDS), calc.nested("hi").get(10, TimeUnit.SECONDS));
            // Messages from the test reach the roles' handlers, through the codec.
            kit.mob().all("echo").send(Map.of("kind", "hello"));
            EchoClient echo = kit.client(EchoClient.class);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<String> seen = List.of();
            while (System.nanoTime() < deadline && (seen = echo.seen().get(10, TimeUnit.SECONDS)).size() < 2) {
                Thread.sleep(10); // polling the handler's effect, bounded
            }
            assertTrue(seen.get(1).startsWith("test:") && seen.get(1).contains("hello"), seen.toString());
        }
    }

    @Test
    void aRoleLeftOutOfTheTestIsUnreachable() {
        try (MobTestKit kit = MobTestKit.inProcess(dev.mob.it.app.Echo.class)) {
            CompletionException e = assertThrows(CompletionException.class,
                    () -> kit.client(CalcClient.class).add(1, 2).join());
            assertInstanceOf(MobsterLostException.class, e.getCause());
        }
    }

    @Test
    void theAppAsRealProcesses() throws Exception {
        try (MobTestKit kit = MobTestKit.processes(dev.mob.it.app.MobMain.class, "--workers", "calc=2")) {
            CalcClient calc = kit.client(CalcClient.class);
            assertEquals(42, calc.add(40, 2).get(30, TimeUnit.SECONDS));
            Event next = calc.nextDay(EVENT).get(30, TimeUnit.SECONDS);
            assertEquals(Duration.ofSeconds(90), next.took());
            assertEquals(LocalDate.of(2026, 12, 1), next.day());
            long worker = calc.pid().get(30, TimeUnit.SECONDS);
            assertTrue(kit.kingpin().alive(worker) && worker != ProcessHandle.current().pid(), "served by another process");
            CompletableFuture<String> value = new CompletableFuture<>();
            calc.lookup("k", value::complete).get(30, TimeUnit.SECONDS);
            assertTrue(value.get(30, TimeUnit.SECONDS).contains("from " + worker)
                    || value.get().startsWith("value of k from "), value.get());
        }
    }
}
