package io.bucketdigest.core.digest;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/** A digest's id: sortable by creation time, unique enough to never collide between concurrent senders. */
public record DigestId(String value) {

    public DigestId {
        Objects.requireNonNull(value, "value");
        if (!value.matches("d-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}")) {
            throw new IllegalArgumentException("not a digest id: " + value);
        }
    }

    public static DigestId newId(Instant createdAt) {
        String stamp = createdAt.toString().replace("-", "").replace(":", "");
        int dot = stamp.indexOf('.');
        if (dot > 0) {
            stamp = stamp.substring(0, dot) + "Z";
        }
        return new DigestId("d-" + stamp + "-" + String.format("%08x", ThreadLocalRandom.current().nextInt()));
    }

    @Override
    public String toString() {
        return value;
    }
}
