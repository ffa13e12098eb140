package io.bucketdigest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SQS message bodies shaped like the ones the ingest queue receives in AWS: an SNS envelope whose {@code Message}
 * string is an S3 event notification (eventVersion 2.1) with every optional field S3 sends (versionId, sequencer,
 * eTag, size, userIdentity, requestParameters, responseElements) and a form-encoded key ('+' for space, %2B for '+',
 * %2F for '/', percent-encoded multi-byte UTF-8).
 */
public final class S3Fixtures {

    /** Decoded keys that exercise every escape the normalizer has to undo. */
    private static final String[] KEY_SHAPES = {
        "photos/2026/red flower %d.jpg",
        "reports/Q3+Q4 summary (final) %d.pdf",
        "caf\u00e9/men\u00fc-%d.txt",
        "\u65e5\u672c\u8a9e/\u30c7\u30fc\u30bf-%d.csv",
        "backups/db/2026-11-29T09:32:43Z/part-%05d.gz",
        "a/b/c/d/e/f/deep path with spaces/%d.bin",
        "emoji/\ud83d\udce6 package %d.zip",
        "logs/app/%d/stdout.log",
        "plain-%d",
        "mixed/+%%+&=?#/%d",
    };

    private static final String[] EVENT_NAMES = {
        "ObjectCreated:Put", "ObjectCreated:CompleteMultipartUpload", "ObjectRemoved:Delete", "ObjectCreated:Copy",
        "ObjectCreated:Put", "ObjectRemoved:DeleteMarkerCreated", "ObjectCreated:Post", "ObjectCreated:Put",
        "ObjectRestore:Completed", "ObjectCreated:Put",
    };

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private S3Fixtures() {}

    /** The decoded key of object {@code i}. */
    public static String key(int i) {
        return String.format(Locale.ROOT, KEY_SHAPES[i % KEY_SHAPES.length], i);
    }

    /**
     * S3 form-encodes keys but leaves '/' alone; the emulator also encodes '/' as %2F. Every fifth key uses the
     * emulator's form so both paths are measured.
     */
    public static String encodedKey(int i) {
        String encoded = URLEncoder.encode(key(i), StandardCharsets.UTF_8);
        return i % 5 == 4 ? encoded : encoded.replace("%2F", "/");
    }

    /** {@code count} SQS bodies for {@code bucket}, objects {@code first .. first+count-1}, one S3 record each. */
    public static List<String> snsBodies(String bucket, int first, int count, Instant baseTime) {
        List<String> bodies = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            bodies.add(snsBody(bucket, i, baseTime.plusMillis(i * 7L)));
        }
        return bodies;
    }

    public static String snsBody(String bucket, int i, Instant eventTime) {
        String s3Message = s3Message(bucket, i, eventTime);
        ObjectNode envelope = MAPPER.createObjectNode();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", uuid(i, 1));
        envelope.put("TopicArn", "arn:aws:sns:us-east-1:123456789012:bucket-digest-events");
        envelope.put("Subject", "Amazon S3 Notification");
        envelope.put("Message", s3Message);
        envelope.put("Timestamp", eventTime.plusMillis(150).toString());
        envelope.put("SignatureVersion", "1");
        envelope.put("Signature", "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTD"
                + "M6bkeOBRYgI/8sGcfnOxpCyb7PnOWhoVekKmHVCs4wmONGDU2F1nwpd7WZB7mRcnTJR9xuy1BAYgCg1jVQo1l/zcTBfCBwwiB3Fr8A"
                + "5JmLIsLh/wQFD6+vBWn4+Rfc5r9a6aqlWmVpowTIhl9HPTmg4R6Tw9kFL6Il0F23RPPiepVyCtdhbP5GfoHkRp6kT25Yx7Ozm"
                + "Fq3Fp+dDTwRmKCqG+fcNkFOpjgTy59AX18tH1KuwBmR8KKzjcDVXxK6yqtA/KUALcY3fbT+tw==");
        envelope.put("SigningCertURL",
                "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem");
        envelope.put("UnsubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
                + "arn:aws:sns:us-east-1:123456789012:bucket-digest-events:" + uuid(i, 2));
        return envelope.toString();
    }

    /** The S3 event notification JSON (what S3 publishes), exactly as it sits in the envelope's Message string. */
    public static String s3Message(String bucket, int i, Instant eventTime) {
        return s3Message(bucket, i, encodedKey(i), EVENT_NAMES[i % EVENT_NAMES.length], eventTime);
    }

    /** As {@link #s3Message(String, int, Instant)} for a given (already form-encoded) key and event name. */
    public static String s3Message(String bucket, int i, String encodedKey, String eventName, Instant eventTime) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", "us-east-1");
        record.put("eventTime", eventTime.toString());
        record.put("eventName", eventName);
        record.putObject("userIdentity").put("principalId", "AWS:AIDAJDPLRKLG7UEXAMPLE");
        record.putObject("requestParameters").put("sourceIPAddress", "203.0.113." + (i % 250 + 1));
        ObjectNode response = record.putObject("responseElements");
        response.put("x-amz-request-id", String.format(Locale.ROOT, "C3D13FE58DE4C8%02X", i % 256));
        response.put("x-amz-id-2", "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD");
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "bucket-digest");
        ObjectNode bucketNode = s3.putObject("bucket");
        bucketNode.put("name", bucket);
        bucketNode.putObject("ownerIdentity").put("principalId", "A3NL1KOZZKExample");
        bucketNode.put("arn", "arn:aws:s3:::" + bucket);
        ObjectNode object = s3.putObject("object");
        object.put("key", encodedKey);
        object.put("size", 1024L * (i % 4096) + 17);
        object.put("eTag", String.format(Locale.ROOT, "%032x", (long) i * 2654435761L));
        object.put("versionId", "3HL4kqtJlcpXroDTDmjVBH40Nrjfkd" + Integer.toString(i, 36));
        object.put("sequencer", String.format(Locale.ROOT, "0055AED6DCD9%08X", i));
        return root.toString();
    }

    private static String uuid(int i, int salt) {
        return String.format(Locale.ROOT, "%08x-%04x-4%03x-a%03x-%012x", i, salt, i % 4096, salt, (long) i * 31 + salt);
    }
}
