package io.bucketdigest.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A seed is a replay: the same seed gives the same trace, line for line, whatever else ran before it. */
class DeterminismTest {

    @Test
    void run_sameSeedTwice_givesTheSameTraceAndReport() {
        Simulation.Result first = Simulation.run(4242, new Simulation.Options(true, true, Bugs.none()));
        Simulation.run(7, Simulation.Options.standard());
        Simulation.Result second = Simulation.run(4242, new Simulation.Options(true, true, Bugs.none()));

        assertThat(second.trace().fingerprint()).isEqualTo(first.trace().fingerprint());
        assertThat(second.trace().lines()).isEqualTo(first.trace().lines());
        assertThat(second.report()).isEqualTo(first.report());
        assertThat(first.steps()).isGreaterThan(100);
    }

    @Test
    void run_differentSeeds_giveDifferentRuns() {
        assertThat(Simulation.run(1, Simulation.Options.standard()).trace().fingerprint())
                .isNotEqualTo(Simulation.run(2, Simulation.Options.standard()).trace().fingerprint());
    }
}
