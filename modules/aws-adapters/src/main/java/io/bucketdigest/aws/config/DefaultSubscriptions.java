package io.bucketdigest.aws.config;

import io.bucketdigest.core.subscription.InvalidSubscriptionException;
import io.bucketdigest.core.subscription.Subscription;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The deployment's default subscription: every bucket, every kind, to DEFAULT_RECIPIENTS (if any). */
public final class DefaultSubscriptions {

    private DefaultSubscriptions() {}

    public static Optional<Subscription> fromRecipients(List<String> recipients, Environment environment) {
        if (recipients.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Subscription(Subscription.DEFAULT_ID, recipients, null, List.of(), Set.of(), null));
        } catch (InvalidSubscriptionException e) {
            environment.problem("DEFAULT_RECIPIENTS is invalid: " + String.join("; ", e.problems()));
            return Optional.empty();
        }
    }
}
