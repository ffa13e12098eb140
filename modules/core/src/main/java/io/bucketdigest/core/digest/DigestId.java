package io.bucketdigest.core.digest;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A digest's id: sortable by creation time, then 80 random bits. The bits come from the caller's generator; production
 * passes a {@link java.security.SecureRandom}, which Lambda reseeds after a SnapStart restore, so two restored
 * snapshots never share a sequence. Ids of 32 random bits, written before, are still read.
 */
public record DigestId(String value) {

    private static final HexFormat HEX = HexFormat.of();

    public DigestId {
        Objects.requireNonNull(value, "value");
        if (!value.matches("d-[0-9]{8}T[0-9]{6}Z-([0-9a-f]{8}|[0-9a-f]{20})")) {
            throw new IllegalArgumentException("not a digest id: " + value);
        }
    }

    public static DigestId newId(Instant createdAt, RandomGenerator random) {
        String stamp = createdAt.toString().replace("-", "").replace(":", "");
        int dot = stamp.indexOf('.');
        if (dot > 0) {
            stamp = stamp.substring(0, dot) + "Z";
        } else if (!stamp.endsWith("Z")) {
            stamp = stamp + "Z";
        }
        if (stamp.length() == 15) {
            stamp = stamp.substring(0, 14) + "00Z";
        }
        byte[] bits = new byte[10];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = (byte) random.nextInt(256);
        }
        return new DigestId("d-" + stamp + "-" + HEX.formatHex(bits));
    }

    @Override
    public String toString() {
        return value;
    }
}
