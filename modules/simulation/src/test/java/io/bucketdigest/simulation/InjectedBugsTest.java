package io.bucketdigest.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The simulator proves it can fail: with each known bug put back (a guard of today's code removed), some seed among
 * the first {@link #BUDGET} must violate a property. A simulator that cannot see these bugs proves nothing about their
 * absence.
 */
class InjectedBugsTest {

    private static final int BUDGET = 6_000;
    private static final int BLOCK = 8;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Bug.class)
    void seeds_withAKnownBugPutBack_findAViolation(Bug bug) throws Exception {
        Simulation.Options options = new Simulation.Options(true, false, new Bugs(Set.of(bug)));
        Simulation.Result failing = null;
        // Seeds in blocks on both cores, in seed order, stopping at the first block that fails.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int from = 1; from <= BUDGET && failing == null; from += BLOCK) {
                List<Future<Simulation.Result>> block = new ArrayList<>();
                for (int seed = from; seed < from + BLOCK && seed <= BUDGET; seed++) {
                    long s = seed;
                    block.add(pool.submit(() -> Simulation.run(s, options)));
                }
                for (Future<Simulation.Result> result : block) {
                    if (failing == null && result.get().failed()) {
                        failing = result.get();
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(failing).as("a violation within %d seeds with %s", BUDGET, bug).isNotNull();
        System.out.printf("%s: first caught by seed %d: %s%n", bug, failing.seed(),
                failing.report().violations().get(0));
    }
}
