package io.bucketdigest.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The model's distributions, not any timing: draws are compared with the stated percentiles. */
class LatencyModelTest {

    private static final int DRAWS = 10_000;

    @Test
    void sample_ofTheSingleItemDistribution_hasTheStatedMedianAndP99() {
        double[] draws = draws(LatencyModel.AWS_IN_REGION.of("DynamoDb:PutItem"), 42);

        assertThat(percentile(draws, 0.50)).isCloseTo(4.0, within(0.2));
        assertThat(percentile(draws, 0.99)).isCloseTo(12.0, within(1.2));
    }

    @Test
    void sample_ofSesSendEmail_hasTheStatedMedian() {
        double[] draws = draws(LatencyModel.AWS_IN_REGION.of("SesV2:SendEmail"), 7);

        assertThat(percentile(draws, 0.50)).isCloseTo(60.0, within(3.0));
        assertThat(percentile(draws, 0.99)).isCloseTo(180.0, within(18.0));
    }

    @Test
    void of_unknownOperation_fallsBackToTheDefault() {
        assertThat(LatencyModel.AWS_IN_REGION.of("Sqs:SomethingNew")).isEqualTo(LatencyModel.AWS_IN_REGION.otherwise());
        assertThat(LatencyModel.AWS_IN_REGION.of("DynamoDb:BatchWriteItem").p50Ms()).isEqualTo(8.0);
        assertThat(LatencyModel.AWS_IN_REGION.of("Sqs:SendMessageBatch").p50Ms()).isEqualTo(8.0);
    }

    @Test
    void meanMs_isAboveTheMedianForASkewedDistribution() {
        LatencyModel.Distribution singleItem = new LatencyModel.Distribution(4, 12);

        assertThat(singleItem.meanMs()).isCloseTo(4 * Math.exp(Math.pow(Math.log(3) / LatencyModel.Z99, 2) / 2),
                within(1e-9));
        assertThat(new LatencyModel.Distribution(5, 5).meanMs()).isEqualTo(5.0);
    }

    @Test
    void sample_withTheSameSeed_repeats() {
        LatencyModel.Distribution d = LatencyModel.AWS_IN_REGION.of("DynamoDb:GetItem");

        assertThat(draws(d, 3)).containsExactly(draws(d, 3));
    }

    @Test
    void distribution_withP99BelowP50_isRejected() {
        assertThatThrownBy(() -> new LatencyModel.Distribution(10, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    private static double[] draws(LatencyModel.Distribution distribution, long seed) {
        Random random = new Random(seed);
        double[] draws = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            draws[i] = distribution.sampleMs(random);
        }
        return draws;
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(p * sorted.length) - 1];
    }
}
