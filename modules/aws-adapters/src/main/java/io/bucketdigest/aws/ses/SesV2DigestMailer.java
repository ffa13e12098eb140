package io.bucketdigest.aws.ses;

import io.bucketdigest.core.port.DigestMailer;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.sender.Sleeper;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AccountSuspendedException;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.LimitExceededException;
import software.amazon.awssdk.services.sesv2.model.MailFromDomainNotVerifiedException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendingPausedException;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

/**
 * Sends raw MIME through SES v2 SendEmail. SendEmail is not idempotent, so the SES client must not retry on its own
 * ({@link io.bucketdigest.aws.AwsClients#ses()} turns the SDK's retries off): only throttling, which SES answers before
 * accepting anything, is retried here with exponential backoff (after the last attempt it is a transient failure and
 * the queue retries it). An error without a definite answer is {@link UncertainDeliveryException}: the mail may have
 * gone out. Refusals that retries cannot fix are permanent, and their message says what to fix.
 */
public final class SesV2DigestMailer implements DigestMailer {

    private final SesV2Client ses;
    private final Optional<String> configurationSet;
    private final Sleeper sleeper;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Runnable onThrottle;

    public SesV2DigestMailer(
            SesV2Client ses,
            Optional<String> configurationSet,
            Sleeper sleeper,
            int maxAttempts,
            Duration firstBackoff,
            Runnable onThrottle) {
        this.ses = ses;
        this.onThrottle = onThrottle;
        this.configurationSet = configurationSet;
        this.sleeper = sleeper;
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
    }

    @Override
    public String send(Mail mail) {
        SendEmailRequest request = SendEmailRequest.builder()
                .fromEmailAddress(mail.from())
                .destination(d -> d.toAddresses(mail.to()))
                .content(c -> c.raw(r -> r.data(SdkBytes.fromByteArray(mail.rawMessage()))))
                .configurationSetName(configurationSet.orElse(null))
                .build();
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return ses.sendEmail(request).messageId();
            } catch (TooManyRequestsException | LimitExceededException e) {
                onThrottle.run();
                if (attempt >= maxAttempts) {
                    throw new TransientFailureException("SES kept throttling after " + attempt + " attempts", e);
                }
                sleeper.sleep(backoff);
                backoff = backoff.multipliedBy(2);
            } catch (MessageRejectedException e) {
                throw new PermanentMailException("SES rejected the digest (" + e.awsErrorDetails().errorMessage()
                        + "): check that the sender identity is verified and, in the SES sandbox, every recipient", e);
            } catch (MailFromDomainNotVerifiedException e) {
                throw new PermanentMailException("the sender's MAIL FROM domain is not verified in SES", e);
            } catch (AccountSuspendedException | SendingPausedException e) {
                throw new PermanentMailException("SES sending is paused or suspended for this account or "
                        + "configuration set: resume it in the SES console", e);
            } catch (NotFoundException e) {
                throw new PermanentMailException("SES resource not found (" + e.awsErrorDetails().errorMessage()
                        + "): check SES_CONFIGURATION_SET and the sender identity", e);
            } catch (BadRequestException e) {
                throw new PermanentMailException("SES refused the request as invalid ("
                        + e.awsErrorDetails().errorMessage() + ")", e);
            } catch (SdkServiceException e) {
                if (e.statusCode() == 403) {
                    throw new PermanentMailException("SES denied the send (" + e.getMessage() + "): the function's "
                            + "role must allow ses:SendEmail on the sender identity and, in the SES sandbox, on every "
                            + "recipient identity", e);
                }
                if (e.statusCode() >= 500) {
                    throw new UncertainDeliveryException("SES answered " + e.statusCode() + "; the mail may have "
                            + "been accepted: " + e.getMessage(), e);
                }
                throw new TransientFailureException("SES send failed: " + e.getMessage(), e);
            } catch (SdkException e) {
                // An I/O error or a timeout: the request may have reached SES and the answer been lost.
                throw new UncertainDeliveryException("SES send failed without an answer; the mail may have been "
                        + "accepted: " + e.getMessage(), e);
            }
        }
    }
}
