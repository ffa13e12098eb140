package io.bucketdigest.core.sender;

import java.time.Instant;

/** One digest-queue message: "subscription X may be due; the arrival that caused this was at signalledAt". */
public record DigestSignal(String subscriptionId, Instant signalledAt) {}
