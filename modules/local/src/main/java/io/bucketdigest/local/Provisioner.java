package io.bucketdigest.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bucketdigest.aws.dynamodb.HistoryTable;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import io.bucketdigest.template.PipelineTemplate;
import io.bucketdigest.template.QueueSpec;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates, through the SDK, the resources template.yaml deploys, with the queue settings read from the template.
 * Re-running against an emulator that already has them is safe.
 */
final class Provisioner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsTestClients aws;
    private final PipelineTemplate template;
    private final LocalSettings settings;

    Provisioner(AwsTestClients aws, PipelineTemplate template, LocalSettings settings) {
        this.aws = aws;
        this.template = template;
        this.settings = settings;
    }

    LocalResources provision(URI endpoint) {
        String ingestDlqUrl = createQueue(settings.ingestDlq(), template.queue("IngestDlq"), null);
        String ingestQueueUrl = createQueue(settings.ingestQueue(), template.queue("IngestQueue"), arn(ingestDlqUrl));
        String digestDlqUrl = createQueue(settings.digestDlq(), template.queue("DigestDlq"), null);
        String digestQueueUrl = createQueue(settings.digestQueue(), template.queue("DigestQueue"), arn(digestDlqUrl));
        String deliveryDlqUrl = createQueue(settings.deliveryDlq(), template.queue("TopicDeliveryDlq"), null);

        String topicArn = aws.sns().createTopic(b -> b.name(settings.topic())).topicArn();
        String ingestQueueArn = arn(ingestQueueUrl);
        String deliveryDlqArn = arn(deliveryDlqUrl);
        // As IngestQueuePolicy: one document on both queues, so SNS may send to the ingest queue and, when it gives
        // up on it, to the delivery dead-letter queue.
        String policy = queuePolicy(List.of(ingestQueueArn, deliveryDlqArn), topicArn);
        for (String queueUrl : List.of(ingestQueueUrl, deliveryDlqUrl)) {
            aws.sqs().setQueueAttributes(b -> b.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY,
                    policy)));
        }
        String subscriptionArn = aws.sns().subscribe(b -> b.topicArn(topicArn).protocol("sqs")
                .endpoint(ingestQueueArn)
                .attributes(Map.of("RawMessageDelivery", Boolean.toString(settings.rawMessageDelivery()))))
                .subscriptionArn();
        // Set apart from Subscribe, so a subscription an earlier run made without it gets it too. moto stores it and
        // never uses it (no delivery fails there); it keeps the local stack the template's shape.
        aws.sns().setSubscriptionAttributes(b -> b.subscriptionArn(subscriptionArn).attributeName("RedrivePolicy")
                .attributeValue(subscriptionRedrivePolicy(deliveryDlqArn)));

        try {
            HistoryTable.create(aws.dynamoDb(), settings.table());
        } catch (ResourceInUseException alreadyThere) {
            // Provisioned by an earlier run against the same emulator.
        }

        try {
            aws.s3().createBucket(b -> b.bucket(settings.bucket()));
        } catch (BucketAlreadyOwnedByYouException alreadyThere) {
            // Same as above.
        }
        aws.s3().putBucketNotificationConfiguration(b -> b.bucket(settings.bucket()).notificationConfiguration(n -> n
                .topicConfigurations(TopicConfiguration.builder().topicArn(topicArn)
                        .events(Event.S3_OBJECT_CREATED, Event.S3_OBJECT_REMOVED, Event.S3_OBJECT_RESTORE)
                        .build())));

        aws.ses().createEmailIdentity(b -> b.emailIdentity(settings.senderAddress()));

        return new LocalResources(endpoint, "us-east-1", settings.bucket(), topicArn, ingestQueueUrl, ingestDlqUrl,
                deliveryDlqUrl, digestQueueUrl, digestDlqUrl, settings.table(), settings.senderAddress(),
                settings.recipients());
    }

    private String createQueue(String name, QueueSpec spec, String deadLetterArn) {
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(spec.visibilityTimeoutSeconds()));
        attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                Integer.toString(spec.messageRetentionPeriodSeconds()));
        if (deadLetterArn != null) {
            int maxReceiveCount = spec.redrivePolicy().orElseThrow(() -> new IllegalStateException(
                    "template.yaml gives queue " + spec.logicalId() + " no RedrivePolicy")).maxReceiveCount();
            attributes.put(QueueAttributeName.REDRIVE_POLICY,
                    "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}");
        }
        return aws.sqs().createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    private String arn(String queueUrl) {
        return aws.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    static String queuePolicy(List<String> queueArns, String topicArn) {
        ObjectNode policy = JSON.createObjectNode();
        policy.put("Version", "2012-10-17");
        ObjectNode statement = policy.putArray("Statement").addObject();
        statement.put("Sid", "TopicDelivery");
        statement.put("Effect", "Allow");
        statement.putObject("Principal").put("Service", "sns.amazonaws.com");
        statement.put("Action", "sqs:SendMessage");
        queueArns.forEach(statement.putArray("Resource")::add);
        statement.putObject("Condition").putObject("ArnEquals").put("aws:SourceArn", topicArn);
        return policy.toString();
    }

    static String subscriptionRedrivePolicy(String deadLetterArn) {
        return JSON.createObjectNode().put("deadLetterTargetArn", deadLetterArn).toString();
    }
}
