package io.bucketdigest.core.digest;

import io.bucketdigest.core.event.ObjectEvent;
import java.time.Instant;

/** An event waiting for a subscription's next digest. {@code ref} locates it in the pending store. */
public record PendingEntry(String subscriptionId, PendingRef ref, ObjectEvent event, Instant ingestedAt) {}
