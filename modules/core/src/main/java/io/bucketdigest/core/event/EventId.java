package io.bucketdigest.core.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Deterministic identity of one S3 event: the same S3 record delivered twice, in any SQS message, yields the same id.
 * It is a hash of the fields S3 sets once per event, never of delivery details (message id, receive time).
 */
public record EventId(String value) {

    private static final HexFormat HEX = HexFormat.of();

    public EventId {
        Objects.requireNonNull(value, "value");
        if (value.length() != 32) {
            throw new IllegalArgumentException("event id must be 32 hex characters: " + value);
        }
    }

    public static EventId of(
            String region,
            String bucket,
            String key,
            String eventName,
            Instant eventTime,
            String versionId,
            String sequencer,
            String eTag,
            Long size) {
        MessageDigest sha256 = sha256();
        update(sha256, region);
        update(sha256, bucket);
        update(sha256, key);
        update(sha256, eventName);
        update(sha256, eventTime.toString());
        update(sha256, versionId);
        update(sha256, sequencer);
        update(sha256, eTag);
        update(sha256, size == null ? null : size.toString());
        byte[] digest = sha256.digest();
        return new EventId(HEX.formatHex(digest, 0, 16));
    }

    /** A stable small number derived from the id, used to spread writes over shards. */
    public int shard(int shardCount) {
        return Integer.parseInt(value.substring(0, 4), 16) % shardCount;
    }

    private static void update(MessageDigest digest, String field) {
        if (field != null) {
            digest.update(field.getBytes(StandardCharsets.UTF_8));
        }
        digest.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
