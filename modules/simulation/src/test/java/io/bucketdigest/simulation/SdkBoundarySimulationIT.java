package io.bucketdigest.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.testing.SharedMoto;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same scheduler, faults and properties with the real DynamoDB adapters on moto_server instead of the fakes:
 * DynamoDB requests serialized by the scheduler, so conditional writes are atomic as in AWS. A request costs tens of
 * milliseconds on moto, so the build runs 20 small seeds; {@code -Dsimulation.sdkSeeds=N} (or
 * {@code scripts/simulate --sdk --seeds N}) runs more.
 */
class SdkBoundarySimulationIT {

    @Test
    void seeds_onTheDynamoDbAdapters_keepEveryProperty() {
        long seeds = Long.getLong("simulation.sdkSeeds", 20);
        List<String> violations = new ArrayList<>();
        int reports = 0;
        try (AwsTestClients clients = new AwsTestClients(SharedMoto.get().endpoint())) {
            for (long seed = 1; seed <= seeds; seed++) {
                Simulation.Result result = Simulation.runOnSdk(seed, Simulation.Options.standard(),
                        clients.dynamoDb());
                reports += result.report().reports();
                long s = seed;
                result.report().violations().forEach(v -> violations.add("seed " + s + ": " + v));
            }
        }

        assertThat(violations).as("replay one with: scripts/simulate --sdk --seed S").isEmpty();
        assertThat(reports).as("the seeds reported events at all").isGreaterThan((int) seeds);
    }
}
