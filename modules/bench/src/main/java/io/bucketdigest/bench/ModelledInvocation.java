package io.bucketdigest.bench;

import io.bucketdigest.simulation.RequestKind;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The modelled duration of one invocation of a real core service over the in-memory fakes: each request the fakes
 * report (the very request the DynamoDB, SQS or SES adapter would make) takes a round trip drawn from
 * {@link LatencyModel}, plus the CPU time the invocation's thread measured here, plus any wait the service asked its
 * {@code Sleeper} for (the SES send rate). Requests one after another add up; requests the adapter makes on a pool
 * (the ingest's conditional puts and look-ups, then its entry writes, on {@code WRITE_CONCURRENCY} threads) overlap:
 * consecutive requests of one pooled phase are list-scheduled on that many workers and take their makespan.
 */
final class ModelledInvocation {

    /** The invocation's figures so far: differences of two give a part of it (one signal of a batch). */
    record Mark(double elapsedMs, double roundTripsMs, double roundTripsSerialMs, double cpuMs, double sleptMs,
            long calls) {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final LatencyModel model;
    private final Random random;
    private final int poolSize;
    private final Function<String, String> pooledPhaseOf;
    private final Map<String, Long> callsByOperation = new TreeMap<>();
    private final List<Double> openGroup = new ArrayList<>();
    private final long cpuStartNanos;
    private String openPhase;
    private double closedMs;
    private double roundTripsSerialMs;
    private double sleptMs;
    private long cpuNanos = -1;

    /** {@code pooledPhaseOf} names the pooled phase of a request label, or gives null for a request made alone. */
    ModelledInvocation(LatencyModel model, Random random, int poolSize, Function<String, String> pooledPhaseOf) {
        this.model = model;
        this.random = random;
        this.poolSize = poolSize;
        this.pooledPhaseOf = pooledPhaseOf;
        this.cpuStartNanos = THREADS.getCurrentThreadCpuTime();
    }

    /** Every request made one after another (the digest sender's adapters have no pool). */
    static ModelledInvocation serial(LatencyModel model, Random random) {
        return new ModelledInvocation(model, random, 1, label -> null);
    }

    /** The ingest function's pooled phases: DynamoDbEventHistory's puts and look-ups, then its entry writes. */
    static String ingestPhaseOf(String label) {
        if (label.startsWith("history put") || label.startsWith("history look-up")) {
            return "puts and look-ups";
        }
        if (label.startsWith("pending put")) {
            return "entry writes";
        }
        if (label.startsWith("batch get")) {
            return "duplicates' checks";
        }
        return null;
    }

    /** The SDK operation (LatencyModel's name) the adapter makes for a fake's request. */
    static String operationOf(String label, RequestKind kind) {
        return switch (kind) {
            case DB_READ -> {
                if (label.startsWith("batch get")) {
                    yield "DynamoDb:BatchGetItem";
                }
                if (label.startsWith("query ") || label.startsWith("history look-up")
                        || label.startsWith("list subscriptions")) {
                    yield "DynamoDb:Query";
                }
                if (label.startsWith("read ")) {
                    yield "DynamoDb:GetItem";
                }
                throw new IllegalArgumentException("no SDK operation known for the read \"" + label + "\"");
            }
            case DB_WRITE -> label.startsWith("history put") || label.startsWith("put entries")
                    ? "DynamoDb:PutItem" : "DynamoDb:UpdateItem";
            case DB_TRANSACTION -> "DynamoDb:TransactWriteItems";
            case DB_BATCH_WRITE -> "DynamoDb:BatchWriteItem";
            case SQS_SEND -> "Sqs:SendMessageBatch";
            case SES_SEND -> "SesV2:SendEmail";
            case SLEEP -> throw new IllegalArgumentException("a sleep is not a request: " + label);
        };
    }

    void requested(String label, RequestKind kind) {
        String operation = operationOf(label, kind);
        callsByOperation.merge(operation, 1L, Long::sum);
        double roundTrip = model.of(operation).sampleMs(random);
        roundTripsSerialMs += roundTrip;
        String phase = poolSize > 1 ? pooledPhaseOf.apply(label) : null;
        if (phase == null || !phase.equals(openPhase)) {
            closeGroup();
        }
        if (phase == null) {
            closedMs += roundTrip;
        } else {
            openPhase = phase;
            openGroup.add(roundTrip);
        }
    }

    void slept(Duration duration) {
        sleptMs += duration.toNanos() / 1e6;
    }

    /** Stops the CPU clock: the invocation returned. */
    void finished() {
        closeGroup();
        cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuStartNanos;
    }

    /** Round trips (overlapped where pooled) + CPU so far + waits: what the deadline is measured against. */
    double elapsedMs() {
        return roundTripsMs() + cpuMs() + sleptMs;
    }

    Mark mark() {
        return new Mark(elapsedMs(), roundTripsMs(), roundTripsSerialMs, cpuMs(), sleptMs, calls());
    }

    double roundTripsMs() {
        return closedMs + makespan(openGroup, poolSize);
    }

    /** The same round trips had every request waited for the one before it. */
    double roundTripsSerialMs() {
        return roundTripsSerialMs;
    }

    double cpuMs() {
        long nanos = cpuNanos >= 0 ? cpuNanos : THREADS.getCurrentThreadCpuTime() - cpuStartNanos;
        return nanos / 1e6;
    }

    double sleptMs() {
        return sleptMs;
    }

    Map<String, Long> callsByOperation() {
        return callsByOperation;
    }

    long calls() {
        return callsByOperation.values().stream().mapToLong(Long::longValue).sum();
    }

    private void closeGroup() {
        if (!openGroup.isEmpty()) {
            closedMs += makespan(openGroup, poolSize);
            openGroup.clear();
        }
        openPhase = null;
    }

    /** Greedy list scheduling in issue order: each request goes to the worker that frees up first. */
    static double makespan(List<Double> durations, int workers) {
        PriorityQueue<Double> freeAt = new PriorityQueue<>();
        for (int i = 0; i < workers; i++) {
            freeAt.add(0.0);
        }
        double end = 0;
        for (double duration : durations) {
            double finish = freeAt.poll() + duration;
            freeAt.add(finish);
            end = Math.max(end, finish);
        }
        return end;
    }
}
