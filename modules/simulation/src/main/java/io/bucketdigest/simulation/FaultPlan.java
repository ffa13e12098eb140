package io.bucketdigest.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * How often each fault strikes, until {@code faultsEnd}; after it the world is healthy, so liveness can be checked.
 * The rates are per request and high on purpose: a run has a few thousand requests, and every seed should meet
 * several faults. Latencies are small and only keep time moving; they do not model AWS.
 */
record FaultPlan(
        Instant faultsEnd,
        double crash,
        double stall,
        double throttle,
        double timeoutAfterEffect,
        double sdkRetry,
        double sesUncertain,
        double sesPermanent,
        Duration maxStall) {

    static FaultPlan none(Instant start) {
        return new FaultPlan(start, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO);
    }

    static FaultPlan standard(Instant faultsEnd, SplittableRandom random) {
        // Each seed draws its own mix, so some seeds are calm and some are stormy.
        double scale = 0.25 + random.nextDouble() * 1.5;
        return new FaultPlan(faultsEnd,
                0.004 * scale,
                0.004 * scale,
                0.02 * scale,
                0.01 * scale,
                0.01 * scale,
                0.03 * scale,
                0.01 * scale,
                Duration.ofSeconds(40));
    }

    Fault decide(RequestKind kind, SplittableRandom random, Instant now) {
        if (!now.isBefore(faultsEnd)) {
            return Fault.NONE;
        }
        if (random.nextDouble() < stall) {
            return Fault.STALL;
        }
        return decideAfterStall(kind, random, now);
    }

    Fault decideAfterStall(RequestKind kind, SplittableRandom random, Instant now) {
        if (!now.isBefore(faultsEnd)) {
            return Fault.NONE;
        }
        double roll = random.nextDouble();
        if ((roll -= crash) < 0) {
            return Fault.CRASH_BEFORE;
        }
        if ((roll -= crash) < 0) {
            return Fault.CRASH_AFTER;
        }
        if ((roll -= throttle) < 0) {
            return Fault.THROTTLE;
        }
        switch (kind) {
            case DB_WRITE, DB_TRANSACTION, DB_BATCH_WRITE, SQS_SEND -> {
                if ((roll -= timeoutAfterEffect) < 0) {
                    return Fault.TIMEOUT_AFTER_EFFECT;
                }
                if ((roll -= sdkRetry) < 0) {
                    return Fault.SDK_RETRY;
                }
            }
            case SES_SEND -> {
                if ((roll -= sesUncertain) < 0) {
                    return Fault.SES_UNCERTAIN;
                }
                if ((roll -= sesPermanent) < 0) {
                    return Fault.SES_PERMANENT;
                }
            }
            default -> { }
        }
        return Fault.NONE;
    }

    Duration stall(SplittableRandom random) {
        return Duration.ofMillis(1 + random.nextLong(Math.max(1, maxStall.toMillis())));
    }

    /**
     * A request's own duration. Mostly a few milliseconds, only so that time passes while actors work; but one request
     * in 200 takes 1 to 8 seconds, in every phase: AWS's tail latency, not a fault, and what lets one actor's two
     * requests straddle another actor's whole digest.
     */
    Duration latency(RequestKind kind, SplittableRandom random) {
        if (kind != RequestKind.SLEEP && random.nextInt(200) == 0) {
            return Duration.ofMillis(1000 + random.nextInt(7000));
        }
        return switch (kind) {
            case SES_SEND -> Duration.ofMillis(20 + random.nextInt(80));
            case DB_BATCH_WRITE, DB_TRANSACTION -> Duration.ofMillis(5 + random.nextInt(20));
            case SLEEP -> Duration.ZERO;
            default -> Duration.ofMillis(2 + random.nextInt(10));
        };
    }
}
