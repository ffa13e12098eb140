package io.bucketdigest.core.sender;

import io.bucketdigest.core.digest.DigestId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/** Lease owners and digest ids. Production draws from SecureRandom; the simulator from its seed, for replayable runs. */
public final class Ids {

    private final RandomGenerator random;

    public Ids(RandomGenerator random) {
        this.random = random;
    }

    public static Ids secure() {
        return new Ids(new SecureRandom());
    }

    public synchronized String newOwner() {
        byte[] bits = new byte[16];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = (byte) random.nextInt(256);
        }
        return HexFormat.of().formatHex(bits);
    }

    public synchronized DigestId newDigestId(Instant createdAt) {
        return DigestId.newId(createdAt, random);
    }
}
