package io.bucketdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketdigest.aws.dynamodb.DynamoDbDigestRecords;
import io.bucketdigest.aws.dynamodb.DynamoDbPendingEntries;
import io.bucketdigest.aws.dynamodb.DynamoDbSubscriptionStates;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.sender.DigestSignalCodec;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code digests retry|abandon} and how list, show and status render quarantined digests, against digests the
 * sender's own adapters quarantined. Every test uses its own subscription; the pipeline is shared.
 */
class QuarantinedDigestsIT {

    private static final String REASON = "RenderException: template digest.html: unknown variable 'sise'";
    private static final AtomicInteger SUBSCRIPTIONS = new AtomicInteger();

    private static TestPipeline pipeline;
    private static Seeder seeder;

    @BeforeAll
    static void create() {
        pipeline = TestPipeline.create();
        seeder = new Seeder(pipeline.aws.dynamoDb(), pipeline.table);
    }

    @AfterEach
    void noTerminal() {
        pipeline.terminalInput(null).columns(120);
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    /** A subscription with three recorded events, quarantined as the sender does it. */
    private record Quarantined(String subscription, DigestId id, List<PendingEntry> entries) {}

    private static Quarantined quarantine(boolean possibleDuplicate) {
        String sub = "q" + SUBSCRIPTIONS.incrementAndGet();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        seeder.subscription(new Subscription(sub, List.of("team@example.com"), pipeline.bucket, List.of(), Set.of(),
                null));
        List<ObjectEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(Seeder.event(pipeline.bucket, sub + "/photo-" + i + ".jpg", EventKind.CREATED,
                    now.minusSeconds(300 - i)));
        }
        seeder.record(events, List.of(sub), now.minusSeconds(200));
        List<PendingEntry> entries = pending().oldest(sub, 100);
        assertThat(entries).hasSize(3);
        DigestId id = seeder.quarantined(sub, now.minusSeconds(100), REASON, possibleDuplicate);
        return new Quarantined(sub, id, entries);
    }

    private static DynamoDbPendingEntries pending() {
        return new DynamoDbPendingEntries(pipeline.aws.dynamoDb(), pipeline.table, Seeder.RETENTION,
                Clock.systemUTC());
    }

    private static DigestRecord record(DigestId id) {
        return new DynamoDbDigestRecords(pipeline.aws.dynamoDb(), pipeline.table, Seeder.RETENTION,
                Clock.systemUTC()).find(id).orElseThrow();
    }

    /** The digest signals on the digest queue for this subscription (made visible again at once). */
    private static List<Message> signalsFor(String subscription) {
        List<Message> messages = pipeline.aws.sqs().receiveMessage(b -> b.queueUrl(pipeline.digestQueueUrl)
                .maxNumberOfMessages(10).visibilityTimeout(0).waitTimeSeconds(0)).messages();
        return messages.stream()
                .filter(m -> DigestSignalCodec.decode(m.body()).subscriptionId().equals(subscription))
                .toList();
    }

    @Test
    void seededQuarantine_isWhatTheSenderLeaves() {
        Quarantined q = quarantine(false);

        DigestRecord record = record(q.id());
        assertThat(record.status()).isEqualTo(DigestRecord.Status.QUARANTINED);
        assertThat(record.failedAttempts()).isEqualTo(DigestRecord.QUARANTINE_AFTER);
        assertThat(pending().oldest(q.subscription(), 100)).isEmpty();
        assertThat(pending().parked(q.id())).extracting(PendingEntry::ref)
                .containsExactlyInAnyOrderElementsOf(q.entries().stream().map(PendingEntry::ref).toList());
        assertThat(pending().reportedBefore(q.subscription(), q.entries())).hasSize(3);
        assertThat(new DynamoDbSubscriptionStates(pipeline.aws.dynamoDb(), pipeline.table).read(q.subscription())
                .orElseThrow().active()).isEmpty();
    }

