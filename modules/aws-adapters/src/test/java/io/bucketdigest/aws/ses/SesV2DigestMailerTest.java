package io.bucketdigest.aws.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.port.DigestMailer.Mail;
import io.bucketdigest.core.port.DigestMailer.PermanentMailException;
import io.bucketdigest.core.port.DigestMailer.UncertainDeliveryException;
import io.bucketdigest.core.port.TransientFailureException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AccountSuspendedException;
import software.amazon.awssdk.services.sesv2.model.InternalServiceErrorException;
import software.amazon.awssdk.services.sesv2.model.MailFromDomainNotVerifiedException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;
import software.amazon.awssdk.services.sesv2.model.SendingPausedException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

/**
 * How the mailer classifies what SES answers, for answers no emulator gives (moto has no IAM, no sandbox, no pauses):
 * a stub {@link SesV2Client} throws the SDK's own exception types, built as the SDK builds them from SES's error codes
 * and status codes. Permanent refusals are sent once and name the fix; throttling is retried by the mailer's backoff
 * and ends transient; a 5xx or an I/O error is uncertain.
 */
class SesV2DigestMailerTest {

    private static final String RECIPIENT = "ops.lead@example.com";
    private static final Mail MAIL = new Mail("digest@example.com", List.of(RECIPIENT),
            "Subject: test\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII),
            new DigestId("d-20261130T091500Z-00112233445566778899"), "team.photos");
    private static final int MAX_ATTEMPTS = 3;

    private final List<Duration> waits = new ArrayList<>();
    private final AtomicInteger throttles = new AtomicInteger();

    /** Answers SendEmail with the scripted failures in order, then accepts. */
    private static final class ScriptedSes implements SesV2Client {
        private final Deque<RuntimeException> failures;
        private final List<SendEmailRequest> requests = new ArrayList<>();

        ScriptedSes(RuntimeException... failures) {
            this.failures = new ArrayDeque<>(List.of(failures));
        }

        /** Fails every call with the same answer. */
        static ScriptedSes always(RuntimeException failure) {
            RuntimeException[] all = new RuntimeException[MAX_ATTEMPTS + 5];
            java.util.Arrays.fill(all, failure);
            return new ScriptedSes(all);
        }

        @Override
        public SendEmailResponse sendEmail(SendEmailRequest request) {
            requests.add(request);
            RuntimeException failure = failures.poll();
            if (failure != null) {
                throw failure;
            }
            return SendEmailResponse.builder().messageId("ses-" + requests.size()).build();
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }

    private SesV2DigestMailer mailer(SesV2Client ses) {
        return new SesV2DigestMailer(ses, Optional.of("digests"), waits::add, MAX_ATTEMPTS, Duration.ofMillis(100),
                throttles::incrementAndGet);
    }

    private static AwsErrorDetails details(String code, String message, int status) {
        return AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("SESv2")
                .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build();
    }

    /** The exception the SDK raises for an answer with this status and error code (its modeled type, if any). */
    private static <B extends AwsServiceException.Builder> AwsServiceException answer(
            B builder, int status, String code, String message) {
        builder.statusCode(status);
        builder.message(message);
        builder.awsErrorDetails(details(code, message, status));
        return builder.build();
    }

    private static AwsServiceException untyped(int status, String code, String message) {
        return answer(SesV2Exception.builder(), status, code, message);
    }

