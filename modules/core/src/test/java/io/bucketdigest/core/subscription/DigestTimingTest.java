package io.bucketdigest.core.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
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

    private static final DigestTiming MINUTE_QUIET_TEN_MINUTES_MAX =
            new DigestTiming(Duration.ofMinutes(1), Duration.ofMinutes(10), 100);
    private static final Instant FIRST = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void dueAt_quietPeriodEndsFirst_isAQuietPeriodAfterTheLastArrival() {
        Instant due = MINUTE_QUIET_TEN_MINUTES_MAX.dueAt(FIRST, FIRST.plusSeconds(90));

        assertThat(due).isEqualTo(FIRST.plusSeconds(150));
    }

    @Test
    void dueAt_arrivalsKeepComing_isCappedAtTheMaxDelayAfterTheFirst() {
        Instant due = MINUTE_QUIET_TEN_MINUTES_MAX.dueAt(FIRST, FIRST.plusSeconds(570));

        assertThat(due).isEqualTo(FIRST.plus(Duration.ofMinutes(10)));
    }

    @Test
    void dueAt_missingLastArrival_countsTheFirstAsTheLast() {
        assertThat(MINUTE_QUIET_TEN_MINUTES_MAX.dueAt(FIRST, null)).isEqualTo(FIRST.plusSeconds(60));
    }

    @Test
    void latestDueAt_isTheMaxDelayAfterTheFirst_andBoundsEveryDueTime() {
        Instant latest = MINUTE_QUIET_TEN_MINUTES_MAX.latestDueAt(FIRST);

        assertThat(latest).isEqualTo(FIRST.plus(Duration.ofMinutes(10)));
        assertThat(MINUTE_QUIET_TEN_MINUTES_MAX.dueAt(FIRST, FIRST.plus(Duration.ofHours(1)))).isEqualTo(latest);
    }
}
