package io.bucketdigest.cli.config;

/**
 * A named resource of the pipeline, and every place its name can come from, in precedence order. The variables of
 * the sender and the configuration set are the digest function's own ({@code SENDER_ADDRESS},
 * {@code SES_CONFIGURATION_SET}); the local pipeline has no configuration set.
 */
public enum ResourceKind {
    TABLE("history table", "--table", "HISTORY_TABLE", "HistoryTableName", "historyTable"),
    INGEST_QUEUE("ingest queue", "--ingest-queue-url", "INGEST_QUEUE_URL", "IngestQueueUrl", "ingestQueueUrl"),
    INGEST_DLQ("ingest dead-letter queue", "--ingest-dlq-url", "INGEST_DLQ_URL", "IngestDlqUrl", "ingestDlqUrl"),
    DELIVERY_DLQ("SNS delivery dead-letter queue", "--delivery-dlq-url", "DELIVERY_DLQ_URL", "TopicDeliveryDlqUrl",
            "deliveryDlqUrl"),
    DIGEST_QUEUE("digest queue", "--digest-queue-url", "DIGEST_QUEUE_URL", "DigestQueueUrl", "digestQueueUrl"),
    DIGEST_DLQ("digest dead-letter queue", "--digest-dlq-url", "DIGEST_DLQ_URL", "DigestDlqUrl", "digestDlqUrl"),
    TOPIC("notification topic", "--topic-arn", "TOPIC_ARN", "TopicArn", "topicArn"),
    BUCKET("watched bucket", "--bucket-name", "BUCKET_NAME", "BucketName", "bucket"),
    SENDER("sender address", "--sender", "SENDER_ADDRESS", "SenderAddress", "sender"),
    CONFIGURATION_SET("SES configuration set", "--configuration-set", "SES_CONFIGURATION_SET", "ConfigurationSetName",
            "configurationSet");

    private final String label;
    private final String flag;
    private final String variable;
    private final String stackOutput;
    private final String localField;

    ResourceKind(String label, String flag, String variable, String stackOutput, String localField) {
        this.label = label;
        this.flag = flag;
        this.variable = variable;
        this.stackOutput = stackOutput;
        this.localField = localField;
    }

    public String label() {
        return label;
    }

    public String flag() {
        return flag;
    }

    public String variable() {
        return variable;
    }

    public String stackOutput() {
        return stackOutput;
    }

    public String localField() {
        return localField;
    }
}
