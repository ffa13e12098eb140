package io.bucketdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.testing.RequestCounter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventsCommandIT {

    private static final int BULK = 250;
    private static TestPipeline pipeline;
    private static final RequestCounter COUNTER = new RequestCounter();
    private static final List<ObjectEvent> REPORTED = new ArrayList<>();
    private static final List<ObjectEvent> PENDING = new ArrayList<>();
    private static final List<ObjectEvent> UNMATCHED = new ArrayList<>();
    private static DigestId digest;
    private static Instant now;

    @BeforeAll
    static void seed() {
        pipeline = TestPipeline.create().interceptors(COUNTER);
        Seeder seeder = new Seeder(pipeline.aws.dynamoDb(), pipeline.table);
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<ObjectEvent> older = new ArrayList<>();
        List<ObjectEvent> newer = new ArrayList<>();
        for (int i = 0; i < BULK; i++) {
            boolean log = i % 5 == 0;
            String key = (log ? "logs/f-" : "photos/f-") + String.format("%03d", i);
            EventKind kind = i % 3 == 0 ? EventKind.REMOVED : EventKind.CREATED;
            ObjectEvent event = Seeder.event(pipeline.bucket, key, kind, now.minus(Duration.ofMinutes(i + 1)));
            if (log) {
                UNMATCHED.add(event);
            } else if (i >= 150) {
                older.add(event);
            } else {
                newer.add(event);
            }
        }
        seeder.record(UNMATCHED, List.of(), now);
        seeder.record(older, List.of("team"), now.minusSeconds(60));
        digest = seeder.digest("team", now.minusSeconds(30), true);
        REPORTED.addAll(older);
        seeder.record(newer, List.of("team"), now);
        PENDING.addAll(newer);
        seeder.record(List.of(
                Seeder.event(pipeline.bucket, "photos/cat.jpg", EventKind.CREATED, now.minus(Duration.ofHours(30))),
                Seeder.event(pipeline.bucket, "photos/cat.jpg", EventKind.TAGGING, now.minus(Duration.ofHours(29))),
                Seeder.event(pipeline.bucket, "photos/cat.jpg", EventKind.REMOVED, now.minus(Duration.ofHours(28)))),
                List.of(), now);
        seeder.record(List.of(Seeder.event(pipeline.bucket, "photos/expired.jpg", EventKind.CREATED,
                now.minus(Duration.ofMinutes(3)))), List.of(), now.minus(Duration.ofDays(100)));
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    @BeforeEach
    void resetCounter() {
        COUNTER.reset();
        pipeline.columns(120);
    }

    @Test
    void bucketQuery_morePagesThanOne_mergesShardsNewestFirstUpToLimit() {
        CliRun run = pipeline.run("events", "--bucket", pipeline.bucket, "--since", "24h", "--limit", "230",
                "--page-size", "10", "--format", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> lines = run.jsonLines();
        assertThat(lines).hasSize(230);
        List<Instant> times = lines.stream().map(l -> Instant.parse(l.get("eventTime").asText())).toList();
        assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(lines.stream().map(l -> l.get("eventId").asText()).distinct().count()).isEqualTo(230);
        assertThat(COUNTER.count("Query")).as("more than one page per shard").isGreaterThan(16);
    }

    @Test
    void bucketQuery_all_returnsEveryUnexpiredEventInRange() {
        CliRun run = pipeline.run("events", "--bucket", pipeline.bucket, "--since", "2d", "--all", "--page-size",
                "37", "--format", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        Set<String> keys = new HashSet<>();
        run.jsonLines().forEach(l -> keys.add(l.get("key").asText() + "@" + l.get("eventTime").asText()));
        assertThat(keys).hasSize(BULK + 3);
        assertThat(run.out()).doesNotContain("photos/expired.jpg");
    }

    @Test
    void bucketQuery_defaultLimit_printsHundredAndSaysMoreExist() {
        CliRun run = pipeline.run("events", "--bucket", pipeline.bucket);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.lines()).hasSize(101);
        assertThat(run.err()).contains("showing the newest 100");
    }

    @Test
    void bucketQuery_prefixAndType_filtersServerSide() {
        CliRun run = pipeline.run("events", "--bucket", pipeline.bucket, "--since", "24h", "--prefix", "logs/",
                "--type", "removed", "--all", "--format", "json");

        long expected = UNMATCHED.stream().filter(e -> e.kind() == EventKind.REMOVED).count();
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.jsonLines()).hasSize((int) expected)
                .allSatisfy(l -> {
                    assertThat(l.get("key").asText()).startsWith("logs/");
                    assertThat(l.get("type").asText()).isEqualTo("removed");
                });
    }

    @Test
    void json_digestsShowReportedAndPending() {
        CliRun run = pipeline.run("events", "--bucket", pipeline.bucket, "--since", "24h", "--all", "--format",
                "json");

        Map<String, JsonNode> byId = new HashMap<>();
        run.jsonLines().forEach(l -> byId.put(l.get("eventId").asText(), l));
        for (ObjectEvent event : REPORTED) {
            JsonNode digests = byId.get(event.id().value()).get("digests");
            assertThat(digests).hasSize(1);
            assertThat(digests.get(0).get("subscriptionId").asText()).isEqualTo("team");
            assertThat(digests.get(0).get("digestId").asText()).isEqualTo(digest.value());
            assertThat(digests.get(0).get("status").asText()).isEqualTo("reported");
        }
        for (ObjectEvent event : PENDING) {
            JsonNode digests = byId.get(event.id().value()).get("digests");
            assertThat(digests.get(0).get("status").asText()).isEqualTo("pending");
            assertThat(digests.get(0).get("digestId").isNull()).isTrue();
        }
        for (ObjectEvent event : UNMATCHED) {
            assertThat(byId.get(event.id().value()).get("digests")).isEmpty();
        }
    }

    @Test
    void csv_parsesWithHeaderAndRawValues() {
        CliRun run = pipeline.run("events", "--bucket", pipeline.bucket, "--since", "24h", "--limit", "120",
                "--page-size", "30", "--format", "csv");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<List<String>> rows = run.csv();
        assertThat(rows.get(0)).containsExactly("event_time", "bucket", "key", "type", "event_name", "size",
                "event_id", "ingested_at", "requester", "principal_id", "source_ip", "digests");
        assertThat(rows).hasSize(121);
        for (List<String> row : rows.subList(1, rows.size())) {
            assertThat(row).hasSize(12);
            assertThat(row.get(8)).as("requester: a readable name, or 'unknown' when S3 sent no principal")
                    .isEqualTo(row.get(9).isEmpty() ? "unknown" : row.get(8)).isNotEmpty();
            assertThat(Instant.parse(row.get(0))).isBefore(now);
            assertThat(row.get(1)).isEqualTo(pipeline.bucket);
            if (row.get(3).equals("created")) {
                assertThat(Long.parseLong(row.get(5))).isPositive();
            }
        }
        assertThat(rows.stream().skip(1).map(r -> r.get(11))).contains("team:pending", "-");
    }

    @Test
    void table_fitsTerminalWidth_andShowsDigestColumn() {
        CliRun run = pipeline.columns(72).run("events", "--bucket", pipeline.bucket, "--since", "24h", "--all");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.lines();
        assertThat(lines.get(0)).startsWith("TIME").contains("TYPE", "KEY", "SIZE", "DIGEST");
        assertThat(lines).hasSize(BULK + 1).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(72));
        assertThat(run.out()).contains("pending");
        assertThat(lines.stream().filter(l -> l.contains("d-2") || l.contains("..."))).isNotEmpty();
    }

    @Test
    void table_wideTerminal_showsFullDigestIds() {
        CliRun run = pipeline.columns(200).run("events", "--bucket", pipeline.bucket, "--since", "24h", "--all");

        assertThat(run.out()).contains(digest.value());
        assertThat(run.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(200));
    }

    @Test
    void objectQuery_returnsItsWholeHistoryNewestFirst() {
        CliRun run = pipeline.run("events", "--bucket", pipeline.bucket, "--key", "photos/cat.jpg", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.jsonLines()).extracting(l -> l.get("type").asText())
                .containsExactly("removed", "tagging", "created");
    }

    @Test
    void objectQuery_withSinceUntil_limitsTheRange() {
        CliRun run = pipeline.run("events", "--bucket", pipeline.bucket, "--key", "photos/cat.jpg", "--since",
                "29h30m", "--until", "28h30m", "-o", "json");

        assertThat(run.jsonLines()).extracting(l -> l.get("type").asText()).containsExactly("tagging");
    }

    @Test
    void defaultBucket_comesFromTheResolvedPipelineBucket() {
        CliRun run = pipeline.run("events", "--since", "10m", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.jsonLines()).isNotEmpty().allSatisfy(l -> assertThat(l.get("bucket").asText())
                .isEqualTo(pipeline.bucket));
    }

    @Test
    void noMatch_exitsZeroWithMessage() {
        CliRun run = pipeline.run("events", "--bucket", "no-such-events-bucket", "--since", "1h");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("No events for s3://no-such-events-bucket/");
        assertThat(pipeline.run("events", "--bucket", "no-such-events-bucket", "-o", "json").out()).isEmpty();
        assertThat(pipeline.run("events", "--bucket", "no-such-events-bucket", "-o", "csv").csv()).hasSize(1);
    }

    @Test
    void badTime_isUsageError() {
        CliRun run = pipeline.run("events", "--bucket", pipeline.bucket, "--since", "yesterday");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--since").contains("'yesterday' is not a time");
    }

    @Test
    void sinceAfterUntil_isUsageError() {
        CliRun run = pipeline.run("events", "--bucket", pipeline.bucket, "--since", "1h", "--until", "2h");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is after --until");
    }

    @Test
    void unknownFlag_isUsageErrorWithSuggestion() {
        CliRun run = pipeline.run("events", "--buckett", pipeline.bucket);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option", "'--buckett'", "Possible solutions: --bucket");
    }

    @Test
    void unknownType_isUsageError() {
        CliRun run = pipeline.run("events", "--bucket", pipeline.bucket, "--type", "created,exploded");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown event kind 'exploded'");
    }

    @Test
    void missingTable_isResourceErrorNamingTableAndFix() {
        Map<String, String> env = new HashMap<>(pipeline.env());
        env.put("HISTORY_TABLE", "no-such-table");

        CliRun run = pipeline.runWith(env, "events", "--bucket", pipeline.bucket);

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("Table no-such-table does not exist").contains("$HISTORY_TABLE")
                .contains("--stack");
    }
}
