package io.bucketdigest.core.ratelimit;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The token bucket of one digest function instance: its share of the account's send rate, so that all instances
 * together stay within it.
 *
 * <p>SES counts the sends of the whole account, but each instance keeps its bucket in memory, and the digest event
 * source runs up to {@code concurrency} instances at once (its ScalingConfig.MaximumConcurrency). Buckets at the full
 * rate would let the account see {@code concurrency} times the rate. So each instance takes
 * {@code min(configured rate, account's MaxSendRate) / concurrency}. The alternative, one bucket shared through
 * DynamoDB, would cost a conditional write before every send and make every send depend on it; the price of the
 * split is that an instance alone uses only its share (one busy instance of two sends at half the rate).
 *
 * <p>The account's rate (SES GetAccount SendQuota.MaxSendRate) is asked for once, on the first send, not at cold
 * start; when SES does not give it, the configured rate is the account-wide rate. The burst is floor(share), at
 * least 1: together the instances burst at most one second of the account rate, or one recipient each when the share
 * is below one per second.
 */
public final class SendRateShare implements Supplier<TokenBucket> {

    private final double configuredRate;
    private final int concurrency;
    private final Supplier<Optional<Double>> accountRate;
    private final Clock clock;
    private TokenBucket bucket;

    /**
     * @param configuredRate recipients per second the whole account may send from this function (SES_MAX_SEND_RATE)
     * @param concurrency    instances that may run at once (DIGEST_CONCURRENCY, the event source's MaximumConcurrency)
     * @param accountRate    the account's maximum send rate, when SES gives it
     */
    public SendRateShare(double configuredRate, int concurrency, Supplier<Optional<Double>> accountRate, Clock clock) {
        if (!(configuredRate > 0) || Double.isInfinite(configuredRate)) {
            throw new IllegalArgumentException("configuredRate must be more than 0 (got " + configuredRate + ")");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1 (got " + concurrency + ")");
        }
        this.configuredRate = configuredRate;
        this.concurrency = concurrency;
        this.accountRate = Objects.requireNonNull(accountRate, "accountRate");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** This instance's bucket; the first call asks for the account's rate. */
    @Override
    public synchronized TokenBucket get() {
        if (bucket == null) {
            double accountWide = accountRate.get().filter(rate -> rate > 0).map(rate -> Math.min(rate, configuredRate))
                    .orElse(configuredRate);
            double share = accountWide / concurrency;
            bucket = new TokenBucket(share, Math.max(1, (int) Math.floor(share)), clock);
        }
        return bucket;
    }
}
