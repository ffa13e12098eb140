package io.bucketdigest.digest;

import io.bucketdigest.core.render.ListHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.aws.dynamodb.DynamoDbDigestRecords;
import io.bucketdigest.aws.dynamodb.DynamoDbPendingEntries;
import io.bucketdigest.aws.dynamodb.DynamoDbSubscriptionStates;
import io.bucketdigest.aws.dynamodb.DynamoDbSubscriptionStore;
import io.bucketdigest.aws.ses.SesV2DigestMailer;
import io.bucketdigest.aws.sqs.SqsDigestSignals;
import io.bucketdigest.aws.sqs.SqsRejectedMessages;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.port.PendingEntries;
import io.bucketdigest.core.ratelimit.TokenBucket;
import io.bucketdigest.core.sender.DigestSender;
import io.bucketdigest.core.sender.SendStep;
import io.bucketdigest.core.sender.SenderSettings;
import io.bucketdigest.core.sender.Sleeper;
import io.bucketdigest.core.sender.StepListener;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.core.subscription.SubscriptionCatalog;
import io.bucketdigest.core.time.SortableTime;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.MotoServer;
import io.bucketdigest.ingest.IngestHandler;
import io.bucketdigest.testing.SharedMoto;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The release race on the real adapters: an ingest invocation whose clock reading is older than the last noted
 * arrival (it read the clock, then its writes took a while) records its event between the sender's pending query and
 * its lease release. The arrival ledger's note increments arrivalSeq in the same request that sets firstPendingAt, so
 * the release sees it and reschedules; before that fix the event was stranded with no first-pending time, invisible
 * even to the sweep.
 */
class ArrivalRaceIT {

    private static final Pattern KEY = Pattern.compile("race/[0-9]{5}\\.bin");

    private static MotoServer moto;
    private static AwsTestClients aws;
    private DigestStack stack;

    @BeforeAll
    static void startMoto() {
        moto = SharedMoto.get();
        aws = new AwsTestClients(moto.endpoint());
    }

    @AfterAll
    static void closeClients() {
        aws.close();
    }

    @BeforeEach
    void provision() {
        stack = new DigestStack(moto, aws, Duration.ofSeconds(2));
    }

    @Test
    void release_lateArrivalWithAnOlderTimestampBetweenQueryAndRelease_isDigestedNext() {
        Instant firstArrival = stack.clock.instant();
        stack.upload(DigestStack.keys("race/", 0, 5));
        stack.clock.advance(Duration.ofSeconds(3));

        IngestHandler slowInvocation = stack.ingestHandler(Clock.fixed(firstArrival.minusMillis(500), ZoneOffset.UTC));
        AtomicReference<Runnable> afterNextQuery = new AtomicReference<>();
        AtomicBoolean armed = new AtomicBoolean();
        StepListener armAtCompleted = step -> {
            if (step == SendStep.COMPLETED && armed.compareAndSet(false, true)) {
                afterNextQuery.set(() -> stack.ingestWith(slowInvocation, List.of("race/00900.bin"),
                        "ObjectCreated:Put", firstArrival.minusMillis(500)));
            }
        };
        stack.drain(handler(afterNextQuery, armAtCompleted));

        List<DigestStack.Mail> mails = stack.mails();
        assertThat(mails).hasSize(2);
        assertThat(DigestStack.keysInText(mails.get(0), KEY))
                .containsExactlyInAnyOrderElementsOf(DigestStack.keys("race/", 0, 5));
        assertThat(DigestStack.keysInText(mails.get(1), KEY)).containsExactly("race/00900.bin");
        assertThat(DigestStack.str(stack.state("default"), "lastArrivalAt")).as("the latest note, even if older")
                .isEqualTo(SortableTime.format(firstArrival.minusMillis(500)));
        assertThat(stack.items("PENDING")).isEmpty();
        assertThat(stack.state("default")).doesNotContainKeys("leaseOwner", "activeDigestId", "firstPendingAt");
    }

    /** A digest handler over the real adapters whose pending store runs a one-shot hook after a query. */
    private DigestHandler handler(AtomicReference<Runnable> afterNextQuery, StepListener steps) {
        DynamoDbClient dynamoDb = aws.dynamoDb();
        Clock clock = stack.clock;
        Subscription everything = new Subscription("default", List.of(DigestStack.RECIPIENT), null, List.of(),
                Set.of(), null);
        SubscriptionCatalog catalog = new SubscriptionCatalog(
                new DynamoDbSubscriptionStore(dynamoDb, DigestStack.TABLE), Optional.of(everything),
                Duration.ofMinutes(1), clock);
        DynamoDbSubscriptionStates states = new DynamoDbSubscriptionStates(dynamoDb, DigestStack.TABLE);
        PendingEntries real = new DynamoDbPendingEntries(dynamoDb, DigestStack.TABLE, Duration.ofDays(90), clock);
        PendingEntries hooked = new PendingEntries() {
            @Override
            public List<PendingEntry> oldest(String subscriptionId, int limit) {
                List<PendingEntry> result = real.oldest(subscriptionId, limit);
                Runnable hook = afterNextQuery.getAndSet(null);
                if (hook != null) {
                    hook.run();
                }
                return result;
            }

            @Override
            public List<PendingEntry> load(String subscriptionId, List<PendingRef> refs) {
                return real.load(subscriptionId, refs);
            }

            @Override
            public Set<EventId> reportedBefore(String subscriptionId, List<PendingEntry> entries) {
                return real.reportedBefore(subscriptionId, entries);
            }

            @Override
            public void annotate(DigestId digestId, List<PendingEntry> entries) {
                real.annotate(digestId, entries);
            }

            @Override
            public void remove(String subscriptionId, List<PendingRef> refs) {
                real.remove(subscriptionId, refs);
            }

            @Override
            public void park(DigestId digestId, List<PendingEntry> entries) {
                real.park(digestId, entries);
            }

            @Override
            public List<PendingEntry> parked(DigestId digestId) {
                return real.parked(digestId);
            }

            @Override
            public void unpark(DigestId digestId, List<PendingEntry> entries) {
                real.unpark(digestId, entries);
            }

            @Override
            public void discardParked(DigestId digestId, List<PendingEntry> entries) {
                real.discardParked(digestId, entries);
            }
        };
        SqsDigestSignals signals = new SqsDigestSignals(aws.sqs(), stack.digestQueueUrl);
        TokenBucket bucket = new TokenBucket(100, 100, clock);
        DigestSender sender = new DigestSender(catalog, states, hooked,
                new DynamoDbDigestRecords(dynamoDb, DigestStack.TABLE, Duration.ofDays(90), clock),
                new SesV2DigestMailer(aws.ses(), Optional.empty(), Sleeper.REAL, 1, Duration.ofMillis(100), () -> { }),
                signals, () -> bucket, Sleeper.REAL,
                new SenderSettings(DigestStack.SENDER, null, new DigestTiming(Duration.ofSeconds(2),
                        Duration.ofMinutes(15), 10_000), 200, DigestWiring.LEASE_DURATION, ListHeaders.NONE),
                clock, steps);
        return new DigestHandler(sender, new SqsRejectedMessages(aws.sqs(), stack.digestDlqUrl),
                DigestMetrics.none(), () -> { });
    }
}
