package io.bucketdigest.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.DigestRecord.Status;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.port.Lease;
import io.bucketdigest.core.port.LeaseLostException;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import io.bucketdigest.testing.MutableClock;
import io.bucketdigest.testing.RequestFaults;
import io.bucketdigest.testing.SharedMoto;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Digest records on moto: nothing of a digest in flight expires, completing or retiring starts the retention of the
 * record and every entry chunk, the entry list of a taken id is never overwritten, and the lease-guarded updates read
 * back through {@link DynamoDbDigestRecords#find}.
 */
class DynamoDbDigestRecordsIT {

    private static final String SUB = "photos";
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final Instant EXPIRES = NOW.plus(Duration.ofMinutes(5));
    private static final DigestId ID = new DigestId("d-20261129T100000Z-0123456789abcdef0123");
    private static final DigestId OTHER_ID = new DigestId("d-20261129T100000Z-fedcba9876543210fedc");
    private static final List<String> RECIPIENTS = List.of("zed@example.com", "amy@example.com", "bob@example.com");

    private static final RequestFaults FAULTS = new RequestFaults();
    private static AwsTestClients clients;

    private DynamoDbClient dynamoDb;
    private String table;
    private MutableClock clock;
    private DynamoDbDigestRecords records;
    private DynamoDbSubscriptionStates states;
    private Lease lease;

    @BeforeAll
    static void startClients() {
        clients = new AwsTestClients(SharedMoto.get().endpoint(), FAULTS);
    }

    @AfterAll
    static void closeClients() {
        clients.close();
    }

    @BeforeEach
    void createTableAndTakeTheLease() {
        FAULTS.clear();
        dynamoDb = clients.dynamoDb();
        table = HistoryTableFixture.create(dynamoDb, "digests-" + UUID.randomUUID());
        clock = new MutableClock(NOW);
        records = new DynamoDbDigestRecords(dynamoDb, table, RETENTION, clock);
        states = new DynamoDbSubscriptionStates(dynamoDb, table);
        new DynamoDbArrivalLedger(dynamoDb, table).noteArrivals(Set.of(SUB), NOW.minusSeconds(60));
        states.acquire(SUB, "sender-a", NOW, EXPIRES).orElseThrow();
        lease = new Lease(SUB, "sender-a", EXPIRES);
    }

    private static DigestRecord record(DigestId id, int entries) {
        return DigestRecord.sending(id, SUB, entries, NOW.minusSeconds(120), NOW.minusSeconds(60), NOW, RECIPIENTS);
    }

    private static List<PendingRef> refs(int count, String tag) {
        return IntStream.range(0, count)
                .mapToObj(i -> new PendingRef(i % 8, String.format("2026-11-29T09:59:00.%06dZ#%s%026d", i, tag, i)))
                .toList();
    }

    private Map<String, AttributeValue> item(DigestId id, String sk) {
        return dynamoDb.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("DIGEST#" + id.value()), "sk", AttributeValue.fromS(sk)))).item();
    }

    private List<Map<String, AttributeValue>> digestItems(DigestId id) {
        return HistoryTableFixture.scanAll(dynamoDb, table).stream()
                .filter(i -> ("DIGEST#" + id.value()).equals(i.get("pk").s()))
                .toList();
    }

    private String expectedExpiry() {
        return Long.toString(clock.instant().plus(RETENTION).getEpochSecond());
    }

    private static DynamoDbException serviceError() {
        return (DynamoDbException) DynamoDbException.builder().statusCode(500)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalServerError").errorMessage("injected")
                        .build())
                .build();
    }

    @Test
    void create_writesEntryChunksAndMetaWithoutExpiry_workInFlightNeverExpires() {
        // GIVEN more refs than one chunk holds
        List<PendingRef> refs = refs(DynamoDbDigestRecords.REFS_PER_CHUNK + 5, "a");

        // WHEN
        records.create(record(ID, refs.size()), refs, lease);

        // THEN
        List<Map<String, AttributeValue>> items = digestItems(ID);
        assertThat(items).extracting(i -> i.get("sk").s())
                .containsExactlyInAnyOrder("META", "ENTRIES#0000", "ENTRIES#0001");
        assertThat(items).allSatisfy(i -> assertThat(i).doesNotContainKey("expiresAt"));
        assertThat(records.entries(ID)).containsExactlyElementsOf(refs);
        DigestRecord found = records.find(ID).orElseThrow();
        assertThat(found).isEqualTo(record(ID, refs.size()));
        assertThat(found.recipients()).containsExactlyElementsOf(RECIPIENTS);
        assertThat(states.read(SUB).orElseThrow().active()).contains(ID);
    }

    @Test
    void complete_setsTheExpiryOnMetaAndEveryChunk_andIsIdempotent() {
        // GIVEN
        List<PendingRef> refs = refs(DynamoDbDigestRecords.REFS_PER_CHUNK + 1, "a");
        records.create(record(ID, refs.size()), refs, lease);
        records.markSendStarted(ID, NOW, "subject", false, lease);
        records.markSent(ID, "ses-1", NOW, lease);
        clock.advance(Duration.ofMinutes(1));

        // WHEN
        records.complete(ID, lease);

        // THEN
        List<Map<String, AttributeValue>> items = digestItems(ID);
        assertThat(items).hasSize(3);
        assertThat(items).allSatisfy(i -> assertThat(i.get("expiresAt").n()).isEqualTo(expectedExpiry()));
        assertThat(records.find(ID).orElseThrow().status()).isEqualTo(Status.COMPLETE);
        assertThat(states.read(SUB).orElseThrow().active()).isEmpty();

        // WHEN again under the same lease (a caller's retry, or a repeat after a crash)
        records.complete(ID, lease);

        // THEN no exception and the same result
        assertThat(records.find(ID).orElseThrow().status()).isEqualTo(Status.COMPLETE);
        assertThat(digestItems(ID)).allSatisfy(i -> assertThat(i.get("expiresAt").n()).isEqualTo(expectedExpiry()));
    }

    @Test
    void complete_underALostLease_throwsLeaseLost() {
        // GIVEN
        records.create(record(ID, 1), refs(1, "a"), lease);

        // WHEN / THEN
        assertThatThrownBy(() -> records.complete(ID, new Lease(SUB, "sender-b", EXPIRES)))
                .isInstanceOf(LeaseLostException.class);
        assertThat(records.find(ID).orElseThrow().status()).isEqualTo(Status.SENDING);
        assertThat(states.read(SUB).orElseThrow().active()).contains(ID);
    }

    @Test
    void create_idAlreadyTakenByAnotherDigest_isTransientAndLeavesTheFirstDigestsRefsIntact() {
        // GIVEN a first digest under this id, completed
        List<PendingRef> first = refs(3, "a");
        records.create(record(ID, first.size()), first, lease);
        records.complete(ID, lease);

        // WHEN a second digest draws the same id
        List<PendingRef> second = refs(2, "b");

        // THEN
        assertThatThrownBy(() -> records.create(record(ID, second.size()), second, lease))
                .isInstanceOf(TransientFailureException.class)
                .isNotInstanceOf(LeaseLostException.class)
                .hasMessageContaining("already taken");
        assertThat(records.entries(ID)).containsExactlyElementsOf(first);
        assertThat(records.find(ID).orElseThrow().status()).isEqualTo(Status.COMPLETE);
        assertThat(states.read(SUB).orElseThrow().active()).isEmpty();
    }

    @Test
    void create_repeatedWithTheSameRefsAfterTheChunkPutTookEffect_passesTheChunkStep() {
        // GIVEN a create whose chunk put took effect and whose transaction failed
        List<PendingRef> refs = refs(4, "a");
        FAULTS.failWhen(r -> r instanceof TransactWriteItemsRequest, DynamoDbDigestRecordsIT::serviceError);
        assertThatThrownBy(() -> records.create(record(ID, refs.size()), refs, lease))
                .isInstanceOf(TransientFailureException.class);
        FAULTS.clear();
        assertThat(item(ID, "ENTRIES#0000")).isNotEmpty();
        assertThat(records.find(ID)).isEmpty();

        // WHEN the same create again
        records.create(record(ID, refs.size()), refs, lease);

        // THEN
        assertThat(records.entries(ID)).containsExactlyElementsOf(refs);
        assertThat(records.find(ID).orElseThrow().status()).isEqualTo(Status.SENDING);
        assertThat(states.read(SUB).orElseThrow().active()).contains(ID);
    }

    @Test
    void create_whileAnotherDigestIsActive_throwsLeaseLostAndWritesNoRecord() {
        // GIVEN
        records.create(record(ID, 1), refs(1, "a"), lease);

        // WHEN / THEN
        assertThatThrownBy(() -> records.create(record(OTHER_ID, 1), refs(1, "b"), lease))
                .isInstanceOf(LeaseLostException.class);
        assertThat(records.find(OTHER_ID)).isEmpty();
        assertThat(states.read(SUB).orElseThrow().active()).contains(ID);
    }

    @Test
    void markSendStarted_possibleDuplicate_isStoredForGood() {
        // GIVEN
        records.create(record(ID, 1), refs(1, "a"), lease);

        // WHEN
        records.markSendStarted(ID, NOW, "first", true, lease);

        // THEN
        DigestRecord found = records.find(ID).orElseThrow();
        assertThat(found.possibleDuplicate()).isTrue();
        assertThat(found.sendStartedAt()).isEqualTo(NOW);
        assertThat(found.subject()).isEqualTo("first");

        // WHEN a later send start without the flag
        records.markSendStarted(ID, NOW.plusSeconds(5), "second", false, lease);

        // THEN the flag stays
        found = records.find(ID).orElseThrow();
        assertThat(found.possibleDuplicate()).isTrue();
        assertThat(found.subject()).isEqualTo("second");
        assertThat(found.sendStartedAt()).isEqualTo(NOW.plusSeconds(5));
    }

    @Test
    void markSendStarted_withoutTheFlag_readsBackAsNoDuplicate() {
        // GIVEN
        records.create(record(ID, 1), refs(1, "a"), lease);

        // WHEN
        records.markSendStarted(ID, NOW, "subject", false, lease);

        // THEN
        assertThat(records.find(ID).orElseThrow().possibleDuplicate()).isFalse();
    }

    @Test
    void noteFailedAttempt_countsUp() {
        // GIVEN
        records.create(record(ID, 1), refs(1, "a"), lease);

        // WHEN / THEN
        assertThat(records.noteFailedAttempt(ID, "render failed", lease)).isEqualTo(1);
        assertThat(records.noteFailedAttempt(ID, "render failed again", lease)).isEqualTo(2);
        DigestRecord found = records.find(ID).orElseThrow();
        assertThat(found.failedAttempts()).isEqualTo(2);
        assertThat(found.failureReason()).isEqualTo("render failed again");
        assertThat(found.status()).isEqualTo(Status.SENDING);
    }

    @Test
    void retire_quarantined_setsStatusReasonAndExpiryAndClearsTheActiveDigest() {
        // GIVEN
        records.create(record(ID, 2), refs(2, "a"), lease);
        clock.advance(Duration.ofMinutes(2));

        // WHEN
        records.retire(ID, Status.QUARANTINED, "render failed 3 times", lease);

        // THEN
        DigestRecord found = records.find(ID).orElseThrow();
        assertThat(found.status()).isEqualTo(Status.QUARANTINED);
        assertThat(found.failureReason()).isEqualTo("render failed 3 times");
        assertThat(digestItems(ID)).hasSize(2)
                .allSatisfy(i -> assertThat(i.get("expiresAt").n()).isEqualTo(expectedExpiry()));
        assertThat(states.read(SUB).orElseThrow().active()).isEmpty();
        assertThat(states.read(SUB).orElseThrow().leaseOwner()).isEqualTo("sender-a");
    }

    @Test
    void retire_recordMissing_onlyClearsTheActiveDigest() {
        // GIVEN an active digest whose record is gone
        records.create(record(ID, 1), refs(1, "a"), lease);
        dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS("DIGEST#" + ID.value()), "sk", AttributeValue.fromS("META"))));

        // WHEN
        records.retire(ID, Status.ABANDONED, "gone", lease);

        // THEN
        assertThat(states.read(SUB).orElseThrow().active()).isEmpty();
        assertThat(records.find(ID)).isEmpty();
        assertThat(item(ID, "META")).isEmpty();
    }

    @Test
    void resolveQuarantine_changesOnlyAQuarantinedRecord_andIsRepeatableWithTheSameDecision() {
        // GIVEN
        records.create(record(ID, 1), refs(1, "a"), lease);
        records.retire(ID, Status.QUARANTINED, "render failed", lease);

        // WHEN / THEN
        assertThat(records.resolveQuarantine(ID, Status.RETRIED, "operator retried")).isTrue();
        assertThat(records.find(ID).orElseThrow().status()).isEqualTo(Status.RETRIED);
        assertThat(records.find(ID).orElseThrow().failureReason()).isEqualTo("operator retried");
        assertThat(records.resolveQuarantine(ID, Status.RETRIED, "operator retried")).isTrue();
        assertThat(records.resolveQuarantine(ID, Status.ABANDONED, "changed my mind")).isFalse();
        assertThat(records.find(ID).orElseThrow().status()).isEqualTo(Status.RETRIED);
    }

    @Test
    void resolveQuarantine_ofADigestInFlightOrMissing_isFalseAndChangesNothing() {
        // GIVEN
        records.create(record(ID, 1), refs(1, "a"), lease);

        // WHEN / THEN
        assertThat(records.resolveQuarantine(ID, Status.ABANDONED, "no")).isFalse();
        assertThat(records.find(ID).orElseThrow().status()).isEqualTo(Status.SENDING);
        assertThat(records.resolveQuarantine(OTHER_ID, Status.ABANDONED, "no")).isFalse();
        assertThat(item(OTHER_ID, "META")).isEmpty();
    }

    @Test
    void markSentAndMarkFailed_readBack() {
        // GIVEN
        records.create(record(ID, 1), refs(1, "a"), lease);
        records.markSendStarted(ID, NOW, "subject", false, lease);

        // WHEN
        records.markFailed(ID, "MessageRejected", lease);

        // THEN
        DigestRecord failed = records.find(ID).orElseThrow();
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.failureReason()).isEqualTo("MessageRejected");
        assertThat(failed.sendStartedAt()).isNull();

        // WHEN
        records.markSent(ID, "ses-42", NOW.plusSeconds(3), lease);

        // THEN
        DigestRecord sent = records.find(ID).orElseThrow();
        assertThat(sent.status()).isEqualTo(Status.SENT);
        assertThat(sent.sesMessageId()).isEqualTo("ses-42");
        assertThat(sent.sentAt()).isEqualTo(NOW.plusSeconds(3));
        assertThat(sent.failureReason()).isNull();
        assertThat(sent.recipients()).containsExactlyElementsOf(RECIPIENTS);
    }
}
