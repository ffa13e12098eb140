package io.bucketdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketdigest.aws.dynamodb.DynamoDbMailEvents;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.mail.MailEvent;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    @Test
    void aBouncedLastDigest_isAProblemNamingTheAddressAndTheFix() {
        Instant now = Instant.now();
        seeder.record(List.of(Seeder.event(pipeline.bucket, "a", EventKind.CREATED, now.minusSeconds(300))),
                List.of("team"), now.minusSeconds(200));
        DigestId digest = seeder.digest("team", now.minusSeconds(100), true);
        new DynamoDbMailEvents(pipeline.aws.dynamoDb(), pipeline.table, Duration.ofDays(90), Clock.systemUTC())
                .record(new MailEvent(digest, MailEvent.Type.BOUNCE, "t@example.com", now.minusSeconds(90),
                        "Permanent/OnAccountSuppressionList"));

        CliRun run = pipeline.run("status", "--check", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.json().get("problems").toString()).contains("subscription team: last digest " + digest.value()
                + " bounced for t@example.com", "`bucket-digest digests show " + digest.value() + "`",
                "`bucket-digest subscriptions update team --recipient ...`");
    }

    @Test
    void withStack_attachedBucketsThatLostTheirWay_areProblemsNamingTheFix() {
        String fine = "fine-" + pipeline.suffix;
        String lost = "lost-" + pipeline.suffix;
        String uncovered = "uncovered-" + pipeline.suffix;
        String byHand = "byhand-" + pipeline.suffix;
        for (String bucket : List.of(fine, lost, uncovered, byHand)) {
            pipeline.aws.s3().createBucket(b -> b.bucket(bucket));
        }
        for (String bucket : List.of(fine, lost, byHand)) {
            assertThat(pipeline.run("attach", "--bucket", bucket).exitCode()).isZero();
        }
        assertThat(pipeline.run("attach", "--bucket", uncovered, "--no-topic-policy").exitCode()).isZero();
        pipeline.aws.s3().putBucketNotificationConfiguration(b -> b.bucket(lost).notificationConfiguration(n -> { }));
        String stack = pipeline.createStack(Map.of("AttachedBuckets", String.join(",", fine, lost, uncovered)));

        CliRun run = pipeline.runStack(stack, "status", "--check", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        List<String> problems = new ArrayList<>();
        run.json().get("problems").forEach(p -> problems.add(p.asText()));
        assertThat(problems).hasSize(3);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("attached bucket " + lost + " (in AttachedBuckets) "
                + "no longer publishes to the topic", "`bucket-digest --stack " + stack + " attach --bucket " + lost
                + "`"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("the topic policy no longer lets S3 publish for "
                + "attached bucket " + uncovered, "`bucket-digest --stack " + stack + " attach --bucket " + uncovered
                + "`"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("bucket " + byHand + " was attached by hand "
                + "(topic policy statement BucketDigestAttach" + byHand.replace("-", "") + ")",
                "does not list it: the next deploy drops the statement",
                "`scripts/deploy --stack " + stack + " --region us-east-1 --parameter-overrides AttachedBuckets="
                        + String.join(",", fine, lost, uncovered, byHand) + "`",
                "`bucket-digest --stack " + stack + " detach --bucket " + byHand + "`"));
        assertThat(problems).noneMatch(p -> p.contains("attached bucket " + fine));
        JsonNode attached = run.json().get("attachedBuckets");
        assertThat(attached).extracting(a -> a.get("bucket").asText()).containsExactly(fine, lost, uncovered, byHand);
        assertThat(attached.get(1).get("notifications").asText()).isEqualTo("missing");
        assertThat(attached.get(2).get("topicPolicy").asText()).isEqualTo("missing");
        assertThat(attached.get(3).get("listed").asBoolean()).isFalse();

        CliRun table = pipeline.columns(100).runStack(stack, "status");
        assertThat(table.out()).contains("Health    PROBLEMS (3)", "Attached buckets (stack " + stack
                + " output AttachedBuckets)", "MISSING");
        assertThat(table.lines()).filteredOn(l -> !l.contains("`")).allSatisfy(l ->
                assertThat(l.length()).isLessThanOrEqualTo(100));
    }

    @Test
    void withoutStack_attachedBucketsAreNotChecked() {
        CliRun run = pipeline.run("status", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.json().get("attachedBuckets").isNull()).isTrue();
        assertThat(pipeline.run("status").out()).doesNotContain("Attached buckets");
    }
}
