package io.bucketdigest.core.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DigestTimingTest {

    @Test
    void constructor_valuesAtTheLimits_areAccepted() {
        DigestTiming timing = new DigestTiming(Duration.ofMinutes(15), Duration.ofHours(24), 10_000);

        assertThat(timing.quietPeriod()).isEqualTo(Duration.ofSeconds(900));
    }

    @Test
    void constructor_outOfRange_isRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new DigestTiming(Duration.ofSeconds(901), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("quiet period");
        assertThatThrownBy(() -> new DigestTiming(null, Duration.ofHours(25), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("max delay");
        assertThatThrownBy(() -> new DigestTiming(null, Duration.ofSeconds(-1), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("max delay");
        assertThatThrownBy(() -> new DigestTiming(null, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("max entries");
    }

    @Test
    void withDefaults_fillsOnlyTheNullFields() {
        DigestTiming partial = new DigestTiming(null, Duration.ofMinutes(5), null);

        assertThat(partial.withDefaults(DigestTiming.DEFAULTS))
                .isEqualTo(new DigestTiming(Duration.ofSeconds(60), Duration.ofMinutes(5), 10_000));
    }
}
