package io.bucketdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketdigest.core.event.EventKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubscriptionsCommandIT {

    private TestPipeline pipeline;

    @BeforeEach
    void create() {
        pipeline = TestPipeline.create();
    }

    @AfterEach
    void close() {
        pipeline.close();
    }

    @Test
    void add_thenList_inAllFormats() {
        CliRun added = pipeline.run("subscriptions", "add", "team-photos", "--recipient",
                "ana@example.com,li@example.com", "--bucket", "photos", "--prefix", "raw/", "--prefix", "edits/",
                "--kinds", "created,removed", "--quiet-period", "2m", "--max-delay", "1h");
        assertThat(added.exitCode()).as(added.toString()).isZero();
        assertThat(added.out()).contains("Added subscription team-photos");
        pipeline.run("subscriptions", "add", "audit", "-r", "sec@example.com");

        JsonNode first = pipeline.run("subscriptions", "list", "-o", "json").jsonLines().get(1);
        assertThat(first.get("id").asText()).isEqualTo("team-photos");
        assertThat(first.get("bucket").asText()).isEqualTo("photos");
        assertThat(first.get("prefixes")).extracting(JsonNode::asText).containsExactly("raw/", "edits/");
        assertThat(first.get("kinds")).extracting(JsonNode::asText).containsExactly("created", "removed");
        assertThat(first.get("quietPeriodSeconds").asInt()).isEqualTo(120);
        assertThat(first.get("maxDelaySeconds").asInt()).isEqualTo(3600);
        assertThat(first.get("recipients")).extracting(JsonNode::asText)
                .containsExactly("ana@example.com", "li@example.com");

        List<List<String>> csv = pipeline.run("subscriptions", "list", "-o", "csv").csv();
        assertThat(csv).hasSize(3);
        assertThat(csv.get(2)).containsExactly("team-photos", "photos", "raw/ edits/", "created,removed", "", "120",
                "3600", "", "UTC", "", "ana@example.com li@example.com");

        CliRun table = pipeline.columns(60).run("subscriptions", "list");
        assertThat(table.lines()).hasSize(3).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(60));
        assertThat(table.lines().get(0)).startsWith("ID");
    }

    @Test
    void schedule_isStoredShownValidated_andBurstModeComesBack() {
        CliRun added = pipeline.run("subscriptions", "add", "nightly", "-r", "a@example.com", "--time-zone",
                "Europe/Berlin", "--schedule", "daily 9:00", "--max-entries", "500");
        assertThat(added.exitCode()).as(added.toString()).isZero();
        assertThat(added.out()).contains("timing      daily 09:00, max 500 entries")
                .contains("sends       daily at 09:00 (Europe/Berlin)");
        JsonNode stored = pipeline.run("subscriptions", "list", "-o", "json").jsonLines().get(0);
        assertThat(stored.get("schedule").asText()).isEqualTo("daily 09:00");
        assertThat(stored.get("maxEntries").asInt()).isEqualTo(500);

        CliRun badForm = pipeline.run("subscriptions", "update", "nightly", "--schedule", "daily at nine");
        assertThat(badForm.exitCode()).as(badForm.toString()).isEqualTo(2);
        assertThat(badForm.err()).contains("schedule must be hourly, daily HH:MM or weekly DAY HH:MM")
                .contains("daily at nine");
        CliRun burstSetting = pipeline.run("subscriptions", "update", "nightly", "--quiet-period", "2m");
        assertThat(burstSetting.exitCode()).as(burstSetting.toString()).isEqualTo(2);
        assertThat(burstSetting.err()).contains("add --schedule burst to go back to burst mode");
        CliRun both = pipeline.run("subscriptions", "add", "both", "-r", "a@example.com", "--schedule", "hourly",
                "--max-delay", "1h");
        assertThat(both.exitCode()).as(both.toString()).isEqualTo(2);
        assertThat(both.err()).contains("a schedule replaces the quiet period and the max delay");

        CliRun weekly = pipeline.run("subscriptions", "update", "nightly", "--schedule", "weekly Monday 08:30");
        assertThat(weekly.out()).contains("sends       weekly on Monday at 08:30 (Europe/Berlin)");
        CliRun burst = pipeline.run("subscriptions", "update", "nightly", "--schedule", "burst", "--quiet-period",
                "2m");
        assertThat(burst.exitCode()).as(burst.toString()).isZero();
        assertThat(burst.out()).contains("timing      quiet 2m, max 500 entries").contains("sends       after each burst");
        JsonNode back = pipeline.run("subscriptions", "list", "-o", "json").jsonLines().get(0);
        assertThat(back.get("schedule").isNull()).as(back.toString()).isTrue();
    }

    @Test
    void timeZone_isStoredShownAndChecked() {
        CliRun added = pipeline.run("subscriptions", "add", "berlin", "-r", "a@example.com", "--time-zone",
                "Europe/Berlin");
        assertThat(added.exitCode()).as(added.toString()).isZero();
        assertThat(added.out()).contains("time zone   Europe/Berlin");
        assertThat(zoneOf("berlin")).isEqualTo("Europe/Berlin");

        CliRun bad = pipeline.run("subscriptions", "update", "berlin", "--time-zone", "Mars/Olympus");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err()).contains("time zone must be an IANA name such as Europe/Berlin")
                .contains("Mars/Olympus");

        CliRun back = pipeline.run("subscriptions", "update", "berlin", "--time-zone", "UTC");
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(zoneOf("berlin")).isEqualTo("UTC");
    }

    @Test
    void exclusions_areStoredShownValidatedAndTested() {
        CliRun added = pipeline.run("subscriptions", "add", "pipelines", "-r", "data@example.com", "--bucket", "lake",
                "--exclude", "**/_temporary/**,*.tmp", "--exclude", "_SUCCESS");
        assertThat(added.exitCode()).as(added.toString()).isZero();
        assertThat(added.out()).contains("excludes    **/_temporary/**, *.tmp, _SUCCESS");
        JsonNode json = pipeline.run("subscriptions", "list", "-o", "json").json();
        assertThat(json.get("exclusions")).extracting(JsonNode::asText)
                .containsExactly("**/_temporary/**", "*.tmp", "_SUCCESS");
        assertThat(pipeline.run("subscriptions", "list", "-o", "csv").csv().get(1))
                .contains("**/_temporary/** *.tmp _SUCCESS");

        CliRun tested = pipeline.run("subscriptions", "test", "--bucket", "lake", "--key",
                "out/_temporary/0/part-1", "-o", "json");
        assertThat(tested.json().get("matches").asBoolean()).isFalse();
        assertThat(tested.json().get("excludedBy").asText()).isEqualTo("**/_temporary/**");
        assertThat(tested.json().get("reason").asText()).isEqualTo("excluded by **/_temporary/**");
        CliRun table = pipeline.run("subscriptions", "test", "--bucket", "lake", "--key", "out/day=1/_SUCCESS");
        assertThat(table.out()).contains("excluded by _SUCCESS");
        assertThat(pipeline.run("subscriptions", "test", "--bucket", "lake", "--key", "out/part-1", "-o", "json")
                .json().get("excludedBy").isNull()).isTrue();

        CliRun bad = pipeline.run("subscriptions", "update", "pipelines", "--exclude", "a/***", "--exclude", "",
                "--time-zone", "Mars/Olympus");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err()).contains("exclusion 'a/***' has three or more '*'", "exclusion patterns must not be empty",
                "time zone must be an IANA name");
        assertThat(pipeline.run("subscriptions", "update", "pipelines", "--exclude", "*.tmp", "--clear-exclusions")
                .exitCode()).isEqualTo(2);

        CliRun replaced = pipeline.run("subscriptions", "update", "pipelines", "--exclude", "*.crc");
        assertThat(replaced.exitCode()).as(replaced.toString()).isZero();
        assertThat(pipeline.run("subscriptions", "list", "-o", "json").json().get("exclusions"))
                .extracting(JsonNode::asText).containsExactly("*.crc");
        CliRun cleared = pipeline.run("subscriptions", "update", "pipelines", "--clear-exclusions");
        assertThat(cleared.exitCode()).as(cleared.toString()).isZero();
        assertThat(cleared.out()).contains("excludes    - (nothing)");
        assertThat(pipeline.run("subscriptions", "list", "-o", "json").json().get("exclusions")).isEmpty();
    }

    private String zoneOf(String id) {
        return pipeline.run("subscriptions", "list", "-o", "json").jsonLines().stream()
                .filter(line -> line.get("id").asText().equals(id)).findFirst().orElseThrow()
                .get("timeZone").asText();
    }

    @Test
    void add_existingId_isRefusedWithConflict() {
        pipeline.run("subscriptions", "add", "team", "-r", "a@example.com");

        CliRun run = pipeline.run("subscriptions", "add", "team", "-r", "b@example.com");

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).contains("already exists", "subscriptions update team");
    }

    @Test
    void add_invalid_listsEveryProblemAndSavesNothing() {
        List<String> args = new ArrayList<>(List.of("subscriptions", "add", "bad id!", "--prefix", ""));
        for (int i = 0; i < 51; i++) {
            args.add("-r");
            args.add("user" + i + "@example.com");
        }
        args.add("-r");
        args.add("not-an-address");

        CliRun run = pipeline.run(args.toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("id must be", "at most 50 recipients", "recipient #52 is not a valid email",
                "prefixes must be 1-1024 characters");
        assertThat(pipeline.run("subscriptions", "list", "-o", "json").out()).isEmpty();
    }

    @Test
    void add_unknownKindOrBadTiming_isUsageError() {
        assertThat(pipeline.run("subscriptions", "add", "x", "-r", "a@example.com", "--kinds", "exploded")
                .exitCode()).isEqualTo(2);
        CliRun timing = pipeline.run("subscriptions", "add", "x", "-r", "a@example.com", "--quiet-period", "1h");
        assertThat(timing.exitCode()).isEqualTo(2);
        assertThat(timing.err()).contains("quiet period must be between 0 s and 15 min");
        assertThat(pipeline.run("subscriptions", "add", "x").exitCode()).isEqualTo(2);
    }

    @Test
    void update_changesOnlyWhatIsGiven() {
        pipeline.run("subscriptions", "add", "team", "-r", "a@example.com,b@example.com", "--bucket", "photos",
                "--prefix", "raw/", "--max-entries", "500");

        CliRun run = pipeline.run("subscriptions", "update", "team", "--add-recipient", "c@example.com",
                "--remove-recipient", "a@example.com", "--all-buckets", "--kinds", "removed");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode json = pipeline.run("subscriptions", "list", "-o", "json").json();
        assertThat(json.get("recipients")).extracting(JsonNode::asText).containsExactly("b@example.com",
                "c@example.com");
        assertThat(json.get("bucket").isNull()).isTrue();
        assertThat(json.get("prefixes")).extracting(JsonNode::asText).containsExactly("raw/");
        assertThat(json.get("kinds")).extracting(JsonNode::asText).containsExactly("removed");
        assertThat(json.get("maxEntries").asInt()).isEqualTo(500);

        pipeline.run("subscriptions", "update", "team", "--default-timing", "--clear-prefixes");
        JsonNode reset = pipeline.run("subscriptions", "list", "-o", "json").json();
        assertThat(reset.get("maxEntries").isNull()).isTrue();
        assertThat(reset.get("prefixes")).isEmpty();
    }

    @Test
    void update_validationAndMissing() {
        pipeline.run("subscriptions", "add", "team", "-r", "a@example.com");

        assertThat(pipeline.run("subscriptions", "update", "team", "--remove-recipient", "a@example.com")
                .err()).contains("at least one recipient is required");
        assertThat(pipeline.run("subscriptions", "update", "team").exitCode()).isEqualTo(2);
        CliRun missing = pipeline.run("subscriptions", "update", "ghost", "--kinds", "created");
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("subscription ghost does not exist in table " + pipeline.table);
    }

    @Test
    void remove_reportsPendingAndMissing() {
        pipeline.run("subscriptions", "add", "team", "-r", "a@example.com");
        new Seeder(pipeline.aws.dynamoDb(), pipeline.table).record(List.of(
                Seeder.event(pipeline.bucket, "k", EventKind.CREATED, Instant.now())), List.of("team"), Instant.now());

        CliRun run = pipeline.run("subscriptions", "remove", "team");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Removed subscription team. 1 pending event(s)", "discards them");
        // One signal, delayed past the subscription caches, so that the digest stage discards what it left behind.
        var attributes = pipeline.aws.sqs().getQueueAttributes(b -> b.queueUrl(pipeline.digestQueueUrl)
                .attributeNamesWithStrings("ApproximateNumberOfMessagesDelayed")).attributesAsStrings();
        assertThat(attributes.get("ApproximateNumberOfMessagesDelayed")).isEqualTo("1");
        assertThat(pipeline.run("subscriptions", "remove", "team").exitCode()).isEqualTo(3);
    }

    @Test
    void test_showsWhichSubscriptionsMatchAndWhy() {
        pipeline.run("subscriptions", "add", "photos-raw", "-r", "a@example.com", "--bucket", "photos", "--prefix",
                "raw/");
        pipeline.run("subscriptions", "add", "deletes", "-r", "a@example.com", "--kinds", "removed");
        pipeline.run("subscriptions", "add", "other", "-r", "a@example.com", "--bucket", "logs");

        CliRun run = pipeline.run("subscriptions", "test", "--bucket", "photos", "--key", "raw/cat.jpg", "--event",
                "ObjectCreated:Put", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> lines = run.jsonLines();
        assertThat(lines).extracting(l -> l.get("subscriptionId").asText() + "=" + l.get("matches").asBoolean())
                .containsExactly("deletes=false", "other=false", "photos-raw=true");
        assertThat(lines.get(0).get("reason").asText()).contains("kinds are removed, not created");
        assertThat(lines.get(1).get("reason").asText()).contains("bucket is logs, not photos");

        CliRun table = pipeline.run("subscriptions", "test", "--bucket", "photos", "--key", "x", "--event",
                "removed");
        assertThat(table.out()).contains("matches 1 of 3");
        assertThat(pipeline.run("subscriptions", "test", "--bucket", "b", "--key", "k", "--event", "nope")
                .exitCode()).isEqualTo(2);
    }
}
