package io.bucketdigest.aws.ses;

import io.bucketdigest.core.mail.SesEventParser;
import io.bucketdigest.core.port.DigestMailer;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.sender.Sleeper;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AccountSuspendedException;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.LimitExceededException;
import software.amazon.awssdk.services.sesv2.model.MailFromDomainNotVerifiedException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendingPausedException;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

/**
 * Sends raw MIME through SES v2 SendEmail. SendEmail is not idempotent, so the SES client must not retry on its own
 * ({@link SesV2Clients#withoutRetries} turns the SDK's retries off): only throttling, which SES answers before
 * accepting anything, is retried here with exponential backoff (after the last attempt it is a transient failure and
 * the queue retries it). An error without a definite answer (a 5xx, an I/O error, a timeout) is
 * {@link UncertainDeliveryException}: the mail may have gone out. Refusals that retries cannot fix are
 * {@link PermanentMailException}s whose message names the fix an operator applies; the digest stays FAILED and its
 * signal is parked on the dead-letter queue until then, instead of being retried there by itself.
 *
 * <p>What SES said is quoted in those messages, with the local part of every email address masked: the reason is
 * logged and stored, and recipient addresses stay out of logs.
 */
public final class SesV2DigestMailer implements DigestMailer {

    /** SES v1 spellings, and what SES v2 may answer for errors the v2 SDK has no type for. */
    private static final Set<String> ACCESS_DENIED = Set.of("AccessDenied", "AccessDeniedException");
    private static final Set<String> SENDING_PAUSED = Set.of("SendingPausedException", "AccountSendingPausedException",
            "ConfigurationSetSendingPausedException");
    /** Refused before SES looked at the mail, and fixed by itself: fresh credentials, a corrected clock. */
    private static final Set<String> EXPIRED = Set.of("ExpiredToken", "ExpiredTokenException", "RequestExpired",
            "RequestTimeTooSkewed", "RequestInTheFuture");
    private static final Pattern ADDRESS_LOCAL_PART = Pattern.compile("[^\\s@<>()\\[\\],;:\"'/=]+@(?=[^\\s@]+\\.)");

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

    /** Names the subscription in SES's events and reports; informational (the digest tag finds the record). */
    static final String SUBSCRIPTION_TAG = "bucket-digest-subscription";

    /** SES tag values allow ASCII letters, digits, '_' and '-' only; subscription ids may also hold '.'. */
    static String tagValue(String text) {
        return text.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    @Override
    public String send(Mail mail) {
        SendEmailRequest request = SendEmailRequest.builder()
                .fromEmailAddress(mail.from())
                .destination(d -> d.toAddresses(mail.to()))
                .content(c -> c.raw(r -> r.data(SdkBytes.fromByteArray(mail.rawMessage()))))
                .configurationSetName(configurationSet.orElse(null))
                .emailTags(
                        MessageTag.builder().name(SesEventParser.DIGEST_TAG).value(mail.digestId().value()).build(),
                        MessageTag.builder().name(SUBSCRIPTION_TAG).value(tagValue(mail.subscriptionId())).build())
                .build();
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return ses.sendEmail(request).messageId();
            } catch (SdkServiceException e) {
                if (!isThrottling(e)) {
                    throw classify(e);
                }
                onThrottle.run();
                if (attempt >= maxAttempts) {
                    throw new TransientFailureException("SES kept throttling after " + attempt + " attempts", e);
                }
                sleeper.sleep(backoff);
                backoff = backoff.multipliedBy(2);
            } catch (SdkException e) {
                // An I/O error or a timeout: the request may have reached SES and the answer been lost.
                throw new UncertainDeliveryException("SES send failed without an answer; the mail may have been "
                        + "accepted: " + e.getMessage(), e);
            }
        }
    }

    private static boolean isThrottling(SdkServiceException e) {
        return e instanceof TooManyRequestsException || e instanceof LimitExceededException
                || e.isThrottlingException();
    }

    /** What a non-throttling answer from SES means for this digest, as the exception the sender acts on. */
    static RuntimeException classify(SdkServiceException e) {
        String code = errorCode(e);
        String said = said(e);
        if (e instanceof MessageRejectedException) {
            return new PermanentMailException("SES rejected the digest (" + said + "): check that the sender identity "
                    + "is verified and, in the SES sandbox, that every recipient is a verified identity (verify them "
                    + "or request production access); if SES objects to the content, the message itself must change",
                    e);
        }
        if (e instanceof MailFromDomainNotVerifiedException) {
            return new PermanentMailException("SES refused the sender's custom MAIL FROM domain (" + said + "): "
                    + "verify the MAIL FROM domain (publish the MX and SPF records SES shows for the sender identity) "
                    + "or remove the custom MAIL FROM domain from the identity", e);
        }
        if (e instanceof SendingPausedException || SENDING_PAUSED.contains(code)) {
            return new PermanentMailException("SES sending is paused for this account or for the configuration set ("
                    + said + "): check the SES reputation dashboard (bounce and complaint rates), fix the cause, then "
                    + "reinstate sending (aws sesv2 put-account-sending-attributes --sending-enabled, or "
                    + "put-configuration-set-sending-options --sending-enabled for SES_CONFIGURATION_SET)", e);
        }
        if (e instanceof AccountSuspendedException) {
            return new PermanentMailException("SES has suspended sending for this account (" + said + "): check the "
                    + "SES reputation dashboard and answer the AWS case about it; sending resumes only when AWS "
                    + "reinstates the account", e);
        }
        if (e instanceof NotFoundException) {
            return new PermanentMailException("SES resource not found (" + said + "): check SES_CONFIGURATION_SET "
                    + "and the sender identity", e);
        }
        if (e instanceof BadRequestException) {
            return new PermanentMailException("SES refused the request as invalid (" + said + "): check "
                    + "SENDER_ADDRESS, SES_CONFIGURATION_SET and the subscription's recipient addresses", e);
        }
        if (ACCESS_DENIED.contains(code)) {
            return accessDenied(said, e);
        }
        if (EXPIRED.contains(code)) {
            return new TransientFailureException("SES refused the request's signature as expired (" + said + "); "
                    + "retried with fresh credentials", e);
        }
        if (e.statusCode() == 403) {
            return accessDenied(said, e);
        }
        if (e.statusCode() >= 500) {
            return new UncertainDeliveryException("SES answered " + e.statusCode() + "; the mail may have been "
                    + "accepted: " + said, e);
        }
        return new TransientFailureException("SES send failed (" + e.statusCode() + " " + said + ")", e);
    }

    private static PermanentMailException accessDenied(String said, SdkServiceException e) {
        return new PermanentMailException("SES denied the send (" + said + "): the function's role must allow "
                + "ses:SendEmail and ses:SendRawEmail on the sender identity (and the configuration set); in the SES "
                + "sandbox every recipient must also be a verified identity: verify the recipients or request "
                + "production access", e);
    }

    private static String errorCode(SdkServiceException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null) {
            return aws.awsErrorDetails().errorCode();
        }
        return "";
    }

    /** "Code: message" as SES sent them, with the addresses in it masked. */
    private static String said(SdkServiceException e) {
        String message = null;
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            message = aws.awsErrorDetails().errorMessage();
        }
        String code = errorCode(e);
        String text = message == null || message.isBlank() ? code
                : code.isEmpty() ? message : code + ": " + message;
        return maskAddresses(text.isEmpty() ? "no error details" : text);
    }

    static String maskAddresses(String text) {
        return ADDRESS_LOCAL_PART.matcher(text).replaceAll("***@");
    }
}
