package io.bucketdigest.aws.sqs;

/** The digest queue's message body. Ids are restricted to [A-Za-z0-9._-], so no JSON escaping is needed. */
public final class DigestSignalMessage {

    private DigestSignalMessage() {}

    public static String toJson(String subscriptionId, String signalledAt) {
        return "{\"subscriptionId\":\"" + subscriptionId + "\",\"signalledAt\":\"" + signalledAt + "\"}";
    }
}
