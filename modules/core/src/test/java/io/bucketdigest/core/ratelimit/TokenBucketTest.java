package io.bucketdigest.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));

    @Test
    void reserve_fullBucket_isFreeUpToTheBurst() {
        TokenBucket bucket = new TokenBucket(1, 3, clock);

        assertThat(List.of(bucket.reserve(), bucket.reserve(), bucket.reserve())).containsOnly(Duration.ZERO);
    }

    @Test
    void reserve_emptyBucket_waitsForTheNextToken() {
        TokenBucket bucket = new TokenBucket(2, 1, clock);

        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(500));
        assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void reserve_afterTimePasses_refillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(2, 1, clock);
        bucket.reserve();

        clock.advance(Duration.ofMillis(200));
        assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(300));

        clock.advance(Duration.ofMillis(800));
        assertThat(bucket.reserve()).isZero();
    }

    @Test
    void reserve_afterLongIdle_refillsNoMoreThanTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 2, clock);
        bucket.reserve();
        bucket.reserve();

        clock.advance(Duration.ofHours(1));

        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void reserve_fractionalRate_waitsSecondsPerToken() {
        TokenBucket bucket = new TokenBucket(0.5, 1, clock);

        bucket.reserve();

        assertThat(bucket.reserve()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void reserve_rateNotAWholeNumberOfNanosPerToken_roundsTheCostUp() {
        TokenBucket bucket = new TokenBucket(3, 1, clock);
        bucket.reserve();
        bucket.reserve();
        bucket.reserve();

        assertThat(bucket.reserve()).as("the fourth token waits at least a second, not 999,999,999 ns")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1))
                .isLessThan(Duration.ofSeconds(1).plusNanos(10));
    }

    @Test
    void reserve_severalTokens_takesThemAtOnce() {
        TokenBucket bucket = new TokenBucket(10, 10, clock);

        assertThat(bucket.reserve(8)).isZero();
        assertThat(bucket.reserve(5)).isEqualTo(Duration.ofMillis(300));
        assertThat(bucket.reserve(20)).isEqualTo(Duration.ofMillis(2300));
    }

    @Test
    void reserve_clockGoingBackwards_neverReturnsNegative() {
        TokenBucket bucket = new TokenBucket(1, 1, clock);
        bucket.reserve();

        clock.stepBack(Duration.ofSeconds(5));

        assertThat(bucket.reserve()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void reserve_concurrentCallers_eachGetTheirOwnSlot() throws Exception {
        TokenBucket bucket = new TokenBucket(10, 5, clock);
        int threads = 8;
        int perThread = 50;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<Duration>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<Duration>> caller = () -> {
                    start.await();
                    List<Duration> waits = new ArrayList<>(perThread);
                    for (int i = 0; i < perThread; i++) {
                        waits.add(bucket.reserve());
                    }
                    return waits;
                };
                futures.add(executor.submit(caller));
            }
            start.countDown();
            List<Duration> all = new ArrayList<>();
            for (Future<List<Duration>> future : futures) {
                all.addAll(future.get());
            }

            List<Duration> expected = new ArrayList<>();
            for (int i = 0; i < threads * perThread; i++) {
                expected.add(Duration.ofMillis(Math.max(0, i - 4) * 100L));
            }
            assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void constructor_invalidSettings_areRejected() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(-1, 1, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(Double.NaN, 1, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(Double.POSITIVE_INFINITY, 1, clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 1, clock).reserve(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
