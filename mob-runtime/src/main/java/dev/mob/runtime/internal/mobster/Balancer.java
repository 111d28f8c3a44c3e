package dev.mob.runtime.internal.mobster;

import dev.mob.runtime.internal.Member;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;

/**
 * Power of two choices: pick two random candidates and take the one with fewer calls in flight.
 * Nearly as good as least-loaded over all workers, without scanning them or sharing a lock.
 */
final class Balancer {
    private Balancer() {}

    /** A member of {@code candidates} not in {@code excluded}, or null when none is left. */
    static Member pick(List<Member> candidates, Set<Long> excluded, ToIntFunction<Member> inFlight) {
        int n = candidates.size();
        if (n == 0) {
            return null;
        }
        if (!excluded.isEmpty()) {
            candidates = candidates.stream().filter(m -> !excluded.contains(m.pid())).toList();
            n = candidates.size();
            if (n == 0) {
                return null;
            }
        }
        if (n == 1) {
            return candidates.get(0);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int a = random.nextInt(n);
        int b = random.nextInt(n - 1);
        if (b >= a) {
            b++;
        }
        Member first = candidates.get(a);
        Member second = candidates.get(b);
        return inFlight.applyAsInt(second) < inFlight.applyAsInt(first) ? second : first;
    }
}
