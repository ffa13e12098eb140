package io.bucketdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.NotificationConfigurationFilter;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.S3KeyFilter;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class AttachDetachIT {

    private TestPipeline pipeline;
    private String bucket;
    private String otherQueueArn;

    @BeforeEach
    void create() {
        pipeline = TestPipeline.create();
        bucket = "legacy-" + pipeline.suffix;
        pipeline.aws.s3().createBucket(b -> b.bucket(bucket));
        String url = pipeline.aws.sqs().createQueue(b -> b.queueName("other-" + pipeline.suffix)).queueUrl();
        otherQueueArn = pipeline.aws.sqs().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    @AfterEach
    void close() {
        pipeline.close();
    }

    private void existing(String id, String event, String prefix) {
        QueueConfiguration.Builder queue = QueueConfiguration.builder().id(id).queueArn(otherQueueArn)
                .eventsWithStrings(event);
        if (prefix != null) {
            queue.filter(NotificationConfigurationFilter.builder().key(S3KeyFilter.builder()
                    .filterRules(FilterRule.builder().name("prefix").value(prefix).build()).build()).build());
        }
        pipeline.aws.s3().putBucketNotificationConfiguration(b -> b.bucket(bucket)
                .notificationConfiguration(n -> n.queueConfigurations(queue.build())));
    }

    private GetBucketNotificationConfigurationResponse configuration() {
        return pipeline.aws.s3().getBucketNotificationConfiguration(b -> b.bucket(bucket));
    }

    private String topicPolicy() {
        return pipeline.aws.sns().getTopicAttributes(b -> b.topicArn(pipeline.topicArn)).attributes()
                .getOrDefault("Policy", "");
    }

    @Test
    void attach_mergesWithExistingConfigurations_andAllowsTheBucketOnTheTopic() {
        existing("tags-to-queue", "s3:ObjectTagging:*", null);

        CliRun run = pipeline.run("attach", "--bucket", bucket, "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode json = run.json();
        assertThat(json.get("before")).hasSize(1);
        assertThat(json.get("after")).hasSize(2);
        assertThat(json.get("result").asText()).isEqualTo("attached");
        GetBucketNotificationConfigurationResponse after = configuration();
        assertThat(after.queueConfigurations()).singleElement()
                .satisfies(q -> assertThat(q.id()).isEqualTo("tags-to-queue"));
        assertThat(after.topicConfigurations()).singleElement().satisfies(t -> {
            assertThat(t.topicArn()).isEqualTo(pipeline.topicArn);
            assertThat(t.eventsAsStrings()).containsExactlyInAnyOrder("s3:ObjectCreated:*", "s3:ObjectRemoved:*",
                    "s3:ObjectRestore:*");
        });
        assertThat(topicPolicy()).contains("BucketDigestAttach" + bucket.replace("-", ""), "arn:aws:s3:::" + bucket);

        CliRun again = pipeline.run("attach", "--bucket", bucket);
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("already attached; nothing to change", "unchanged (already lets S3");
    }

    @Test
    void attach_overlappingConfiguration_isRefusedAndChangesNothing() {
        existing("raw-uploads", "s3:ObjectCreated:Put", "raw/");

        CliRun run = pipeline.run("attach", "--bucket", bucket);

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).contains("cannot attach s3://" + bucket, "queue configuration 'raw-uploads'",
                "s3:ObjectCreated:* / s3:ObjectCreated:Put", "--prefix");
        assertThat(configuration().topicConfigurations()).isEmpty();
        assertThat(configuration().queueConfigurations()).hasSize(1);
        assertThat(topicPolicy()).doesNotContain("BucketDigestAttach");

        CliRun narrowed = pipeline.run("attach", "--bucket", bucket, "--prefix", "processed/");
        assertThat(narrowed.exitCode()).as(narrowed.toString()).isZero();
        assertThat(configuration().topicConfigurations()).hasSize(1);
        assertThat(configuration().queueConfigurations()).hasSize(1);
    }

    @Test
    void attach_dryRun_showsBeforeAndAfterAndChangesNothing() {
        existing("tags-to-queue", "s3:ObjectTagging:*", null);

        CliRun run = pipeline.columns(160).run("attach", "--bucket", bucket, "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Before:", "After:", "tags-to-queue", "s3:ObjectCreated:*",
                "would add statement", "dry run: nothing was changed");
        assertThat(run.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(160));
        assertThat(configuration().topicConfigurations()).isEmpty();
        assertThat(topicPolicy()).doesNotContain("BucketDigestAttach");
    }

    @Test
    void detach_removesOnlyOurs() {
        existing("tags-to-queue", "s3:ObjectTagging:*", null);
        pipeline.run("attach", "--bucket", bucket, "--events", "ObjectCreated:*");

        CliRun dry = pipeline.run("detach", "--bucket", bucket, "--dry-run", "-o", "json");
        assertThat(dry.json().get("after")).hasSize(1);
        assertThat(configuration().topicConfigurations()).hasSize(1);

        CliRun run = pipeline.run("detach", "--bucket", bucket);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Result: detached", "removed statement");
        assertThat(configuration().topicConfigurations()).isEmpty();
        assertThat(configuration().queueConfigurations()).singleElement()
                .satisfies(q -> assertThat(q.id()).isEqualTo("tags-to-queue"));
        assertThat(topicPolicy()).doesNotContain("BucketDigestAttach");
        assertThat(pipeline.run("detach", "--bucket", bucket).out()).contains("not attached; nothing to change");
    }

    @Test
    void attach_missingBucket_isResourceError() {
        CliRun run = pipeline.run("attach", "--bucket", "no-such-bucket-" + pipeline.suffix);

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("Bucket no-such-bucket-" + pipeline.suffix + " does not exist");
    }

    @Test
    void attach_badEventName_isUsageError() {
        assertThat(pipeline.run("attach", "--bucket", bucket, "--events", "created!").exitCode()).isEqualTo(2);
        assertThat(pipeline.run("attach").exitCode()).isEqualTo(2);
    }

}
