package dev.mob.runtime.internal.mobster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mob.runtime.internal.Member;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BalancerTest {
    private static Member member(long pid) {
        return new Member(pid, "back", (int) pid, "/tmp/x", Member.State.READY);
    }

    private final List<Member> four = List.of(member(1), member(2), member(3), member(4));

    @Test
    void noCandidatesGivesNull() {
        assertNull(Balancer.pick(List.of(), Set.of(), m -> 0));
        assertNull(Balancer.pick(List.of(member(1)), Set.of(1L), m -> 0));
    }

    @Test
    void neverPicksTheMostLoadedOfMany() {
        Map<Long, Integer> load = Map.of(1L, 0, 2L, 5, 3L, 5, 4L, 100);
        for (int i = 0; i < 1_000; i++) {
            assertTrue(Balancer.pick(four, Set.of(), m -> load.get(m.pid())).pid() != 4);
        }
    }

    @Test
    void spreadsEvenlyWhenLoadIsEqual() {
        Map<Long, Integer> picks = new HashMap<>();
        for (int i = 0; i < 40_000; i++) {
            picks.merge(Balancer.pick(four, Set.of(), m -> 0).pid(), 1, Integer::sum);
        }
        picks.values().forEach(n -> assertTrue(n > 8_000 && n < 12_000, picks.toString()));
    }

    @Test
    void skipsExcludedWorkers() {
        for (int i = 0; i < 100; i++) {
            assertEquals(3, Balancer.pick(four, Set.of(1L, 2L, 4L), m -> 0).pid());
        }
    }
}
