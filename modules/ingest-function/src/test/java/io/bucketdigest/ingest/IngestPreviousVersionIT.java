package io.bucketdigest.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.bucketdigest.aws.dynamodb.EventItems;
import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.DigestComposer;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.ObjectStory;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import io.bucketdigest.emulator.InProcessContext;
import io.bucketdigest.emulator.MotoServer;
import io.bucketdigest.testing.MutableClock;
import io.bucketdigest.testing.SharedMoto;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What really changed: real uploads, overwrites and deletes on moto's S3, delivered through SNS and SQS to the real
 * ingest handler, which looks up each object's previous version in the history. The digest composed from the pending
 * entries then tells an overwrite from a create and knows the size of what a delete removed.
 */
class IngestPreviousVersionIT {

    private static MotoServer moto;
    private static AwsTestClients aws;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));

    @BeforeAll
    static void start() {
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        moto = SharedMoto.get();
        aws = new AwsTestClients(moto.endpoint());
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void handleRequest_overwriteDeleteAndRecreate_carryTheObjectsPreviousVersionIntoTheDigest() {
        // GIVEN two objects written and ingested
        Stack stack = new Stack(aws, true);
        IngestHandler handler = handler(stack);
        stack.upload("report.csv", "x".repeat(21));
        stack.upload("old.log", "y".repeat(100));
        Set<String> firstBatch = ingest(stack, handler, 2);

        // WHEN one is uploaded again (bigger) and the other deleted, in a later batch
        stack.upload("report.csv", "z".repeat(1_500));
        stack.delete("old.log");
        Set<String> secondBatch = ingest(stack, handler, 2);

        // THEN the Put on the existing key is an overwrite that shows its change, and the delete removed 100 bytes
        List<ObjectEvent> second = pendingEvents(stack, secondBatch);
        ObjectEvent overwrite = only(second, "report.csv");
        ObjectEvent removal = only(second, "old.log");
        assertThat(overwrite.previous()).isNotNull();
        assertThat(overwrite.previous().size()).isEqualTo(21L);
        assertThat(removal.previous()).isNotNull();
        assertThat(removal.previous().size()).isEqualTo(100L);
        Digest digest = compose(second);
        ObjectStory report = story(digest, "report.csv");
        assertThat(report.story()).isEqualTo("overwritten once");
        assertThat(report.change()).isEqualTo(ObjectStory.Change.OVERWRITTEN);
        assertThat(report.sizeBefore()).isEqualTo(21L);
        assertThat(story(digest, "old.log").change()).isEqualTo(ObjectStory.Change.REMOVED);
        assertThat(digest.summary().bytesAdded()).isEqualTo(1_500);
        assertThat(digest.summary().bytesRemoved()).as("21 B replaced and 100 B deleted").isEqualTo(121);
        assertThat(pendingEvents(stack, firstBatch)).allSatisfy(e -> assertThat(e.previous()).isNull());

        // AND WHEN the deleted object is uploaded again
        stack.upload("old.log", "w".repeat(30));
        Set<String> thirdBatch = ingest(stack, handler, 1);

        // THEN it is a re-create: the history's latest event of it removed it
        ObjectEvent recreate = only(pendingEvents(stack, thirdBatch), "old.log");
        assertThat(recreate.previous()).isNull();
        assertThat(story(compose(List.of(recreate)), "old.log").change()).isEqualTo(ObjectStory.Change.CREATED);
    }

    private IngestHandler handler(Stack stack) {
        IngestConfig config = IngestConfig.fromEnvironment(stack.environment(moto.endpoint().toString()));
        return IngestHandler.from(new IngestWiring(config, clock), IngestMetrics.none());
    }

    /** Receives {@code expected} S3 messages (skipping s3:TestEvent), ingests them; returns the new event ids. */
    private Set<String> ingest(Stack stack, IngestHandler handler, int expected) {
        Set<String> before = eventIds(stack);
        List<Message> messages = stack.receive(stack.ingestQueueUrl, expected + (before.isEmpty() ? 1 : 0));
        clock.advance(Duration.ofMinutes(1));
        SQSBatchResponse response = handler.handleRequest(stack.sqsEvent(messages),
                InProcessContext.of("bucket-digest-ingest", "req-" + clock.instant()));
        assertThat(response.getBatchItemFailures()).isEmpty();
        Set<String> added = new HashSet<>(eventIds(stack));
        added.removeAll(before);
        assertThat(added).hasSize(expected);
        return added;
    }

    private static Set<String> eventIds(Stack stack) {
        Set<String> ids = new HashSet<>();
        HistoryTableFixture.itemsOfType(aws.dynamoDb(), stack.table, "EVENT")
                .forEach(item -> ids.add(item.get("eventId").s()));
        return ids;
    }

    private static List<ObjectEvent> pendingEvents(Stack stack, Set<String> eventIds) {
        return HistoryTableFixture.itemsOfType(aws.dynamoDb(), stack.table, "PENDING").stream()
                .map(EventItems::toEvent)
                .filter(e -> eventIds.contains(e.id().value()))
                .toList();
    }

    private static ObjectEvent only(List<ObjectEvent> events, String key) {
        List<ObjectEvent> ofKey = events.stream().filter(e -> e.key().equals(key)).toList();
        assertThat(ofKey).hasSize(1);
        return ofKey.get(0);
    }

    private Digest compose(List<ObjectEvent> events) {
        Subscription subscription = new Subscription("default", List.of("ops@example.com"), "any-bucket", List.of(),
                Set.of(), null);
        return new DigestComposer().compose(new DigestId("d-20261129T100000Z-0000abcd"), subscription, events,
                clock.instant());
    }

    private static ObjectStory story(Digest digest, String key) {
        return digest.stories().stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
    }
}
