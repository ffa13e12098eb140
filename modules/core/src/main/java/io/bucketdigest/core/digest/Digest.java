package io.bucketdigest.core.digest;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One composed digest for one subscription: the collapsed stories and their summary, ready to render, with the time
 * zone its reader wants times in, and the count of events its exclusions kept out.
 *
 * @param scope    what the subscription covers, in words (bucket, prefixes, kinds, exclusions)
 * @param part     where the digest stands in a burst spread over several digests
 * @param delivery when the subscription's digests go out, in words; null when not known (a preview)
 */
public record Digest(
        DigestId id, String subscriptionId, String scope, Instant createdAt, List<ObjectStory> stories,
        DigestSummary summary, ZoneId timeZone, ExcludedEvents excluded, BurstPart part, String delivery) {

    public Digest {
        stories = List.copyOf(stories);
        timeZone = timeZone == null ? ZoneOffset.UTC : timeZone;
        excluded = excluded == null ? ExcludedEvents.NONE : excluded;
        part = part == null ? BurstPart.WHOLE : part;
    }

    /** A whole digest, delivery not stated. */
    public Digest(DigestId id, String subscriptionId, String scope, Instant createdAt, List<ObjectStory> stories,
            DigestSummary summary, ZoneId timeZone, ExcludedEvents excluded) {
        this(id, subscriptionId, scope, createdAt, stories, summary, timeZone, excluded, BurstPart.WHOLE, null);
    }

    /** A digest that reports no excluded events. */
    public Digest(DigestId id, String subscriptionId, String scope, Instant createdAt, List<ObjectStory> stories,
            DigestSummary summary, ZoneId timeZone) {
        this(id, subscriptionId, scope, createdAt, stories, summary, timeZone, ExcludedEvents.NONE);
    }
}
