package io.bucketdigest.digest;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.ratelimit.SendRateShare;
import io.bucketdigest.core.ratelimit.TokenBucket;
import io.bucketdigest.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The send rate SES sees from the whole account while the event source runs two digest function instances
 * (DIGEST_CONCURRENCY = MaximumConcurrency = 2). The instances share nothing but their settings: each builds its own
 * bucket from the same {@link DigestConfig} as {@link DigestWiring} does, and sends as fast as that bucket lets it,
 * the way DigestSender does (reserve one token per recipient, wait what the bucket says, send). Both run on one
 * controlled clock for a simulated minute; SES's view is the merged stream of their sends. Nothing here reads the
 * wall clock.
 */
class AccountSendRateTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Duration RUN = Duration.ofSeconds(60);
    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private static DigestConfig config(String maxSendRate, String concurrency) {
        Map<String, String> env = new HashMap<>();
        env.put("HISTORY_TABLE", "history");
        env.put("DIGEST_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/digest");
        env.put("DIGEST_DLQ_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/digest-dlq");
        env.put("SENDER_ADDRESS", "digests@example.com");
        env.put("SES_MAX_SEND_RATE", maxSendRate);
        env.put("DIGEST_CONCURRENCY", concurrency);
        return DigestConfig.fromEnvironment(env);
    }

    /** What SES saw: one entry per recipient, the nanoseconds since T0 at which its mail was sent, in order. */
    private record Sends(long[] at, int combinedBurst) {

        int total() {
            return at.length;
        }

        /** The most recipients in any window [t, t + length) that starts at a send at or after {@code from}. */
        int maxInWindow(Duration length, Duration from) {
            int max = 0;
            int end = 0;
            for (int start = 0; start < at.length; start++) {
                if (at[start] < from.toNanos()) {
                    continue;
                }
                end = Math.max(end, start);
                while (end < at.length && at[end] < at[start] + length.toNanos()) {
                    end++;
                }
                max = Math.max(max, end - start);
            }
            return max;
        }

        int between(Duration from, Duration to) {
            int count = 0;
            for (long t : at) {
                if (t >= from.toNanos() && t < to.toNanos()) {
                    count++;
                }
            }
            return count;
        }

        /**
         * How far the stream goes beyond {@code ratePerSecond}: the most, over every closed window [t_i, t_j], of the
         * recipients sent in it minus {@code ratePerSecond x (t_j - t_i)}. A stream conforms to a token bucket of
         * that rate and burst B exactly when this is at most B.
         */
        double excessOver(double ratePerSecond) {
            double worst = Double.NEGATIVE_INFINITY;
            double lowest = Double.POSITIVE_INFINITY;
            for (int j = 0; j < at.length; j++) {
                double level = j - ratePerSecond * at[j] / SECOND;
                lowest = Math.min(lowest, level);
                worst = Math.max(worst, level - lowest + 1);
            }
            return worst;
        }
    }

    private static Sends sendAsFastAsAllowed(DigestConfig config, Double accountRate, int instances,
            int recipientsPerDigest) {
        MutableClock clock = new MutableClock(T0);
        List<SendRateShare> buckets = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            buckets.add(DigestWiring.sendRate(config, () -> Optional.ofNullable(accountRate), clock));
        }
        // Each entry: {the instant (nanos since T0) the instance is ready to send its next digest, the instance}.
        PriorityQueue<long[]> ready = new PriorityQueue<>(Comparator.comparingLong(entry -> entry[0]));
        for (int i = 0; i < instances; i++) {
            ready.add(new long[] {0, i});
        }
        List<Long> sent = new ArrayList<>();
        long elapsed = 0;
        while (true) {
            long[] next = ready.poll();
            if (next[0] >= RUN.toNanos()) {
                break;
            }
            clock.advance(Duration.ofNanos(next[0] - elapsed));
            elapsed = next[0];
            Duration wait = buckets.get((int) next[1]).get().reserve(recipientsPerDigest);
            long sendAt = next[0] + wait.toNanos();
            if (sendAt < RUN.toNanos()) {
                for (int r = 0; r < recipientsPerDigest; r++) {
                    sent.add(sendAt);
                }
            }
            ready.add(new long[] {sendAt, next[1]});
        }
        int combinedBurst = buckets.stream().map(SendRateShare::get).mapToInt(TokenBucket::burst).sum();
        return new Sends(sent.stream().mapToLong(Long::longValue).sorted().toArray(), combinedBurst);
    }

    @ParameterizedTest(name = "SES_MAX_SEND_RATE={0}, account MaxSendRate={1}, {3} recipient(s) per digest")
    @CsvSource(nullValues = "unknown", value = {
            "10, 14, 10, 1",
            "10, 14, 10, 2",
            "50, 6, 6, 1",
            "10, unknown, 10, 1",
            "28, unknown, 28, 3"})
    void twoInstances_sendingAsFastAsAllowed_togetherNeverExceedTheRateAndReachIt(
            String configured, Double accountRate, int accountWide, int recipientsPerDigest) {
        // GIVEN
        DigestConfig config = config(configured, "2");

        // WHEN
        Sends sends = sendAsFastAsAllowed(config, accountRate, 2, recipientsPerDigest);

        // THEN the instances together burst at most one second of the rate, once, and then keep to the rate
        assertThat(sends.combinedBurst()).isLessThanOrEqualTo(accountWide);
        assertThat(sends.excessOver(accountWide)).as("recipients beyond the rate in any window")
                .isLessThanOrEqualTo(sends.combinedBurst() + 1e-6);
        // A digest's recipients count at one instant, so a second can hold up to one digest's worth more per
        // instance than the rate (and a later one that much less); with one recipient per digest, none.
        int granularity = 2 * (recipientsPerDigest - 1);
        assertThat(sends.maxInWindow(Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .as("recipients in any second once the starting burst is spent")
                .isLessThanOrEqualTo(accountWide + granularity);
        assertThat(sends.between(Duration.ZERO, Duration.ofSeconds(1)))
                .as("the first second: the rate plus the starting burst")
                .isLessThanOrEqualTo(accountWide + sends.combinedBurst());
        // AND they use what the rate allows: every later second carries the full rate
        for (int s = 1; s < RUN.toSeconds(); s++) {
            assertThat(sends.between(Duration.ofSeconds(s), Duration.ofSeconds(s + 1)))
                    .as("recipients in second %d", s).isGreaterThanOrEqualTo(accountWide - granularity);
        }
        int allowed = (int) (accountWide * RUN.toSeconds());
        assertThat(sends.total()).isBetween(allowed - granularity, allowed + sends.combinedBurst());
    }

    @Test
    void twoInstances_concurrencyLeftAtOne_sendTwiceTheRate() {
        // GIVEN each instance told it is alone (what every instance did before DIGEST_CONCURRENCY)
        DigestConfig config = config("10", "1");

        // WHEN
        Sends sends = sendAsFastAsAllowed(config, 14.0, 2, 1);

        // THEN the check above would fail: the account sees twice the rate in every second
        assertThat(sends.maxInWindow(Duration.ofSeconds(1), Duration.ofSeconds(1))).isEqualTo(20);
        assertThat(sends.excessOver(10)).isGreaterThan(sends.combinedBurst());
    }

    @Test
    void twoInstances_shareBelowOnePerSecond_keepTheRateOverTwoSecondsButMayMeetInOne() {
        // GIVEN the sandbox's 1 recipient per second split between two instances: 0.5 each, a burst of 1 each
        DigestConfig config = config("1", "2");

        // WHEN
        Sends sends = sendAsFastAsAllowed(config, null, 2, 1);

        // THEN over every two seconds the account sends what the rate allows; in one second it can send two, when
        // both instances send at the same moment (SES then throttles one, and the mailer's backoff retries it)
        assertThat(sends.combinedBurst()).isEqualTo(2);
        assertThat(sends.excessOver(1)).isLessThanOrEqualTo(sends.combinedBurst() + 1e-6);
        assertThat(sends.maxInWindow(Duration.ofSeconds(2), Duration.ZERO)).isEqualTo(2);
        assertThat(sends.maxInWindow(Duration.ofSeconds(1), Duration.ZERO)).isEqualTo(2);
        assertThat(sends.total()).isEqualTo(60);
    }
}
