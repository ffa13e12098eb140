package io.bucketdigest.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.MotoServer;
import io.bucketdigest.template.PipelineTemplate;
import io.bucketdigest.template.QueueSpec;
import io.bucketdigest.testing.SharedMoto;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** What the local pipeline provisions on moto, checked against template.yaml, without starting the pipeline. */
class ProvisionerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private final PipelineTemplate template = PipelineTemplate.load();
    private MotoServer moto;
    private AwsTestClients aws;
    private LocalSettings settings;

    @BeforeEach
    void clients() {
        moto = SharedMoto.get();
        aws = new AwsTestClients(moto.endpoint());
        settings = LocalSettings.fromEnvironment(Map.of(
                "LOCAL_NAME_PREFIX", "prov-" + UUID.randomUUID().toString().substring(0, 8),
                "BUCKET_DIGEST_HOME", home.toString()));
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void provision_deliveryDlq_isTheTemplatesQueue_andTheSubscriptionRedrivesToIt() throws Exception {
        LocalResources resources = new Provisioner(aws, template, settings).provision(moto.endpoint());

        assertThat(resources.deliveryDlqUrl()).endsWith("/" + settings.deliveryDlq());
        QueueSpec spec = template.queue("TopicDeliveryDlq");
        Map<QueueAttributeName, String> dlq = attributes(resources.deliveryDlqUrl());
        assertThat(dlq.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD))
                .isEqualTo(Integer.toString(spec.messageRetentionPeriodSeconds()));
        assertThat(dlq.get(QueueAttributeName.VISIBILITY_TIMEOUT))
                .isEqualTo(Integer.toString(spec.visibilityTimeoutSeconds()));
        assertThat(dlq).doesNotContainKey(QueueAttributeName.REDRIVE_POLICY);

        Subscription subscription = onlySubscription(resources.topicArn());
        assertThat(subscription.endpoint()).isEqualTo(arn(resources.ingestQueueUrl()));
        Map<String, String> subscriptionAttributes = aws.sns().getSubscriptionAttributes(b -> b
                .subscriptionArn(subscription.subscriptionArn())).attributes();
        assertThat(JSON.readTree(subscriptionAttributes.get("RedrivePolicy")).get("deadLetterTargetArn").asText())
                .isEqualTo(dlq.get(QueueAttributeName.QUEUE_ARN));
        assertThat(subscriptionAttributes.get("RawMessageDelivery")).isEqualTo("false");
    }

    @Test
    void provision_queuePolicy_letsTheTopicSendToTheIngestQueueAndTheDeliveryDlq() throws Exception {
        LocalResources resources = new Provisioner(aws, template, settings).provision(moto.endpoint());

        List<String> both = List.of(arn(resources.ingestQueueUrl()), arn(resources.deliveryDlqUrl()));
        for (String queueUrl : List.of(resources.ingestQueueUrl(), resources.deliveryDlqUrl())) {
            JsonNode statement = JSON.readTree(attributes(queueUrl).get(QueueAttributeName.POLICY))
                    .get("Statement").get(0);
            assertThat(statement.get("Principal").get("Service").asText()).isEqualTo("sns.amazonaws.com");
            assertThat(statement.get("Action").asText()).isEqualTo("sqs:SendMessage");
            assertThat(statement.get("Resource")).extracting(JsonNode::asText).containsExactlyElementsOf(both);
            assertThat(statement.get("Condition").get("ArnEquals").get("aws:SourceArn").asText())
                    .isEqualTo(resources.topicArn());
        }
    }

    @Test
    void provision_again_isSafeAndGivesTheSameResources() {
        LocalResources first = new Provisioner(aws, template, settings).provision(moto.endpoint());

        LocalResources second = new Provisioner(aws, template, settings).provision(moto.endpoint());

        assertThat(second).isEqualTo(first);
        assertThat(onlySubscription(first.topicArn()).subscriptionArn()).isNotBlank();
    }

    private Subscription onlySubscription(String topicArn) {
        List<Subscription> subscriptions = aws.sns().listSubscriptionsByTopic(b -> b.topicArn(topicArn))
                .subscriptions();
        assertThat(subscriptions).hasSize(1);
        return subscriptions.get(0);
    }

    private Map<QueueAttributeName, String> attributes(String queueUrl) {
        return aws.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL))
                .attributes();
    }

    private String arn(String queueUrl) {
        return attributes(queueUrl).get(QueueAttributeName.QUEUE_ARN);
    }
}