    @Test
    void retry_putsTheEntriesBackPending_recordsRetried_andSignalsOnce() {
        Quarantined q = quarantine(false);

        CliRun run = pipeline.run("digests", "retry", q.id().value(), "--reason", "template fixed in 1.4.2");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.lines()).startsWith(
                "Retried digest " + q.id() + ".",
                "  subscription  " + q.subscription(),
                "  entries       3, pending again (their notes naming this digest removed)",
                "  recorded      RETRIED: template fixed in 1.4.2");
        assertThat(run.out().replaceAll("\\s+", " ")).endsWith("RETRIED: template fixed in 1.4.2 next the entries "
                + "go out in the next digest of " + q.subscription() + ", within its quiet period (a new digest: this "
                + "one was never mailed; " + q.subscription() + " was signalled). watch bucket-digest digests list "
                + "--subscription " + q.subscription() + " --since 1h ");
        assertThat(run.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(120));
        List<PendingEntry> back = pending().oldest(q.subscription(), 100);
        assertThat(back).extracting(PendingEntry::ref)
                .containsExactlyInAnyOrderElementsOf(q.entries().stream().map(PendingEntry::ref).toList());
        assertThat(back).extracting(e -> e.event().key())
                .containsExactlyInAnyOrderElementsOf(q.entries().stream().map(e -> e.event().key()).toList());
        assertThat(pending().reportedBefore(q.subscription(), back)).as("notes deleted").isEmpty();
        assertThat(pending().parked(q.id())).isEmpty();
        DigestRecord record = record(q.id());
        assertThat(record.status()).isEqualTo(DigestRecord.Status.RETRIED);
        assertThat(record.failureReason()).isEqualTo("template fixed in 1.4.2");
        List<Message> signals = signalsFor(q.subscription());
        assertThat(signals).hasSize(1);

