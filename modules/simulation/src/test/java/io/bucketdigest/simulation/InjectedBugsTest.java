package io.bucketdigest.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The simulator proves it can fail: with each known bug put back (a guard of today's code removed), some seed among
 * the first {@link #BUDGET} must violate a property. A simulator that cannot see these bugs proves nothing about their
 * absence.
 */
class InjectedBugsTest {

    private static final int BUDGET = 3_000;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Bug.class)
    void seeds_withAKnownBugPutBack_findAViolation(Bug bug) {
        Simulation.Options options = new Simulation.Options(true, false, new Bugs(Set.of(bug)));
        Simulation.Result failing = null;
        int seed = 1;
        for (; seed <= BUDGET && failing == null; seed++) {
            Simulation.Result result = Simulation.run(seed, options);
            if (result.failed()) {
                failing = result;
            }
        }

        assertThat(failing).as("a violation within %d seeds with %s", BUDGET, bug).isNotNull();
        System.out.printf("%s: first caught by seed %d: %s%n", bug, failing.seed(),
                failing.report().violations().get(0));
    }
}
