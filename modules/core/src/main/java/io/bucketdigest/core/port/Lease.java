package io.bucketdigest.core.port;

import java.time.Instant;

/** Exclusive right to digest one subscription until {@code expiresAt}; every write under it checks the owner. */
public record Lease(String subscriptionId, String owner, Instant expiresAt) {}