        CliRun again = pipeline.run("digests", "retry", q.id().value());
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(4);
        assertThat(again.err()).isEqualTo("bucket-digest: digest " + q.id() + " is RETRIED, not QUARANTINED: an "
                + "operator already retried it (template fixed in 1.4.2): its entries went back to subscription "
                + q.subscription() + " for its next digest. See: bucket-digest digests list --subscription "
                + q.subscription() + ". Only a quarantined digest can be retried or abandoned.\n");
        CliRun abandonAfter = pipeline.run("digests", "abandon", q.id().value(), "--yes");
        assertThat(abandonAfter.exitCode()).isEqualTo(4);
        assertThat(abandonAfter.err()).contains("is RETRIED, not QUARANTINED");
        assertThat(signalsFor(q.subscription())).as("no second signal").hasSize(1);
        assertThat(pending().oldest(q.subscription(), 100)).hasSize(3);
    }

    @Test
    void abandon_withYes_recordsAbandonedAndDropsTheParkedEntries() {
        Quarantined q = quarantine(false);

        CliRun run = pipeline.columns(80).run("digests", "abandon", q.id().value(), "--yes", "--reason",
                "test upload");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.lines()).containsExactly(
                "Abandoned digest " + q.id() + ".",
                "  subscription  " + q.subscription(),
                "  entries       3, parked copies dropped",
                "  recorded      ABANDONED: test upload",
                "  next          the entries stay in the history; no digest will report them.");
        DigestRecord record = record(q.id());
        assertThat(record.status()).isEqualTo(DigestRecord.Status.ABANDONED);
        assertThat(record.failureReason()).isEqualTo("test upload");
        assertThat(pending().parked(q.id())).isEmpty();
        assertThat(pending().oldest(q.subscription(), 100)).isEmpty();
        assertThat(pending().reportedBefore(q.subscription(), q.entries())).as("notes stay").hasSize(3);
        assertThat(signalsFor(q.subscription())).isEmpty();

        CliRun again = pipeline.run("digests", "abandon", q.id().value(), "--yes");
        assertThat(again.exitCode()).isEqualTo(4);
        assertThat(again.err()).isEqualTo("bucket-digest: digest " + q.id() + " is ABANDONED, not QUARANTINED: an "
                + "operator already abandoned it (test upload): its entries stay in the history and no digest will "
                + "report them; this cannot be undone. Only a quarantined digest can be retried or abandoned.\n");
        CliRun retryAfter = pipeline.run("digests", "retry", q.id().value());
        assertThat(retryAfter.exitCode()).isEqualTo(4);
        assertThat(pending().oldest(q.subscription(), 100)).isEmpty();
        assertThat(signalsFor(q.subscription())).isEmpty();
    }

    @Test
    void abandon_withoutTerminalOrYes_refusesAndChangesNothing() {
        Quarantined q = quarantine(false);

        CliRun run = pipeline.run("digests", "abandon", q.id().value());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("bucket-digest: abandoning digest " + q.id() + " needs confirmation (its 3 "
                + "parked entries stay in the history and no digest will ever report them), and stdin is not a "
                + "terminal: pass --yes to abandon it.\n");
        assertThat(record(q.id()).status()).isEqualTo(DigestRecord.Status.QUARANTINED);
        assertThat(pending().parked(q.id())).hasSize(3);
    }

    @Test
    void abandon_onATerminal_asks_andOnlyYesAbandons() {
        Quarantined q = quarantine(false);

        CliRun declined = pipeline.terminalInput("n\n").run("digests", "abandon", q.id().value());

        assertThat(declined.exitCode()).isEqualTo(1);
        assertThat(declined.err()).isEqualTo("Abandon digest " + q.id() + " of subscription " + q.subscription()
                + "? Its 3 parked entries stay in the history and no digest will ever report them. [y/N] "
                + "Not abandoned: nothing was changed.\n");
        assertThat(record(q.id()).status()).isEqualTo(DigestRecord.Status.QUARANTINED);
        assertThat(pending().parked(q.id())).hasSize(3);

        CliRun endOfInput = pipeline.terminalInput("").run("digests", "abandon", q.id().value());
        assertThat(endOfInput.exitCode()).isEqualTo(1);
        assertThat(record(q.id()).status()).isEqualTo(DigestRecord.Status.QUARANTINED);

        CliRun confirmed = pipeline.terminalInput("yes\n").run("digests", "abandon", q.id().value());
        assertThat(confirmed.exitCode()).as(confirmed.toString()).isZero();
        assertThat(confirmed.out()).startsWith("Abandoned digest " + q.id() + ".");
        assertThat(confirmed.out()).contains("ABANDONED: abandoned by an operator");
        assertThat(record(q.id()).status()).isEqualTo(DigestRecord.Status.ABANDONED);
        assertThat(pending().parked(q.id())).isEmpty();
    }

    @Test
    void notQuarantined_namesTheStatusAndWhatToDo() {
        String sub = "nq" + SUBSCRIPTIONS.incrementAndGet();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        seeder.record(List.of(Seeder.event(pipeline.bucket, sub + "/a", EventKind.CREATED, now.minusSeconds(90))),
                List.of(sub), now.minusSeconds(80));
        DigestId complete = seeder.digest(sub, now.minusSeconds(70), true);
        seeder.record(List.of(Seeder.event(pipeline.bucket, sub + "/b", EventKind.CREATED, now.minusSeconds(60))),
                List.of(sub), now.minusSeconds(50));
        DigestId failed = seeder.unfinished(sub, now.minusSeconds(40), DigestRecord.Status.FAILED,
                "MessageRejected: Email address is not verified");

        CliRun onComplete = pipeline.run("digests", "retry", complete.value());
        assertThat(onComplete.exitCode()).isEqualTo(4);
        assertThat(onComplete.err()).isEqualTo("bucket-digest: digest " + complete + " is COMPLETE, not "
                + "QUARANTINED: it was mailed and its entries cleaned up; nothing to retry or abandon. Only a "
                + "quarantined digest can be retried or abandoned.\n");

        CliRun onFailed = pipeline.run("digests", "abandon", failed.value(), "--yes");
        assertThat(onFailed.exitCode()).isEqualTo(4);
        assertThat(onFailed.err()).isEqualTo("bucket-digest: digest " + failed + " is FAILED, not QUARANTINED: SES "
                + "refused it (MessageRejected: Email address is not verified); the sender sends this same digest "
                + "again by itself. Fix the SES cause, then replay the digest dead-letter queue: bucket-digest dlq "
                + "replay digest. Only a quarantined digest can be retried or abandoned.\n");
        assertThat(record(failed).status()).isEqualTo(DigestRecord.Status.FAILED);

        String sendingSub = "ns" + SUBSCRIPTIONS.incrementAndGet();
        seeder.record(List.of(Seeder.event(pipeline.bucket, sendingSub + "/c", EventKind.CREATED,
                now.minusSeconds(30))), List.of(sendingSub), now.minusSeconds(20));
        DigestId sending = seeder.unfinished(sendingSub, now.minusSeconds(10), DigestRecord.Status.SENDING, null);
        CliRun onSending = pipeline.run("digests", "retry", sending.value());
        assertThat(onSending.exitCode()).isEqualTo(4);
        assertThat(onSending.err()).contains("is SENDING, not QUARANTINED", "Wait a few minutes",
                "`bucket-digest status`");
        assertThat(signalsFor(sendingSub)).isEmpty();
    }

    @Test
    void unknownAndMalformedIds() {
        CliRun unknown = pipeline.run("digests", "retry", "d-20200101T000000Z-00000000");
        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.err()).isEqualTo("bucket-digest: digest d-20200101T000000Z-00000000 is not in table "
                + pipeline.table + " (digests expire with the event history's retention). List recent ones with: "
                + "bucket-digest digests list --status quarantined --since 30d\n");

        CliRun unknownAbandon = pipeline.run("digests", "abandon", "d-20200101T000000Z-00000000");
        assertThat(unknownAbandon.exitCode()).as("not found before asking for --yes").isEqualTo(3);

        CliRun malformed = pipeline.run("digests", "abandon", "42", "--yes");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).isEqualTo(
                "bucket-digest: '42' is not a digest id (they look like d-20261129T093000Z-1a2b3c4d)\n");

        CliRun missing = pipeline.run("digests", "retry");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required parameter: 'DIGEST_ID'");
    }

    @Test
    void listAndShow_renderTheQuarantineAndTheDecisions() {
        Quarantined q = quarantine(true);
        Quarantined retried = quarantine(false);
        Quarantined abandoned = quarantine(false);
        assertThat(pipeline.run("digests", "retry", retried.id().value()).exitCode()).isZero();
        assertThat(pipeline.run("digests", "abandon", abandoned.id().value(), "-y").exitCode()).isZero();

        CliRun table = pipeline.run("digests", "list", "--status", "quarantined,retried,abandoned",
                "--subscription", q.subscription() + "," + retried.subscription() + "," + abandoned.subscription());
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.lines()).hasSize(4);
        assertThat(table.out()).containsPattern(q.id() + " +" + q.subscription() + " +QUARANTINED +3 ")
                .containsPattern(retried.id() + " +" + retried.subscription() + " +RETRIED +3 ")
                .containsPattern(abandoned.id() + " +" + abandoned.subscription() + " +ABANDONED +3 ");
        assertThat(table.err()).as("the command in backticks stays whole").isEqualTo("1 quarantined digest(s), "
                + "never mailed: see why with\n`bucket-digest digests show " + q.id() + "`, then `digests retry` or "
                + "`digests abandon` it.\n");

        CliRun json = pipeline.run("digests", "list", "--status", "quarantined", "--subscription", q.subscription(),
                "-o", "json");
        JsonNode line = json.json();
        assertThat(line.get("status").asText()).isEqualTo("QUARANTINED");
        assertThat(line.get("failureReason").asText()).isEqualTo(REASON);
        assertThat(line.get("failedAttempts").asInt()).isEqualTo(3);
        assertThat(line.get("possibleDuplicate").asBoolean()).isTrue();
        assertThat(line.get("recipients")).extracting(JsonNode::asText)
                .containsExactly("ops@example.com", "lead@example.com");

        List<List<String>> csv = pipeline.run("digests", "list", "--subscription", q.subscription(), "-o", "csv")
                .csv();
        assertThat(csv.get(0)).endsWith("failure_reason", "failed_attempts", "possible_duplicate", "recipients");
        assertThat(csv.get(1)).endsWith(REASON, "3", "true", "ops@example.com lead@example.com");

        CliRun show = pipeline.run("digests", "show", q.id().value());
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains(
                "Status        QUARANTINED (" + REASON + ")",
                "Failed        3 attempt(s) (quarantined after 3)",
                "Duplicate     may have been mailed twice",
                "Recipients    ops@example.com, lead@example.com",
                "Parked        3 entries, waiting for an operator's decision",
                "Quarantined, never mailed, because: " + REASON + "\n",
                "  bucket-digest digests retry " + q.id() + "\n",
                "  bucket-digest digests abandon " + q.id() + "\n",
                q.subscription() + "/photo-0.jpg", q.subscription() + "/photo-2.jpg");
        assertThat(show.err()).as("entries read from the parked copies").isEmpty();

        JsonNode showJson = pipeline.run("digests", "show", q.id().value(), "-o", "json").json();
        assertThat(showJson.get("parkedEntries").asLong()).isEqualTo(3);
        assertThat(showJson.get("entries")).hasSize(3);
        assertThat(showJson.get("missingEventIds")).isEmpty();

        CliRun showRetried = pipeline.run("digests", "show", retried.id().value());
        assertThat(showRetried.out()).contains("Status        RETRIED (retried by an operator)",
                        retried.subscription() + "/photo-1.jpg")
                .doesNotContain("Parked", "digests abandon", "Duplicate");
        JsonNode abandonedJson = pipeline.run("digests", "show", abandoned.id().value(), "-o", "json").json();
        assertThat(abandonedJson.get("status").asText()).isEqualTo("ABANDONED");
        assertThat(abandonedJson.get("parkedEntries").isNull()).isTrue();
        assertThat(abandonedJson.get("entries")).as("found in the bucket's history").hasSize(3);
    }

    @Test
    void status_reportsAQuarantinedDigestEvenBehindANewerOne() {
        Quarantined q = quarantine(false);
        Instant now = Instant.now();
        seeder.record(List.of(Seeder.event(pipeline.bucket, q.subscription() + "/later", EventKind.CREATED,
                now.minusSeconds(20))), List.of(q.subscription()), now.minusSeconds(10));
        DigestId later = seeder.digest(q.subscription(), now.minusSeconds(5), true);

        CliRun run = pipeline.run("status", "-o", "json", "--check");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        JsonNode json = run.json();
        assertThat(json.get("problems")).extracting(JsonNode::asText).contains("subscription " + q.subscription()
                + ": digest " + q.id() + " is QUARANTINED (" + REASON + "), never mailed, its entries parked: fix "
                + "the cause, then `bucket-digest digests retry " + q.id() + "` or `bucket-digest digests abandon "
                + q.id() + "`");
        assertThat(json.get("subscriptions")).anySatisfy(s -> {
            assertThat(s.get("subscriptionId").asText()).isEqualTo(q.subscription());
            assertThat(s.get("lastDigest").get("digestId").asText()).isEqualTo(later.value());
        });
    }
}
