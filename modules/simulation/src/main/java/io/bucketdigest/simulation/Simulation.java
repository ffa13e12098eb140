package io.bucketdigest.simulation;

import io.bucketdigest.emulator.HistoryTableFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * One seed: a workload, a fault plan and an interleaving, all drawn from the seed; the pipeline runs until faults stop,
 * the operator replays the dead-letter queues (as docs/operations.md tells them to after an outage), and simulated
 * time runs on past the recovery bound; then the properties are checked.
 */
final class Simulation {

    /** A day after the corpus's event times, so its hostile messages are recent and accepted. */
    static final Instant START = Instant.parse("2026-11-30T09:00:00Z");
    private static final Corpus CORPUS = Corpus.load();
    /** Longer than any run, so TTL never takes work in flight here; the TTL sweep itself still runs. */
    static final Duration RETENTION = Duration.ofDays(15);
    /** Past the longest max delay (15 min here) plus {@link Checker#RECOVERY}, with room for the backlog. */
    static final Duration SETTLE = Duration.ofHours(3);

    record Options(boolean faults, boolean verbose, Bugs bugs) {
        static Options standard() {
            return new Options(true, false, Bugs.none());
        }
    }

    record Result(long seed, Checker.Report report, Trace trace, long steps, int invocations) {
        boolean failed() {
            return !report.violations().isEmpty();
        }
    }

    private Simulation() {}

    static Result run(long seed, Options options) {
        return run(seed, options, null);
    }

    /**
     * One seed with the real DynamoDB adapters on moto (a fresh table per seed) instead of the fakes; the queues and
     * SES stay simulated.
     */
    static Result runOnSdk(long seed, Options options, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb) {
        return run(seed, options, dynamoDb);
    }

    private static Result run(long seed, Options options,
            software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb) {
        SplittableRandom seeds = new SplittableRandom(seed);
        Workload workload = Workload.generate(seeds.split(), START, CORPUS, dynamoDb != null);
        Instant faultsEnd = workload.lastUpload().plus(Duration.ofMinutes(10));
        SplittableRandom faultRandom = seeds.split();
        // Half the seeds run without faults: there the tight healthy bound holds for every event, so a race that
        // strands an entry until some later arrival shows up as lateness.
        boolean faulty = options.faults() && faultRandom.nextBoolean();
        FaultPlan plan = faulty ? FaultPlan.standard(faultsEnd, faultRandom) : FaultPlan.none(START);
        Trace trace = new Trace(options.verbose());
        Scheduler scheduler = new Scheduler(seeds.nextLong(), START, plan, trace);
        String table = dynamoDb == null ? null
                : HistoryTableFixture.create(dynamoDb, "sim-" + seed + "-" + System.nanoTime());
        SimulatedPipeline pipeline = dynamoDb == null
                ? new SimulatedPipeline(scheduler, options.bugs(), workload, RETENTION)
                : new SimulatedPipeline(scheduler, options.bugs(), workload,
                        requests -> new SdkStorage(dynamoDb, table, scheduler, RETENTION));
        Instant checkedFaultsEnd = faulty ? faultsEnd : START;
        try {
            scheduler.runUntil(faultsEnd);
            pipeline.replayDeadLetters();
            pipeline.replayDeadLettersOnAlarm(faultsEnd.plus(Duration.ofMinutes(15)));
            Instant end = faultsEnd.plus(SETTLE).plus(workload.longestSchedulePeriod());
            scheduler.runUntil(end);
            Checker.Report report = new Checker(pipeline, workload, checkedFaultsEnd, end).check();
            return new Result(seed, report, trace, scheduler.steps(), pipeline.invocations());
        } finally {
            scheduler.killAll();
            if (table != null) {
                dynamoDb.deleteTable(b -> b.tableName(table));
            }
        }
    }
}
