package io.bucketdigest.core.subscription;

import java.util.List;

/**
 * Why an event matches a subscription, or why not, in words: on a match, what let it through (bucket, key, kind); on a
 * mismatch, every filter that stopped it.
 */
public record MatchExplanation(boolean matches, List<String> reasons) {

    public MatchExplanation {
        reasons = List.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("an explanation needs at least one reason");
        }
    }

    /** One line: a match's reasons joined by commas, a mismatch's by semicolons. */
    public String inWords() {
        return String.join(matches ? ", " : "; ", reasons);
    }
}
