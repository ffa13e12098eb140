package io.bucketdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketdigest.testing.RequestFaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SqsException;

class DlqCommandIT {

    private static final int SEEDED = 6;
    private TestPipeline pipeline;

    @BeforeEach
    void seed() {
        pipeline = TestPipeline.create();
        var sqs = pipeline.aws.sqs();
        String dlq = pipeline.ingestDlqUrl;
        Messages.send(sqs, dlq, Messages.sns(Messages.s3("photos", "raw/a b.jpg", "ObjectCreated:Put")));
        Messages.send(sqs, dlq, Messages.sns(Messages.s3("photos", "raw/b.jpg", "ObjectRemoved:Delete")));
        Messages.send(sqs, dlq, Messages.sns(Messages.s3("photos", "edits/c.jpg", "ObjectCreated:Copy")));
        Messages.send(sqs, dlq, Messages.s3("logs", "x.log", "ObjectCreated:Put"));
        Messages.park(sqs, dlq, "this is not json", "message body is not JSON");
        Messages.send(sqs, dlq, "{\"hello\":\"world\"}");
    }

    @AfterEach
    void close() {
        pipeline.close();
    }

    @Test
    void peek_decodesMessagesAndLeavesThemVisible() {
        CliRun run = pipeline.run("dlq", "peek", "ingest", "--max", "20", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> lines = run.jsonLines();
        assertThat(lines).hasSize(SEEDED);
        Map<String, JsonNode> byKey = new HashMap<>();
        for (JsonNode line : lines) {
            if (line.get("records").size() > 0) {
                byKey.put(line.get("records").get(0).get("key").asText(), line);
            }
        }
        assertThat(byKey).containsKeys("raw/a b.jpg", "raw/b.jpg", "edits/c.jpg", "x.log");
        assertThat(byKey.get("raw/a b.jpg").get("records").get(0).get("bucket").asText()).isEqualTo("photos");
        assertThat(byKey.get("raw/b.jpg").get("records").get(0).get("eventName").asText())
                .isEqualTo("ObjectRemoved:Delete");
        assertThat(lines).extracting(l -> l.get("reason").asText(null)).contains(
                "message body is not JSON",
                "malformed: unknown message shape: neither an SNS envelope, an S3 notification with Records, nor "
                        + "s3:TestEvent");
        assertThat(pipeline.visible(pipeline.ingestDlqUrl)).isEqualTo(SEEDED);
        List<Message> again = pipeline.aws.sqs().receiveMessage(b -> b.queueUrl(pipeline.ingestDlqUrl)
                .maxNumberOfMessages(10)).messages();
        assertThat(again).isNotEmpty();
    }

    @Test
    void peek_tableAndCsv() {
        CliRun table = pipeline.columns(90).run("dlq", "peek", "ingest");
        assertThat(table.exitCode()).isZero();
        assertThat(table.lines()).hasSize(SEEDED + 1).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(90));
        assertThat(table.lines().get(0)).contains("AGE", "RECV", "BUCKET", "KEY", "EVENT", "REASON");
        assertThat(table.out()).contains("(undecodable)", "message body is not JSON", "malformed: unknow...",
                "photos");
        assertThat(pipeline.columns(250).run("dlq", "peek", "ingest").out())
                .contains("message body is not JSON", "malformed: unknown message shape");

        List<List<String>> csv = pipeline.run("dlq", "peek", "ingest", "-o", "csv").csv();
        assertThat(csv).hasSize(SEEDED + 1);
        assertThat(csv.get(0)).startsWith("message_id", "sent_at", "receive_count", "bucket", "key", "event");
        assertThat(csv.stream().skip(1).map(r -> r.get(9))).contains("this is not json");
    }

    @Test
    void peek_digestQueue_showsSubscription() {
        Messages.send(pipeline.aws.sqs(), pipeline.digestDlqUrl,
                "{\"subscriptionId\":\"team\",\"signalledAt\":\"2026-11-29T09:00:00Z\"}");

        CliRun run = pipeline.run("dlq", "peek", "digest", "-o", "json");

        assertThat(run.json().get("subscriptionId").asText()).isEqualTo("team");
        assertThat(pipeline.run("dlq", "peek", "digest").out()).contains("SUBSCRIPTION", "team");
    }

