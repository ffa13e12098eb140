package io.bucketdigest.core.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the JSON fixtures under src/test/resources/fixtures and wraps S3 messages the way SNS does. */
public final class Fixtures {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {}

    /** The fixture's text, e.g. {@code read("s3/object-created-put.json")}. */
    public static String read(String path) {
        String resource = "/fixtures/" + path;
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The SQS body SNS delivers without raw message delivery: the standard envelope with {@code s3Message} as its
     * {@code Message} string.
     */
    public static String snsEnvelope(String s3Message, String snsMessageId) {
        ObjectNode envelope = MAPPER.createObjectNode();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", snsMessageId);
        envelope.put("TopicArn", "arn:aws:sns:us-east-1:123456789012:bucket-digest-events");
        envelope.put("Subject", "Amazon S3 Notification");
        envelope.put("Message", s3Message);
        envelope.put("Timestamp", "2026-11-29T09:32:44.512Z");
        envelope.put("SignatureVersion", "1");
        envelope.put("Signature", "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N8=");
        envelope.put("SigningCertURL",
                "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem");
        envelope.put("UnsubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
                + "arn:aws:sns:us-east-1:123456789012:bucket-digest-events:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55");
        return json(envelope);
    }

    static String json(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
