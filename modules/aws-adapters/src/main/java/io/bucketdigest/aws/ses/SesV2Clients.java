package io.bucketdigest.aws.ses;

import io.bucketdigest.aws.AwsClients;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The SES client, built here beside the SES adapters rather than in {@link AwsClients}: only the digest function
 * sends mail, and the ingest function's jar leaves the SES SDK out (the sesv2 dependency is optional in this module).
 */
public final class SesV2Clients {

    private SesV2Clients() {}

    /**
     * SendEmail is not idempotent: an SDK retry after SES accepted a mail whose answer was lost sends it twice. So this
     * client never retries; the mailer retries throttling itself and reports every other error for what it is.
     */
    public static SesV2Client withoutRetries(AwsClients clients) {
        return clients.configure(SesV2Client.builder(), o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }
}
