package io.bucketdigest.cli.aws;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.bucketdigest.cli.config.Connection;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.EventDestination;
import software.amazon.awssdk.services.sesv2.model.GetAccountResponse;
import software.amazon.awssdk.services.sesv2.model.GetConfigurationSetResponse;
import software.amazon.awssdk.services.sesv2.model.GetEmailIdentityResponse;

/**
 * The SES v2 reads of {@code ses status}, each of which may be unavailable on its own: an emulator that does not
 * implement the call (moto_server has no GetAccount or GetConfigurationSetEventDestinations), or a refusal such as
 * a missing IAM permission, or an answer the SDK cannot parse (moto's GetConfigurationSet nests SendingEnabled in an
 * object). Such an answer becomes a {@link Reading} with the reason, so the other parts are still shown. An
 * identity or configuration set SES does not know is a result, not an error. Without an answer at all (unreachable
 * endpoint, no credentials) the command fails as every other does.
 */
public final class SesReads {

    /** A value, or why there is none; JSON writes the value's fields beside "available" and "unavailableReason". */
    @JsonPropertyOrder({"available", "unavailableReason"})
    public record Reading<T>(@JsonUnwrapped T value, @JsonProperty("unavailableReason") String unavailable) {
        public static <T> Reading<T> of(T value) {
            return new Reading<>(value, null);
        }

        public static <T> Reading<T> unavailable(String reason) {
            return new Reading<>(null, reason);
        }

        @JsonProperty
        public boolean available() {
            return unavailable == null;
        }
    }

    /** GetAccount, as far as sending is concerned; quota fields are null when SES leaves them out. */
    public record Account(boolean productionAccess, boolean sendingEnabled, String enforcementStatus,
            Double max24HourSend, Double maxSendRate, Double sentLast24Hours,
            @JsonProperty("productionAccessReview") String reviewStatus, @JsonIgnore String reviewCase) {}

    /** GetEmailIdentity of an address or a domain; {@code exists} false when SES does not know it. */
    public record Identity(String name, boolean exists, String type, boolean verifiedForSending,
            String verificationStatus, String dkimStatus) {
        public static Identity unknown(String name) {
            return new Identity(name, false, null, false, null, null);
        }
    }

    /** GetConfigurationSet; {@code exists} false when SES does not know it. */
    public record ConfigurationSet(String name, boolean exists, Boolean sendingEnabled,
            List<String> suppressedReasons) {}

    /** One event destination of a configuration set: where its events go (SNS topic ARN, or the kind of target). */
    public record Destination(String name, boolean enabled, List<String> eventTypes, String target) {}

    private final SesV2Client ses;
    private final AwsCalls calls;
    private final Connection connection;

    public SesReads(SesV2Client ses, AwsCalls calls, Connection connection) {
        this.ses = ses;
        this.calls = calls;
        this.connection = connection;
    }

    public Reading<Account> account() {
        return read("ses:GetAccount", null, false, () -> {
            GetAccountResponse a = ses.getAccount(b -> { });
            String review = a.details() == null || a.details().reviewDetails() == null ? null
                    : a.details().reviewDetails().statusAsString();
            String reviewCase = a.details() == null || a.details().reviewDetails() == null ? null
                    : a.details().reviewDetails().caseId();
            return new Account(Boolean.TRUE.equals(a.productionAccessEnabled()),
                    !Boolean.FALSE.equals(a.sendingEnabled()), a.enforcementStatus(),
                    a.sendQuota() == null ? null : a.sendQuota().max24HourSend(),
                    a.sendQuota() == null ? null : a.sendQuota().maxSendRate(),
                    a.sendQuota() == null ? null : a.sendQuota().sentLast24Hours(), review, reviewCase);
        }, null);
    }

    public Reading<Identity> identity(String name) {
        Target target = new Target("SES identity", name, null,
                "Create it: aws sesv2 create-email-identity --email-identity " + name + ".");
        return read("ses:GetEmailIdentity", target, true, () -> {
            GetEmailIdentityResponse i = ses.getEmailIdentity(b -> b.emailIdentity(name));
            return new Identity(name, true, i.identityTypeAsString(), Boolean.TRUE.equals(i.verifiedForSendingStatus()),
                    i.verificationStatusAsString(), i.dkimAttributes() == null ? null
                            : i.dkimAttributes().statusAsString());
        }, Identity.unknown(name));
    }

    public Reading<ConfigurationSet> configurationSet(Target set) {
        return read("ses:GetConfigurationSet", set, true, () -> {
            GetConfigurationSetResponse c = ses.getConfigurationSet(b -> b.configurationSetName(set.name()));
            return new ConfigurationSet(set.name(), true,
                    c.sendingOptions() == null ? null : c.sendingOptions().sendingEnabled(),
                    c.suppressionOptions() == null ? List.of() : c.suppressionOptions().suppressedReasonsAsStrings());
        }, new ConfigurationSet(set.name(), false, null, List.of()));
    }

    public Reading<List<Destination>> eventDestinations(Target set) {
        return read("ses:GetConfigurationSetEventDestinations", set, false, () -> ses
                .getConfigurationSetEventDestinations(b -> b.configurationSetName(set.name())).eventDestinations()
                .stream().map(SesReads::destination).toList(), null);
    }

    private static Destination destination(EventDestination d) {
        String target = d.snsDestination() != null ? d.snsDestination().topicArn()
                : d.eventBridgeDestination() != null ? "EventBridge " + d.eventBridgeDestination().eventBusArn()
                : d.cloudWatchDestination() != null ? "CloudWatch"
                : d.kinesisFirehoseDestination() != null ? "Firehose "
                        + d.kinesisFirehoseDestination().deliveryStreamArn()
                : d.pinpointDestination() != null ? "Pinpoint " + d.pinpointDestination().applicationArn()
                : "(none)";
        return new Destination(d.name(), Boolean.TRUE.equals(d.enabled()), d.matchingEventTypesAsStrings(), target);
    }

    private <T> Reading<T> read(String action, Target target, boolean notFoundIsResult, Supplier<T> call,
            T whenNotFound) {
        try {
            return Reading.of(call.get());
        } catch (RuntimeException e) {
            SdkException sdk = AwsCalls.sdkCause(e);
            String name = action.substring(action.indexOf(':') + 1);
            String suspect = connection.endpoint().isPresent() ? "the emulator there implements it incompletely"
                    : "unexpected from AWS: retry, and report it if it persists";
            if (sdk instanceof SdkClientException
                    && String.valueOf(sdk.getMessage()).contains("Unable to unmarshall")) {
                return Reading.unavailable(connection.describeEndpoint() + " answered " + name + " in a form the "
                        + "SDK cannot parse: " + suspect);
            }
            if (!(sdk instanceof AwsServiceException service)) {
                throw sdk == null ? e : calls.translate(sdk, action, target);
            }
            if (AwsCalls.notImplemented(service)) {
                String code = AwsCalls.errorCode(service);
                return Reading.unavailable(name + " is not implemented by " + connection.describeEndpoint()
                        + " (HTTP " + service.statusCode() + (code.isEmpty() ? " without an AWS error code"
                        : ", " + code) + "): " + (connection.endpoint().isPresent()
                        ? "the emulator there lacks it" : "unexpected from AWS: retry, and report it if it persists"));
            }
            if (notFoundIsResult && "NotFoundException".equals(AwsCalls.errorCode(service))) {
                return Reading.of(whenNotFound);
            }
            return Reading.unavailable(calls.translate(service, action, target).getMessage());
        }
    }
}