    @Test
    void peek_emptyQueue_succeeds() {
        CliRun run = pipeline.run("dlq", "peek", "digest");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("is empty");
    }

    @Test
    void stats_showsThreeDeadLetterQueuesAndEachMainQueueOnce_withDepthAndSampledAge() {
        Messages.send(pipeline.aws.sqs(), pipeline.ingestQueueUrl, "{}");
        Messages.send(pipeline.aws.sqs(), pipeline.deliveryDlqUrl,
                Messages.sns(Messages.s3("photos", "late.jpg", "ObjectCreated:Put")));

        CliRun run = pipeline.run("dlq", "stats", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.jsonLines()).extracting(l -> l.get("queue").asText())
                .containsExactly("ingest", "ingest-dlq", "delivery-dlq", "digest", "digest-dlq");
        Map<String, JsonNode> byQueue = new HashMap<>();
        run.jsonLines().forEach(l -> byQueue.put(l.get("queue").asText(), l));
        assertThat(byQueue.get("ingest").get("url").asText()).isEqualTo(pipeline.ingestQueueUrl);
        assertThat(byQueue.get("delivery-dlq").get("url").asText()).isEqualTo(pipeline.deliveryDlqUrl);
        assertThat(byQueue.get("delivery-dlq").get("visible").asInt()).isEqualTo(1);
        assertThat(byQueue.get("delivery-dlq").get("oldestAgeSource").asText()).isEqualTo("sample");
        assertThat(byQueue.get("ingest-dlq").get("visible").asInt()).isEqualTo(SEEDED);
        assertThat(byQueue.get("ingest-dlq").get("oldestAgeSource").asText()).isEqualTo("sample");
        assertThat(byQueue.get("ingest-dlq").get("oldestAgeSeconds").asLong()).isBetween(0L, 600L);
        assertThat(byQueue.get("ingest").get("visible").asInt()).isEqualTo(1);
        assertThat(byQueue.get("digest-dlq").get("visible").asInt()).isZero();
        assertThat(pipeline.visible(pipeline.ingestDlqUrl)).isEqualTo(SEEDED);

        CliRun table = pipeline.run("dlq", "stats");
        assertThat(table.lines().get(0)).contains("QUEUE", "VISIBLE", "IN FLIGHT", "DELAYED", "OLDEST");
        assertThat(table.lines()).hasSize(6);
        assertThat(pipeline.run("dlq", "stats", "-o", "csv").csv()).hasSize(6)
                .extracting(r -> r.get(0)).contains("delivery-dlq");
    }

