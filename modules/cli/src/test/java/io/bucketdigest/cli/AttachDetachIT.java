package io.bucketdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
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


    @Test
    void attach_withStack_printsTheDeployThatKeepsTheBucket_fromTheStacksList() {
        String other = "media-" + pipeline.suffix;
        String stack = pipeline.createStack(Map.of("AttachedBuckets", other));
        String deploy = "scripts/deploy --stack " + stack + " --region us-east-1 --parameter-overrides "
                + "AttachedBuckets=" + other + "," + bucket;

        CliRun run = pipeline.columns(100).runStack(stack, "attach", "--bucket", bucket);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(String.join(" ", run.out().split("\\s+"))).contains("Result: attached",
                "Deploys: stack " + stack + " does not list " + bucket + " in AttachedBuckets (now: " + other
                        + "), so the next deploy resets the topic policy");
        assertThat(run.lines()).contains("  " + deploy);
        assertThat(topicPolicy()).contains("BucketDigestAttach" + bucket.replace("-", ""));

        JsonNode json = pipeline.runStack(stack, "attach", "--bucket", bucket, "-o", "json").json()
                .get("attachedBuckets");
        assertThat(json.get("stack").asText()).isEqualTo(stack);
        assertThat(json.get("source").asText()).isEqualTo("stack " + stack + " output AttachedBuckets");
        assertThat(json.get("current")).extracting(JsonNode::asText).containsExactly(other);
        assertThat(json.get("listed").asBoolean()).isFalse();
        assertThat(json.get("deployCommand").asText()).isEqualTo(deploy);
    }

    @Test
    void attach_bucketTheStackListsAlready_saysSoInsteadOfADeploy() {
        String stack = pipeline.createStack(Map.of("AttachedBuckets", "media-" + pipeline.suffix + "," + bucket));

        CliRun run = pipeline.runStack(stack, "attach", "--bucket", bucket);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Deploys: stack " + stack + " lists " + bucket + " in AttachedBuckets",
                "deploys keep it attached").doesNotContain("scripts/deploy");
        JsonNode json = pipeline.runStack(stack, "attach", "--bucket", bucket, "-o", "json").json()
                .get("attachedBuckets");
        assertThat(json.get("listed").asBoolean()).isTrue();
        assertThat(json.get("deployCommand").isNull()).isTrue();
    }

    @Test
    void attach_withoutStack_printsTheDeployWithJustTheBucket_andSaysHowToGetTheList() {
        CliRun run = pipeline.run("attach", "--bucket", bucket);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.lines()).contains("  scripts/deploy --parameter-overrides AttachedBuckets=" + bucket);
        assertThat(String.join(" ", run.out().split("\\s+"))).contains("adding the buckets the stack already lists",
                "--stack NAME");
        JsonNode json = pipeline.run("attach", "--bucket", bucket, "-o", "json").json().get("attachedBuckets");
        assertThat(json.get("stack").isNull()).isTrue();
        assertThat(json.get("deployCommand").asText())
                .isEqualTo("scripts/deploy --parameter-overrides AttachedBuckets=" + bucket);
    }

    @Test
    void attachAndDetach_localPipeline_sayNothingOfDeploys() {
        Map<String, String> local = pipeline.localPipeline("digests@example.com");

        CliRun attach = pipeline.runWith(local, "attach", "--bucket", bucket);
        CliRun json = pipeline.runWith(local, "attach", "--bucket", bucket, "-o", "json");
        CliRun detach = pipeline.runWith(local, "detach", "--bucket", bucket);

        assertThat(attach.exitCode()).as(attach.toString()).isZero();
        assertThat(attach.out()).contains("Result: attached").doesNotContain("Deploys", "scripts/deploy");
        assertThat(json.json().get("attachedBuckets").isNull()).isTrue();
        assertThat(detach.out()).contains("Result: detached").doesNotContain("Deploys", "scripts/deploy");
    }

    @Test
    void detach_withStack_bucketInTheList_printsTheDeployWithoutIt() {
        String other = "media-" + pipeline.suffix;
        String listing = pipeline.createStack(Map.of("AttachedBuckets", other + "," + bucket));
        String notListing = pipeline.createStack(Map.of("AttachedBuckets", other));
        pipeline.runStack(listing, "attach", "--bucket", bucket);

        CliRun run = pipeline.runStack(listing, "detach", "--bucket", bucket);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Result: detached", "lists " + bucket + " in AttachedBuckets");
        assertThat(run.lines()).contains("  scripts/deploy --stack " + listing + " --region us-east-1 "
                + "--parameter-overrides AttachedBuckets=" + other);
        JsonNode json = pipeline.runStack(listing, "detach", "--bucket", bucket, "-o", "json").json()
                .get("attachedBuckets");
        assertThat(json.get("listed").asBoolean()).isTrue();
        assertThat(json.get("deployCommand").asText()).endsWith("AttachedBuckets=" + other);
        assertThat(pipeline.runStack(notListing, "detach", "--bucket", bucket).out())
                .contains("does not list " + bucket + " in AttachedBuckets: no deploy needed")
                .doesNotContain("scripts/deploy");
    }
}
