package io.bucketdigest.core.sender;

import io.bucketdigest.core.render.ListHeaders;
import io.bucketdigest.core.subscription.DigestTiming;
import java.time.Duration;
import java.util.Objects;

/**
 * @param leaseDuration longer than the function timeout, so a crashed holder's lease has expired by the time SQS makes
 *                      its message visible again (visibility timeout is 6x the function timeout)
 */
public record SenderSettings(
        String senderAddress,
        String configurationSet,
        DigestTiming defaultTiming,
        int inlineLimit,
        Duration leaseDuration,
        ListHeaders listHeaders) {

    public SenderSettings {
        Objects.requireNonNull(senderAddress, "senderAddress");
        Objects.requireNonNull(listHeaders, "listHeaders");
        Objects.requireNonNull(defaultTiming, "defaultTiming");
        if (inlineLimit < 1) {
            throw new IllegalArgumentException("inline limit must be at least 1");
        }
    }
}
