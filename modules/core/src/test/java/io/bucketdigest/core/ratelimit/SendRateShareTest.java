package io.bucketdigest.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.testing.MutableClock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SendRateShareTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    private final AtomicInteger lookups = new AtomicInteger();

    private Supplier<Optional<Double>> account(Double rate) {
        return () -> {
            lookups.incrementAndGet();
            return Optional.ofNullable(rate);
        };
    }

    @Test
    void get_accountRateHigherThanConfigured_splitsTheConfiguredRate() {
        TokenBucket bucket = new SendRateShare(10, 2, account(14.0), clock).get();

        assertThat(bucket.ratePerSecond()).isEqualTo(5.0);
        assertThat(bucket.burst()).isEqualTo(5);
    }

    @Test
    void get_accountRateLowerThanConfigured_splitsTheAccountRate() {
        TokenBucket bucket = new SendRateShare(50, 2, account(14.0), clock).get();

        assertThat(bucket.ratePerSecond()).isEqualTo(7.0);
        assertThat(bucket.burst()).isEqualTo(7);
    }

    @Test
    void get_accountRateUnknown_splitsTheConfiguredRate() {
        TokenBucket bucket = new SendRateShare(9, 3, account(null), clock).get();

        assertThat(bucket.ratePerSecond()).isEqualTo(3.0);
    }

    @Test
    void get_accountRateNotPositive_isIgnored() {
        TokenBucket bucket = new SendRateShare(4, 2, account(0.0), clock).get();

        assertThat(bucket.ratePerSecond()).isEqualTo(2.0);
    }

    @Test
    void get_oneInstance_takesTheWholeRate() {
        TokenBucket bucket = new SendRateShare(14, 1, account(null), clock).get();

        assertThat(bucket.ratePerSecond()).isEqualTo(14.0);
        assertThat(bucket.burst()).isEqualTo(14);
    }

    @Test
    void get_shareBelowOnePerSecond_keepsABurstOfOne() {
        TokenBucket bucket = new SendRateShare(1, 2, account(null), clock).get();

        assertThat(bucket.ratePerSecond()).isEqualTo(0.5);
        assertThat(bucket.burst()).isEqualTo(1);
    }

    @Test
    void get_calledAgain_asksTheAccountOnceAndKeepsTheBucket() {
        SendRateShare share = new SendRateShare(10, 2, account(14.0), clock);

        assertThat(lookups).as("no lookup before the first send").hasValue(0);
        TokenBucket first = share.get();
        TokenBucket second = share.get();

        assertThat(second).isSameAs(first);
        assertThat(lookups).hasValue(1);
    }

    @Test
    void constructor_invalidSettings_areRejected() {
        assertThatThrownBy(() -> new SendRateShare(0, 1, account(null), clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SendRateShare(Double.NaN, 1, account(null), clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SendRateShare(1, 0, account(null), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
