package io.bucketdigest.core.digest;

import java.time.Instant;
import java.util.List;

/** One composed digest for one subscription: the collapsed stories and their summary, ready to render. */
public record Digest(
        DigestId id, String subscriptionId, String scope, Instant createdAt, List<ObjectStory> stories,
        DigestSummary summary) {

    public Digest {
        stories = List.copyOf(stories);
    }
}
