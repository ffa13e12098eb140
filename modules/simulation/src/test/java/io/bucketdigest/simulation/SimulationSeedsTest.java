package io.bucketdigest.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The simulator's main run in the build: 2,000 seeds, every property on every seed. A failure prints each violation
 * with the command that replays its seed. {@code -Dsimulation.seeds=N} runs more (or fewer).
 */
class SimulationSeedsTest {

    @Test
    void seeds_fromOne_keepEverySafetyAndLivenessProperty() throws Exception {
        long seeds = Long.getLong("simulation.seeds", 2_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = SimulateMain.run(new String[] {"--seeds", Long.toString(seeds), "--threads", "2"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        String report = out.toString(StandardCharsets.UTF_8);
        System.out.print(report);
        assertThat(report).as("the summary line").contains(seeds + " passed, 0 failed");
        assertThat(report).doesNotContain("VIOLATION");
        assertThat(status).isZero();
    }
}
