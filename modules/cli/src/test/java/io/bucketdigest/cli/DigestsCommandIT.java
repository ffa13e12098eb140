package io.bucketdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketdigest.aws.dynamodb.DynamoDbMailEvents;
import io.bucketdigest.core.digest.BurstPart;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.mail.MailEvent;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DigestsCommandIT {

    private static TestPipeline pipeline;
    private static final List<DigestId> TEAM = new ArrayList<>();
    private static DigestId audit;
    private static DigestId sentNotComplete;
    private static List<ObjectEvent> auditEvents;
    private static List<ObjectEvent> sentEvents;

    @BeforeAll
    static void seed() {
        pipeline = TestPipeline.create();
        Seeder seeder = new Seeder(pipeline.aws.dynamoDb(), pipeline.table);
        seeder.subscription(new Subscription("team", List.of("team@example.com"), pipeline.bucket, List.of(),
                Set.of(), null));
        seeder.subscription(new Subscription("audit", List.of("audit@example.com"), null, List.of(), Set.of(), null));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int round = 0; round < 5; round++) {
            Instant at = now.minus(Duration.ofHours(10 - round));
            List<ObjectEvent> events = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                events.add(Seeder.event(pipeline.bucket, "team/r" + round + "-" + i, EventKind.CREATED,
                        at.minusSeconds(60 + i)));
            }
            seeder.record(events, List.of("team"), at.minusSeconds(30));
            // Round 3 is recorded as the second part of a burst that round 2 began.
            TEAM.add(round == 3
                    ? seeder.digest("team", at, true, new BurstPart(2, TEAM.get(2), at.minus(Duration.ofHours(1)),
                            BurstPart.Cut.MAX_ENTRIES))
                    : seeder.digest("team", at, true));
        }
        auditEvents = List.of(
                Seeder.event(pipeline.bucket, "audit/a", EventKind.REMOVED, now.minus(Duration.ofHours(3))),
                Seeder.event(pipeline.bucket, "audit/b", EventKind.CREATED, now.minus(Duration.ofHours(3))
                        .plusSeconds(5)));
        seeder.record(auditEvents, List.of("audit"), now.minus(Duration.ofHours(3)).plusSeconds(10));
        audit = seeder.digest("audit", now.minus(Duration.ofMinutes(170)), true);
        sentEvents = List.of(Seeder.event("other-bucket", "x/1", EventKind.CREATED, now.minusSeconds(200)));
        seeder.record(sentEvents, List.of("audit"), now.minusSeconds(100));
        sentNotComplete = seeder.digest("audit", now.minusSeconds(50), false);
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    @Test
    void list_allSubscriptions_newestFirstAcrossSubscriptions() {
        CliRun run = pipeline.run("digests", "list", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> lines = run.jsonLines();
        assertThat(lines).extracting(l -> l.get("digestId").asText()).containsExactly(
                sentNotComplete.value(), audit.value(), TEAM.get(4).value(), TEAM.get(3).value(),
                TEAM.get(2).value(), TEAM.get(1).value(), TEAM.get(0).value());
        assertThat(lines.get(0).get("status").asText()).isEqualTo("SENT");
        assertThat(lines.get(1).get("status").asText()).isEqualTo("COMPLETE");
        assertThat(lines.get(1).get("entryCount").asInt()).isEqualTo(2);
    }

    @Test
    void list_oneSubscriptionTimeRangeAndLimit() {
        CliRun run = pipeline.run("digests", "list", "--subscription", "team", "--since", "9h30m", "--limit", "2",
                "-o", "csv");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<List<String>> rows = run.csv();
        assertThat(rows.get(0)).startsWith("created_at", "digest_id", "subscription_id", "status");
        assertThat(rows.subList(1, rows.size())).extracting(r -> r.get(1))
                .containsExactly(TEAM.get(4).value(), TEAM.get(3).value());
    }

    @Test
    void list_statusFilter() {
        CliRun run = pipeline.run("digests", "list", "--status", "sent", "-o", "json");

        assertThat(run.jsonLines()).extracting(l -> l.get("digestId").asText())
                .containsExactly(sentNotComplete.value());
    }

    @Test
    void list_table_fitsWidth() {
        CliRun run = pipeline.columns(70).run("digests", "list");

        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).hasSize(8).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(70));
    }

    @Test
    void list_unknownStatus_isUsageError() {
        assertThat(pipeline.run("digests", "list", "--status", "lost").exitCode()).isEqualTo(2);
    }

    @Test
    void show_completedDigest_findsEntriesInTheSubscriptionsBucket() {
        CliRun run = pipeline.run("digests", "show", TEAM.get(2).value(), "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode json = run.json();
        assertThat(json.get("status").asText()).isEqualTo("COMPLETE");
        assertThat(json.get("entries")).extracting(e -> e.get("key").asText())
                .containsExactlyInAnyOrder("team/r2-0", "team/r2-1", "team/r2-2");
        assertThat(json.get("missingEventIds")).isEmpty();
    }

    @Test
    void show_partOfABurst_saysWhichPartItContinuesAndThatMoreFollows() {
        CliRun table = pipeline.run("digests", "show", TEAM.get(3).value());
        CliRun json = pipeline.run("digests", "show", TEAM.get(3).value(), "-o", "json");
        CliRun whole = pipeline.run("digests", "show", TEAM.get(2).value(), "-o", "json");

        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.lines()).contains("Part          2 of a burst, more follows (max entries)",
                "Continues     " + TEAM.get(2).value());
        JsonNode record = json.json();
        assertThat(record.get("part").asInt()).isEqualTo(2);
        assertThat(record.get("continuesDigestId").asText()).isEqualTo(TEAM.get(2).value());
        assertThat(record.get("moreFollows").asText()).isEqualTo("MAX_ENTRIES");
        assertThat(whole.json().get("part").asInt()).isEqualTo(1);
        assertThat(whole.json().get("moreFollows").isNull()).isTrue();
        assertThat(pipeline.run("digests", "show", TEAM.get(2).value()).out()).doesNotContain("Part ");
    }

    @Test
    void show_allBucketSubscription_usesThePipelineBucket() {
        CliRun run = pipeline.run("digests", "show", audit.value());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Subscription", "audit", "COMPLETE", "audit/a", "audit/b");
    }

    @Test
    void show_sentDigest_readsStillPendingEntries() {
        CliRun run = pipeline.run("digests", "show", sentNotComplete.value(), "-o", "csv");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<List<String>> rows = run.csv();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get(2)).isEqualTo("other-bucket");
        assertThat(rows.get(1).get(3)).isEqualTo("x/1");
    }

    @Test
    void show_sentDigest_listsWhatSesReported_andSaysWhatToDoAboutABounce() {
        DigestId digest = TEAM.get(1);
        DynamoDbMailEvents mail = new DynamoDbMailEvents(pipeline.aws.dynamoDb(), pipeline.table, Duration.ofDays(90),
                Clock.systemUTC());
        Instant sent = Instant.now().minus(Duration.ofHours(9));
        mail.record(new MailEvent(digest, MailEvent.Type.DELIVERY, "team@example.com", sent.plusSeconds(2), ""));
        mail.record(new MailEvent(digest, MailEvent.Type.BOUNCE, "gone@example.com", sent.plusSeconds(3),
                "Permanent/General: smtp; 550 5.1.1 user unknown"));

        CliRun table = pipeline.run("digests", "show", digest.value());
        CliRun json = pipeline.run("digests", "show", digest.value(), "-o", "json");
        CliRun quiet = pipeline.run("digests", "show", TEAM.get(2).value());

        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).contains("delivered to 1, bounced for 1", "What SES reported about this mail",
                "gone@example.com", "Permanent/General: smtp; 550 5.1.1 user unknown",
                "subscriptions update team --recipient");
        assertThat(json.jsonLines().get(0).get("mailEvents")).hasSize(2);
        assertThat(json.jsonLines().get(0).get("mailEvents").get(1).get("type").asText()).isEqualTo("BOUNCE");
        assertThat(quiet.out()).contains("no delivery report from SES yet").doesNotContain("What SES reported");
    }

    @Test
    void show_unknownDigest_isResourceError() {
        CliRun run = pipeline.run("digests", "show", "d-20200101T000000Z-00000000");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("d-20200101T000000Z-00000000", "digests list");
    }

    @Test
    void show_malformedId_isUsageError() {
        CliRun run = pipeline.run("digests", "show", "not-a-digest");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is not a digest id");
    }

    @Test
    void groupWithoutSubcommand_isUsageError() {
        CliRun run = pipeline.run("digests");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing subcommand", "list", "show");
    }
}
