package io.bucketdigest.core.digest;

import java.util.List;

/**
 * How many events the subscription's exclusions kept out of the digest since the last digest that said so, and the
 * patterns. Informational: a crash between the mail and the count's reset may count some of them in the next digest
 * again.
 */
public record ExcludedEvents(long count, List<String> patterns) {

    public static final ExcludedEvents NONE = new ExcludedEvents(0, List.of());

    public ExcludedEvents {
        count = Math.max(0, count);
        patterns = List.copyOf(patterns);
    }
}
