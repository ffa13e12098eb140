package io.bucketdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusIT {

    private TestPipeline pipeline;
    private Seeder seeder;

    @BeforeEach
    void create() {
        pipeline = TestPipeline.create();
        seeder = new Seeder(pipeline.aws.dynamoDb(), pipeline.table);
        seeder.subscription(new Subscription("team", List.of("t@example.com"), null, List.of(), Set.of(), null));
    }

    @AfterEach
    void close() {
        pipeline.close();
    }

    @Test
    void healthyPipeline_showsPendingAndLastDigest() {
        Instant now = Instant.now();
        seeder.record(List.of(Seeder.event(pipeline.bucket, "a", EventKind.CREATED, now.minusSeconds(300))),
                List.of("team"), now.minusSeconds(200));
        DigestId digest = seeder.digest("team", now.minusSeconds(100), true);
        seeder.record(List.of(Seeder.event(pipeline.bucket, "b", EventKind.CREATED, now.minusSeconds(30)),
                Seeder.event(pipeline.bucket, "c", EventKind.REMOVED, now.minusSeconds(20))), List.of("team"), now);

        CliRun run = pipeline.run("status", "-o", "json", "--check");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode json = run.json();
        assertThat(json.get("healthy").asBoolean()).isTrue();
        assertThat(json.get("queues")).extracting(q -> q.get("queue").asText())
                .containsExactly("ingest", "ingest-dlq", "delivery-dlq", "digest", "digest-dlq");
        JsonNode team = json.get("subscriptions").get(0);
        assertThat(team.get("subscriptionId").asText()).isEqualTo("team");
        assertThat(team.get("pending").asLong()).isEqualTo(2);
        assertThat(team.get("lastDigest").get("digestId").asText()).isEqualTo(digest.value());
        assertThat(team.get("lastDigest").get("status").asText()).isEqualTo("COMPLETE");

        // Digest ids are 40 characters since issue 10 (80 random bits): 100 columns show them whole.
        CliRun table = pipeline.columns(100).run("status");
        assertThat(table.out()).contains("Health    OK", "Queues", "Subscriptions", "team", digest.value());
        assertThat(table.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(100));
    }

    @Test
    void problems_deadLettersAndLatePending_areReported() {
        Instant now = Instant.now();
        seeder.record(List.of(Seeder.event(pipeline.bucket, "late", EventKind.CREATED, now.minusSeconds(7300))),
                List.of("team"), now.minus(Duration.ofHours(2)));
        Messages.send(pipeline.aws.sqs(), pipeline.ingestDlqUrl, "{}");
        Messages.send(pipeline.aws.sqs(), pipeline.deliveryDlqUrl,
                Messages.sns(Messages.s3(pipeline.bucket, "a.jpg", "ObjectCreated:Put")));

        CliRun run = pipeline.run("status", "--check", "-o", "json");

        assertThat(run.exitCode()).isEqualTo(1);
        List<String> problems = List.of(run.json().get("problems").toString());
        assertThat(problems.get(0)).contains("ingest-dlq holds 1 message(s)", "dlq peek ingest",
                "delivery-dlq holds 1 message(s)", "`bucket-digest dlq peek delivery`",
                "`bucket-digest dlq replay delivery`", "subscription team: 1 event(s) pending for 2h");

        CliRun table = pipeline.run("status");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).contains("Health    PROBLEMS (3)", "Problems", "delivery-dlq");
    }
}
