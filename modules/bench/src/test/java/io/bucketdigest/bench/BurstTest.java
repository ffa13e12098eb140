package io.bucketdigest.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.subscription.Subscription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The burst's harness on a small burst (well under a second); the 100,000-object run is scripts/bench's. */
class BurstTest {

    private static final Path TEMPLATE = Path.of("../../template.yaml");

    @Test
    void functionTimeout_readsEachFunctionsOwnTimeoutFromTheTemplate() throws Exception {
        List<String> lines = Files.readAllLines(TEMPLATE);

        assertThat(Burst.functionTimeout(lines, "DigestFunction")).isEqualTo(Duration.ofSeconds(300));
        assertThat(Burst.functionTimeout(lines, "IngestFunction")).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> Burst.functionTimeout(lines, "NoSuchFunction"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overlappingSubscriptions_areFiftyDistinctOnesWithNestedPrefixes() {
        List<Subscription> subscriptions = Burst.overlappingSubscriptions();

        assertThat(subscriptions).hasSize(Burst.SUBSCRIPTIONS);
        assertThat(subscriptions.stream().map(Subscription::id).distinct()).hasSize(Burst.SUBSCRIPTIONS);
        assertThat(subscriptions.stream().filter(s -> s.prefixes().isEmpty() && s.bucket() == null)).isNotEmpty();
        assertThat(subscriptions.stream().flatMap(s -> s.prefixes().stream()))
                .contains("data/", "data/m1/", "data/m1/l2/");
    }

    @Test
    void run_ofASmallBurst_mailsEveryEventExactlyOnce() {
        Burst.Outcome single = Burst.run(Burst.oneSubscription(250), Duration.ofSeconds(300), Duration.ofSeconds(60), 1);

        assertThat(single.digests()).hasSize(1);
        assertThat(single.digests().get(0).entries()).isEqualTo(250);
        assertThat(single.lost()).isZero();
        assertThat(single.accounting().duplicated()).isZero();
        assertThat(single.exactlyOnce()).isTrue();
        assertThat(single.digestMs().max()).isPositive();
    }

    @Test
    void run_overFiftySubscriptions_mailsEveryExpectedMatchOnce() {
        Burst.Outcome spread = Burst.run(Burst.fiftySubscriptions(300), Duration.ofSeconds(300),
                Duration.ofSeconds(60), 1);

        assertThat(spread.expectedPairs()).isGreaterThan(300);
        assertThat(spread.accounting().recorded()).isEqualTo(spread.expectedPairs());
        assertThat(spread.digests().stream().mapToInt(Burst.Invocation::entries).sum())
                .isEqualTo((int) spread.expectedPairs());
        assertThat(spread.exactlyOnce()).isTrue();
    }
}
