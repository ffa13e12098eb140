package io.bucketdigest.core.sender;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.core.time.SortableTime;
import java.time.Instant;

/**
 * The digest queue's message body, {@code {"subscriptionId":"...","signalledAt":"..."}}, written and read in one place.
 * One rule for a missing {@code signalledAt}: it reads as {@link Instant#EPOCH}, the oldest possible signal, so a
 * hand-made signal never supersedes a real one.
 */
public final class DigestSignalCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SUBSCRIPTION_ID = "subscriptionId";
    private static final String SIGNALLED_AT = "signalledAt";

    private DigestSignalCodec() {}

    public static String encode(String subscriptionId, Instant signalledAt) {
        if (!Subscription.isValidId(subscriptionId)) {
            throw new IllegalArgumentException("not a subscription id: " + subscriptionId);
        }
        ObjectNode body = MAPPER.createObjectNode()
                .put(SUBSCRIPTION_ID, subscriptionId)
                .put(SIGNALLED_AT, SortableTime.format(signalledAt));
        return body.toString();
    }

    /** @throws MalformedSignalException naming what is wrong */
    public static DigestSignal decode(String body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body == null ? "" : body);
        } catch (Exception e) {
            throw new MalformedSignalException("digest signal is not JSON");
        }
        if (node == null || !node.isObject() || !node.path(SUBSCRIPTION_ID).isTextual()) {
            throw new MalformedSignalException("digest signal has no subscriptionId");
        }
        if (!Subscription.isValidId(node.get(SUBSCRIPTION_ID).asText())) {
            throw new MalformedSignalException("digest signal has an invalid subscriptionId");
        }
        Instant signalledAt;
        try {
            signalledAt = node.hasNonNull(SIGNALLED_AT) ? Instant.parse(node.get(SIGNALLED_AT).asText()) : Instant.EPOCH;
        } catch (RuntimeException e) {
            throw new MalformedSignalException("digest signal has an unparseable signalledAt");
        }
        return new DigestSignal(node.get(SUBSCRIPTION_ID).asText(), signalledAt);
    }

    public static final class MalformedSignalException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MalformedSignalException(String message) {
            super(message);
        }
    }
}