    @Test
    void peek_deliveryQueue_decodesTheSnsEnvelopeAndRawS3Json() {
        List<String> bodies = parkOnDeliveryDlq();

        CliRun run = pipeline.run("dlq", "peek", "delivery", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.jsonLines()).hasSize(2).allSatisfy(line -> {
            JsonNode record = line.get("records").get(0);
            assertThat(record.get("bucket").asText()).isEqualTo(pipeline.bucket);
            assertThat(line.get("reason").isNull()).as("SNS records no reason").isTrue();
            assertThat(line.get("malformed").isNull()).isTrue();
        });
        Map<String, JsonNode> byKey = new HashMap<>();
        run.jsonLines().forEach(l -> byKey.put(l.get("records").get(0).get("key").asText(), l));
        assertThat(byKey).containsOnlyKeys("raw/a b.jpg", "edits/c.jpg");
        assertThat(byKey.get("raw/a b.jpg").get("body").asText()).isEqualTo(bodies.get(0)).startsWith("{")
                .contains("\"Type\"", "\"Message\"");
        assertThat(byKey.get("raw/a b.jpg").get("records").get(0).get("eventName").asText())
                .isEqualTo("ObjectCreated:Put");
        assertThat(byKey.get("edits/c.jpg").get("body").asText()).isEqualTo(bodies.get(1)).contains("\"Records\"")
                .doesNotContain("\"Type\"");

        CliRun table = pipeline.run("dlq", "peek", "delivery-dlq");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.lines().get(0)).contains("AGE", "RECV", "BUCKET", "KEY", "EVENT", "REASON");
        assertThat(table.out()).contains("raw/a b.jpg", "edits/c.jpg", "ObjectCreated:Put");
        List<List<String>> csv = pipeline.run("dlq", "peek", "delivery", "-o", "csv").csv();
        assertThat(csv).hasSize(3);
        assertThat(csv.stream().skip(1).map(r -> r.get(4))).containsExactlyInAnyOrder("raw/a b.jpg", "edits/c.jpg");
        assertThat(pipeline.visible(pipeline.deliveryDlqUrl)).isEqualTo(2);
    }

    @Test
    void replay_delivery_movesToTheIngestQueueByReceiveSendDelete_sayingWhyNotNative() {
        List<String> bodies = parkOnDeliveryDlq();

        CliRun run = pipeline.run("dlq", "replay", "delivery");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("StartMessageMoveTask does not serve a dead-letter queue whose source is an "
                + "SNS subscription; moving messages by receive/send/delete.").doesNotContain("not available here");
        assertThat(run.out()).contains("Replayed delivery-dlq -> ingest: moved 2, skipped 0, failed 0 "
                + "(receive/send/delete).");
        assertThat(pipeline.visible(pipeline.deliveryDlqUrl)).isZero();
        assertThat(receiveAll(pipeline.ingestQueueUrl)).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(pipeline.visible(pipeline.ingestDlqUrl)).as("the ingest DLQ is not touched").isEqualTo(SEEDED);
        assertThat(pipeline.visible(pipeline.digestQueueUrl)).isZero();
    }

    @Test
    void replay_delivery_bucketAndPrefixFilters() {
        List<String> bodies = parkOnDeliveryDlq();

        CliRun other = pipeline.run("dlq", "replay", "delivery", "--bucket", "photos", "-o", "json");
        assertThat(other.json().get("moved").asLong()).isZero();
        assertThat(other.json().get("skipped").asLong()).isEqualTo(2);

        CliRun dryRun = pipeline.run("dlq", "replay", "delivery", "--key-prefix", "raw/", "--dry-run");
        assertThat(dryRun.out()).contains("raw/a b.jpg", "Dry run delivery-dlq -> ingest: would move 1, skipped 1")
                .doesNotContain("edits/c.jpg");

        CliRun run = pipeline.run("dlq", "replay", "delivery", "--bucket", pipeline.bucket, "--key-prefix", "raw/",
                "-o", "json");
        JsonNode summary = run.json();
        assertThat(summary.get("queue").asText()).isEqualTo("delivery-dlq -> ingest");
        assertThat(summary.get("method").asText()).isEqualTo("receive/send/delete");
        assertThat(summary.get("moved").asLong()).isEqualTo(1);
        assertThat(summary.get("skipped").asLong()).isEqualTo(1);
        assertThat(receiveAll(pipeline.ingestQueueUrl)).containsExactly(bodies.get(0));
        assertThat(pipeline.visible(pipeline.deliveryDlqUrl)).isEqualTo(1);
    }

    @Test
    void replay_bucketAndPrefixFilter_movesOnlyMatchesAndLeavesTheRest() {
        CliRun run = pipeline.run("dlq", "replay", "ingest", "--bucket", "photos", "--key-prefix", "raw/");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("moved 2, skipped 4, failed 0 (receive/send/delete)");
        assertThat(pipeline.visible(pipeline.ingestDlqUrl)).isEqualTo(SEEDED - 2);
        List<String> bodies = receiveAll(pipeline.ingestQueueUrl);
        assertThat(bodies).hasSize(2).allSatisfy(b -> assertThat(b).contains("photos").contains("raw%2F"));
    }

    @Test
    void replay_dryRun_listsAndMovesNothing() {
        CliRun run = pipeline.run("dlq", "replay", "ingest", "--bucket", "photos", "--dry-run", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> lines = run.jsonLines();
        assertThat(lines.stream().filter(l -> l.has("messageId") && l.get("wouldMove").asBoolean())).hasSize(3);
        JsonNode summary = lines.get(lines.size() - 1);
        assertThat(summary.get("dryRun").asBoolean()).isTrue();
        assertThat(summary.get("wouldMove").asLong()).isEqualTo(3);
        assertThat(summary.get("skipped").asLong()).isEqualTo(3);
        assertThat(summary.get("moved").asLong()).isZero();
        assertThat(pipeline.visible(pipeline.ingestDlqUrl)).isEqualTo(SEEDED);
        assertThat(pipeline.visible(pipeline.ingestQueueUrl)).isZero();

        CliRun table = pipeline.run("dlq", "replay", "ingest", "--key-prefix", "raw/", "--dry-run");
        assertThat(table.out()).contains("raw/a b.jpg", "raw/b.jpg",
                "Dry run ingest-dlq -> ingest: would move 2, skipped 4");
    }

    @Test
    void replay_max_movesExactlyThatMany() {
        CliRun run = pipeline.run("dlq", "replay", "ingest", "--max", "2", "-o", "json");

        JsonNode summary = run.json();
        assertThat(summary.get("moved").asLong()).isEqualTo(2);
        assertThat(summary.get("method").asText()).isEqualTo("receive/send/delete");
        assertThat(pipeline.visible(pipeline.ingestDlqUrl)).isEqualTo(SEEDED - 2);
        assertThat(receiveAll(pipeline.ingestQueueUrl)).hasSize(2);
    }

    @Test
    void replay_rate_spacesTheSends() {
        long started = System.nanoTime();
        CliRun run = pipeline.run("dlq", "replay", "ingest", "--rate", "4/s", "--no-native", "-o", "json");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(run.json().get("moved").asLong()).isEqualTo(SEEDED);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis((SEEDED - 1) * 250 - 50));
    }

    @Test
    void replay_noFilterOnMoto_fallsBackFromNativeAndMovesEverything() {
        CliRun run = pipeline.run("dlq", "replay", "ingest");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("is not available here", "receive/send/delete");
        assertThat(run.out()).contains("moved 6, skipped 0, failed 0");
        assertThat(pipeline.visible(pipeline.ingestDlqUrl)).isZero();
        List<String> bodies = receiveAll(pipeline.ingestQueueUrl);
        assertThat(bodies).hasSize(SEEDED).contains("this is not json", "{\"hello\":\"world\"}");
    }

    @Test
    void replay_keepsMessageAttributes() {
        pipeline.run("dlq", "replay", "ingest", "--no-native");

        List<Message> moved = new ArrayList<>();
        for (int i = 0; i < 3 && moved.size() < SEEDED; i++) {
            moved.addAll(pipeline.aws.sqs().receiveMessage(b -> b.queueUrl(pipeline.ingestQueueUrl)
                    .maxNumberOfMessages(10).messageAttributeNames("All").visibilityTimeout(60)).messages());
        }
        assertThat(moved).filteredOn(m -> m.body().equals("this is not json")).singleElement()
                .satisfies(m -> assertThat(m.messageAttributes()).containsKey("bucket-digest-failure-reason"));
    }

    @Test
    void replay_ageFilters() {
        CliRun older = pipeline.run("dlq", "replay", "ingest", "--older-than", "1h", "-o", "json");
        assertThat(older.json().get("moved").asLong()).isZero();
        assertThat(older.json().get("skipped").asLong()).isEqualTo(SEEDED);

        CliRun newer = pipeline.run("dlq", "replay", "ingest", "--newer-than", "1h", "--bucket", "logs", "-o",
                "json");
        assertThat(newer.json().get("moved").asLong()).isEqualTo(1);
        assertThat(pipeline.visible(pipeline.ingestDlqUrl)).isEqualTo(SEEDED - 1);
    }

    @Test
    void replay_sendFailure_keepsTheMessageAndExitsOne() {
        RequestFaults faults = new RequestFaults().failWhen(
                r -> r instanceof SendMessageRequest s && s.messageBody().contains("x.log"),
                () -> SqsException.builder().statusCode(500).message("injected").build());

        CliRun run = pipeline.interceptors(faults).run("dlq", "replay", "ingest", "--no-native");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("moved 5, skipped 0, failed 1", "not sent");
        pipeline.interceptors();
        assertThat(pipeline.visible(pipeline.ingestDlqUrl)).isEqualTo(1);
        assertThat(receiveAll(pipeline.ingestQueueUrl)).hasSize(5);
    }

    @Test
    void replay_interrupted_losesNothing() throws Exception {
        StopSignal stop = StopSignal.manual();
        CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> pipeline.stopSignal(stop)
                .run("dlq", "replay", "ingest", "--rate", "3/s", "--no-native"));
        Thread.sleep(900);
        stop.request();
        CliRun run = running.get();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(130);
        assertThat(run.out()).contains("Interrupted ingest-dlq -> ingest");
        int inDlq = pipeline.visible(pipeline.ingestDlqUrl);
        int moved = receiveAll(pipeline.ingestQueueUrl).size();
        assertThat(moved).isBetween(1, SEEDED - 1);
        assertThat(inDlq + moved).isEqualTo(SEEDED);
    }

    @Test
    void replay_digestQueueWithS3Filters_isUsageError() {
        CliRun run = pipeline.run("dlq", "replay", "digest", "--bucket", "photos");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("digest signals carry none");
    }

    @Test
    void unknownQueue_isUsageError() {
        CliRun run = pipeline.run("dlq", "peek", "ingress");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("use ingest, delivery or digest");
    }

    @Test
    void missingQueue_isResourceErrorNamingQueueAndFix() {
        Map<String, String> env = new HashMap<>(pipeline.env());
        env.put("INGEST_DLQ_URL", pipeline.endpoint() + "/123456789012/no-such-queue");

        CliRun run = pipeline.runWith(env, "dlq", "peek", "ingest");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).contains("no-such-queue does not exist", "$INGEST_DLQ_URL", "--ingest-dlq-url");
    }

    @Test
    void unconfiguredQueue_isResourceErrorWithEveryWayToConfigureIt() {
        Map<String, String> env = new HashMap<>(pipeline.env());
        env.remove("DIGEST_DLQ_URL");

        CliRun run = pipeline.runWith(env, "dlq", "peek", "digest");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("no digest dead-letter queue configured", "--digest-dlq-url",
                "DIGEST_DLQ_URL", "--stack NAME", "local pipeline");
    }

    /**
     * Parks on the delivery dead-letter queue what SNS would park there: the notifications S3 published for real
     * uploads, once in the SNS envelope ({@code raw/a b.jpg}) and once raw ({@code edits/c.jpg}, as with
     * RawMessageDelivery). moto never fails a delivery, so the dead-letter queue is subscribed to the topic itself
     * while each upload happens. Returns the two bodies in that order.
     */
    private List<String> parkOnDeliveryDlq() {
        var aws = pipeline.aws;
        String dlqArn = aws.sqs().getQueueAttributes(b -> b.queueUrl(pipeline.deliveryDlqUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        aws.s3().putBucketNotificationConfiguration(b -> b.bucket(pipeline.bucket).notificationConfiguration(n -> n
                .topicConfigurations(TopicConfiguration.builder().topicArn(pipeline.topicArn)
                        .events(Event.S3_OBJECT_CREATED).build())));
        for (var upload : List.of(Map.entry("raw/a b.jpg", false), Map.entry("edits/c.jpg", true))) {
            String subscription = aws.sns().subscribe(b -> b.topicArn(pipeline.topicArn).protocol("sqs")
                    .endpoint(dlqArn).attributes(Map.of("RawMessageDelivery", upload.getValue().toString())))
                    .subscriptionArn();
            aws.s3().putObject(b -> b.bucket(pipeline.bucket).key(upload.getKey()), RequestBody.fromString("x"));
            aws.sns().unsubscribe(b -> b.subscriptionArn(subscription));
        }
        List<Message> parked = new ArrayList<>();
        for (int attempt = 0; attempt < 5 && parked.size() < 2; attempt++) {
            parked.addAll(aws.sqs().receiveMessage(b -> b.queueUrl(pipeline.deliveryDlqUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(30)).messages());
        }
        assertThat(parked).as("one notification per upload").hasSize(2);
        for (Message message : parked) {
            aws.sqs().changeMessageVisibility(b -> b.queueUrl(pipeline.deliveryDlqUrl)
                    .receiptHandle(message.receiptHandle()).visibilityTimeout(0));
        }
        String envelope = parked.stream().map(Message::body).filter(body -> body.contains("\"TopicArn\""))
                .findFirst().orElseThrow();
        String raw = parked.stream().map(Message::body).filter(body -> !body.equals(envelope)).findFirst()
                .orElseThrow();
        return List.of(envelope, raw);
    }

    private List<String> receiveAll(String queueUrl) {
        List<String> bodies = new ArrayList<>();
        for (int empty = 0; empty < 2; ) {
            List<Message> batch = pipeline.aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(120)).messages();
            if (batch.isEmpty()) {
                empty++;
            }
            batch.forEach(m -> bodies.add(m.body()));
        }
        return bodies;
    }
}
