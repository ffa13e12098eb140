package io.bucketdigest.local;

import io.bucketdigest.template.PipelineTemplate;
import io.bucketdigest.template.QueueSpec;
import io.bucketdigest.testing.AwsTestClients;
import io.bucketdigest.testing.HistoryTableFixture;
import java.net.URI;
import java.util.HashMap;
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

        String topicArn = aws.sns().createTopic(b -> b.name(settings.topic())).topicArn();
        String ingestQueueArn = arn(ingestQueueUrl);
        aws.sqs().setQueueAttributes(b -> b.queueUrl(ingestQueueUrl).attributes(Map.of(QueueAttributeName.POLICY,
                queuePolicy(ingestQueueArn, topicArn))));
        aws.sns().subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(ingestQueueArn)
                .attributes(Map.of("RawMessageDelivery", Boolean.toString(settings.rawMessageDelivery()))));

        try {
            HistoryTableFixture.create(aws.dynamoDb(), settings.table());
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
                digestQueueUrl, digestDlqUrl, settings.table(), settings.senderAddress(), settings.recipients());
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

    private static String queuePolicy(String queueArn, String topicArn) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "\"sns.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + queueArn + "\","
                + "\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\"" + topicArn + "\"}}}]}";
    }
}