    static Stream<Arguments> permanentRefusals() {
        return Stream.of(
                Arguments.of("AccessDeniedException (403)",
                        untyped(403, "AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/"
                                + "digest-role/fn is not authorized to perform: ses:SendRawEmail on resource: "
                                + "arn:aws:ses:us-east-1:123456789012:identity/" + RECIPIENT),
                        List.of("ses:SendEmail", "role", "sandbox", "verify the recipients", "production access")),
                Arguments.of("AccessDenied (SES v1 spelling)",
                        untyped(403, "AccessDenied", "not authorized"),
                        List.of("ses:SendEmail", "role", "sandbox", "verify the recipients", "production access")),
                Arguments.of("403 without a known code",
                        untyped(403, "", ""),
                        List.of("ses:SendEmail", "role", "production access")),
                Arguments.of("MessageRejected: unverified recipient in the sandbox",
                        answer(MessageRejectedException.builder(), 400, "MessageRejected",
                                "Email address is not verified. The following identities failed the check in "
                                        + "region US-EAST-1: " + RECIPIENT),
                        List.of("Email address is not verified", "failed the check in region US-EAST-1",
                                "sender identity is verified", "every recipient is a verified identity",
                                "production access")),
                Arguments.of("MessageRejected: content",
                        answer(MessageRejectedException.builder(), 400, "MessageRejected",
                                "Message contains a blocked attachment type"),
                        List.of("Message contains a blocked attachment type", "the message itself must change")),
                Arguments.of("MailFromDomainNotVerifiedException",
                        answer(MailFromDomainNotVerifiedException.builder(), 400,
                                "MailFromDomainNotVerifiedException", "MAIL FROM domain is not verified"),
                        List.of("MAIL FROM domain is not verified", "verify the MAIL FROM domain",
                                "remove the custom MAIL FROM domain")),
                Arguments.of("SendingPausedException (account or configuration set)",
                        answer(SendingPausedException.builder(), 400, "SendingPausedException",
                                "Sending is paused for this account"),
                        List.of("Sending is paused for this account", "reputation dashboard", "reinstate sending",
                                "put-account-sending-attributes --sending-enabled",
                                "put-configuration-set-sending-options")),
                Arguments.of("AccountSendingPausedException (SES v1 code, untyped in v2)",
                        untyped(400, "AccountSendingPausedException", "Account sending paused"),
                        List.of("Account sending paused", "reputation dashboard", "reinstate sending")),
                Arguments.of("ConfigurationSetSendingPausedException (SES v1 code, untyped in v2)",
                        untyped(400, "ConfigurationSetSendingPausedException", "Configuration set sending paused"),
                        List.of("configuration set", "reputation dashboard", "reinstate sending")),
                Arguments.of("AccountSuspendedException",
                        answer(AccountSuspendedException.builder(), 400, "AccountSuspendedException",
                                "Account suspended"),
                        List.of("Account suspended", "reputation dashboard", "AWS case")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("permanentRefusals")
    void send_permanentRefusal_isSentOnceAndNamesTheFix(String answer, AwsServiceException refusal, List<String> fix) {
        // GIVEN
        ScriptedSes ses = ScriptedSes.always(refusal);

        // WHEN
        Throwable thrown = catchThrowable(() -> mailer(ses).send(MAIL));

        // THEN
        assertThat(thrown).isInstanceOf(PermanentMailException.class)
                .isNotInstanceOf(TransientFailureException.class)
                .hasCause(refusal);
        for (String phrase : fix) {
            assertThat(thrown.getMessage()).contains(phrase);
        }
        assertThat(thrown.getMessage()).as("recipient addresses stay out of the logged reason")
                .doesNotContain(RECIPIENT);
        assertThat(ses.requests).as("SendEmail calls").hasSize(1);
        assertThat(waits).isEmpty();
        assertThat(throttles).hasValue(0);
    }

    @Test
    void send_messageRejected_quotesWhatSesSaidWithAddressesMasked() {
        // GIVEN
        ScriptedSes ses = new ScriptedSes(answer(MessageRejectedException.builder(), 400, "MessageRejected",
                "Email address is not verified. The following identities failed the check in region US-EAST-1: "
                        + RECIPIENT + ", <second+tag@example.org>"));

        // WHEN
        Throwable thrown = catchThrowable(() -> mailer(ses).send(MAIL));

        // THEN
        assertThat(thrown).hasMessageStartingWith("SES rejected the digest (MessageRejected: Email address is not "
                + "verified. The following identities failed the check in region US-EAST-1: ***@example.com, "
                + "<***@example.org>)");
    }

    @Test
    void send_accessDenied_masksTheIdentityArnsAddress() {
        // GIVEN
        ScriptedSes ses = new ScriptedSes(untyped(403, "AccessDeniedException",
                "not authorized to perform: ses:SendRawEmail on resource: arn:aws:ses:us-east-1:123456789012:"
                        + "identity/" + RECIPIENT));

        // WHEN
        Throwable thrown = catchThrowable(() -> mailer(ses).send(MAIL));

        // THEN
        assertThat(thrown).hasMessageContaining("(AccessDeniedException: not authorized to perform: ses:SendRawEmail "
                + "on resource: arn:aws:ses:us-east-1:123456789012:identity/***@example.com)");
    }

    static Stream<Arguments> throttlingAnswers() {
        return Stream.of(
                Arguments.of("TooManyRequestsException (429)", answer(TooManyRequestsException.builder(), 429,
                        "TooManyRequestsException", "Maximum sending rate exceeded.")),
                Arguments.of("Throttling (untyped)", untyped(400, "Throttling", "Rate exceeded")),
                Arguments.of("429 without a known code", untyped(429, "", "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("throttlingAnswers")
    void send_throttledEveryTime_isRetriedWithBackoffThenTransientNotUncertain(
            String answer, AwsServiceException throttled) {
        // GIVEN
        ScriptedSes ses = ScriptedSes.always(throttled);

        // WHEN
        Throwable thrown = catchThrowable(() -> mailer(ses).send(MAIL));

        // THEN
        assertThat(thrown).isInstanceOf(TransientFailureException.class)
                .isNotInstanceOf(UncertainDeliveryException.class)
                .isNotInstanceOf(PermanentMailException.class);
        assertThat(ses.requests).hasSize(MAX_ATTEMPTS);
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(throttles).hasValue(MAX_ATTEMPTS);
    }

    @Test
    void send_throttledThenAccepted_returnsTheMessageId() {
        // GIVEN
        ScriptedSes ses = new ScriptedSes(answer(TooManyRequestsException.builder(), 429,
                "TooManyRequestsException", "Maximum sending rate exceeded."));

        // WHEN
        String messageId = mailer(ses).send(MAIL);

        // THEN
        assertThat(messageId).isEqualTo("ses-2");
        assertThat(waits).containsExactly(Duration.ofMillis(100));
        assertThat(ses.requests.get(1).configurationSetName()).isEqualTo("digests");
    }

    @Test
    void send_tagsTheMailWithItsDigest_soSesEventsFindTheRecord_andSanitizesTheSubscriptionTag() {
        // GIVEN
        ScriptedSes ses = new ScriptedSes();

        // WHEN
        mailer(ses).send(MAIL);

        // THEN
        assertThat(ses.requests.get(0).emailTags()).extracting(MessageTag::name, MessageTag::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("bucket-digest-id", "d-20261130T091500Z-00112233445566778899"),
                org.assertj.core.groups.Tuple.tuple("bucket-digest-subscription", "team_photos"));
        assertThat(ses.requests.get(0).emailTags()).allSatisfy(tag -> assertThat(tag.value())
                .as("SES allows letters, digits, '_' and '-' in tag values").matches("[A-Za-z0-9_-]{1,256}"));
    }

    @Test
    void send_serverError_isUncertainAndNotResent() {
        // GIVEN
        ScriptedSes ses = ScriptedSes.always(answer(InternalServiceErrorException.builder(), 500,
                "InternalServiceErrorException", "internal error"));

        // WHEN
        Throwable thrown = catchThrowable(() -> mailer(ses).send(MAIL));

        // THEN
        assertThat(thrown).isInstanceOf(UncertainDeliveryException.class).hasMessageContaining("500");
        assertThat(ses.requests).hasSize(1);
    }

    @Test
    void send_noAnswer_isUncertainAndNotResent() {
        // GIVEN
        ScriptedSes ses = ScriptedSes.always(SdkClientException.create("Unable to execute HTTP request: Read timed out"));

        // WHEN
        Throwable thrown = catchThrowable(() -> mailer(ses).send(MAIL));

        // THEN
        assertThat(thrown).isInstanceOf(UncertainDeliveryException.class).hasMessageContaining("Read timed out");
        assertThat(ses.requests).hasSize(1);
    }

    @Test
    void send_expiredCredentials_isTransientNotPermanent() {
        // GIVEN
        ScriptedSes ses = ScriptedSes.always(untyped(403, "ExpiredTokenException",
                "The security token included in the request is expired"));

        // WHEN
        Throwable thrown = catchThrowable(() -> mailer(ses).send(MAIL));

        // THEN
        assertThat(thrown).isInstanceOf(TransientFailureException.class)
                .isNotInstanceOf(UncertainDeliveryException.class)
                .hasMessageContaining("ExpiredTokenException");
        assertThat(ses.requests).hasSize(1);
    }

    @Test
    void send_otherClientError_isTransient() {
        // GIVEN
        ScriptedSes ses = ScriptedSes.always(untyped(400, "SomethingNew", "a new refusal"));

        // WHEN
        Throwable thrown = catchThrowable(() -> mailer(ses).send(MAIL));

        // THEN
        assertThat(thrown).isInstanceOf(TransientFailureException.class)
                .isNotInstanceOf(UncertainDeliveryException.class)
                .hasMessageContaining("SomethingNew: a new refusal");
    }

    @Test
    void maskAddresses_keepsDomainsArnsAndPlainText() {
        assertThat(SesV2DigestMailer.maskAddresses("identity/a.b+c@mail.example.co.uk and example.com, x@y"))
                .isEqualTo("identity/***@mail.example.co.uk and example.com, x@y");
    }
}
