package io.bucketdigest.template;

import java.util.Optional;

/**
 * One {@code AWS::SQS::Queue}, parameter references resolved to their defaults.
 *
 * @param logicalId                     the resource's logical id, e.g. {@code IngestQueue}
 * @param visibilityTimeoutSeconds      VisibilityTimeout (SQS default 30 when absent)
 * @param messageRetentionPeriodSeconds MessageRetentionPeriod (SQS default 345600 when absent)
 * @param fifo                          FifoQueue
 * @param redrivePolicy                 where messages go after too many receives, if anywhere
 */
public record QueueSpec(
        String logicalId,
        int visibilityTimeoutSeconds,
        int messageRetentionPeriodSeconds,
        boolean fifo,
        Optional<RedrivePolicy> redrivePolicy) {

    /**
     * A queue's RedrivePolicy.
     *
     * @param deadLetterQueueLogicalId logical id of the dead-letter queue
     * @param maxReceiveCount          receives before a message moves there
     */
    public record RedrivePolicy(String deadLetterQueueLogicalId, int maxReceiveCount) {}
}
