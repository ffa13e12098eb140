package io.bucketdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketdigest.testing.RequestFaults;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * ses status and test-send on moto_server 5.2.1, which implements GetEmailIdentity and SendEmail (refusing unverified
 * senders) but not GetAccount or GetConfigurationSetEventDestinations (an HTML 404); it reports
 * VerifiedForSendingStatus false with verification SUCCESS for every identity it knows (and lets it send), and its GetConfigurationSet answer cannot be parsed by
 * the SDK (SendingEnabled nested in an object); a missing configuration set is a proper NotFoundException. SES's own
 * refusals that moto never gives (an unverified recipient in the sandbox) are injected with {@link RequestFaults} in
 * SES's words.
 */
class SesCommandIT {

    private TestPipeline pipeline;
    private String sender;
    private String domain;

    @BeforeEach
    void create() {
        pipeline = TestPipeline.create();
        domain = "d" + pipeline.suffix + ".example.com";
        sender = "digests@" + domain;
        pipeline.env().put("SENDER_ADDRESS", sender);
    }

    @AfterEach
    void close() {
        pipeline.close();
    }

    private void verifySender() {
        pipeline.aws.ses().createEmailIdentity(b -> b.emailIdentity(sender));
    }

    private String configurationSet() {
        String name = "digests-" + pipeline.suffix;
        pipeline.aws.ses().createConfigurationSet(b -> b.configurationSetName(name)
                .suppressionOptions(s -> s.suppressedReasonsWithStrings("BOUNCE", "COMPLAINT"))
                .sendingOptions(s -> s.sendingEnabled(true)));
        return name;
    }

    @Test
    void status_unknownSender_exits1_namesTheCreateCommands_andShowsWhatMotoLacksAsUnavailable() {
        CliRun run = pipeline.run("ses", "status");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("Health    PROBLEMS (1)", "GetAccount is not implemented by "
                + pipeline.endpoint(), sender + " (from $SENDER_ADDRESS)", sender + " is not an SES identity",
                domain + " is not an SES identity", "NOT VERIFIED", "none configured (--configuration-set)",
                "What to do", "PROBLEM: The sender " + sender);
        assertThat(run.lines()).contains(
                "      aws sesv2 create-email-identity --email-identity " + sender + " --region us-east-1",
                "      aws sesv2 create-email-identity --email-identity " + domain + " --region us-east-1",
                "      aws sesv2 get-account --region us-east-1");
    }

    @Test
    void status_json_configurationSetAndItsEventDestinations_unavailableWithTheReason() {
        verifySender();
        String set = configurationSet();
        pipeline.env().put("SES_CONFIGURATION_SET", set);

        CliRun run = pipeline.run("ses", "status", "-o", "json");

        assertThat(run.err()).as(run.toString()).isEmpty();
        JsonNode json = run.json();
        assertThat(json.get("region").asText()).isEqualTo("us-east-1");
        assertThat(json.get("account").get("available").asBoolean()).isFalse();
        assertThat(json.get("account").get("unavailableReason").asText()).contains("GetAccount is not implemented");
        JsonNode identity = json.get("sender").get("identities").get(0);
        assertThat(identity.get("exists").asBoolean()).isTrue();
        assertThat(identity.get("verificationStatus").asText()).isEqualTo("SUCCESS");
        assertThat(identity.get("verifiedForSending").asBoolean()).as("moto's answer").isFalse();
        JsonNode configurationSet = json.get("configurationSet");
        assertThat(configurationSet.get("name").asText()).isEqualTo(set);
        assertThat(configurationSet.get("source").asText()).isEqualTo("$SES_CONFIGURATION_SET");
        assertThat(configurationSet.get("available").asBoolean()).isFalse();
        assertThat(configurationSet.get("unavailableReason").asText()).contains("answered GetConfigurationSet in a "
                + "form the SDK cannot parse: the emulator there implements it incompletely");
        assertThat(configurationSet.get("eventDestinations").get("available").asBoolean()).isFalse();
        assertThat(configurationSet.get("eventDestinations").get("unavailableReason").asText())
                .contains("GetConfigurationSetEventDestinations is not implemented");
        assertThat(json.get("todo")).extracting(t -> t.get("commands").toString()).anySatisfy(c ->
                assertThat(c).contains("get-configuration-set-event-destinations --configuration-set-name " + set))
                .anySatisfy(c -> assertThat(c).contains("get-configuration-set --configuration-set-name " + set));
        assertThat(json.get("sender").get("verified").isNull()).as("moto contradicts itself").isTrue();
        assertThat(json.get("problems")).isEmpty();
        assertThat(run.exitCode()).as("only notes: what moto lacks, and its contradictory identity").isZero();

        CliRun table = pipeline.columns(100).run("ses", "status");
        assertThat(table.out()).contains("unavailable  " + pipeline.endpoint() + " answered GetConfigurationSet",
                "verification SUCCESS", "events       unavailable: GetConfigurationSetEventDestinations is not "
                        + "implemented");
    }

    @Test
    void status_missingConfigurationSet_isAProblem() {
        pipeline.env().put("SES_CONFIGURATION_SET", "no-such-set-" + pipeline.suffix);

        CliRun run = pipeline.run("ses", "status", "-o", "json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.json().get("configurationSet").get("exists").asBoolean()).isFalse();
        assertThat(run.json().get("problems").toString()).contains("no-such-set-" + pipeline.suffix
                + " (from $SES_CONFIGURATION_SET) does not exist in us-east-1");
    }

    @Test
    void status_stack_readsSenderAndConfigurationSetFromItsOutputs() {
        verifySender();
        String set = configurationSet();
        String stack = pipeline.createStack(Map.of("SenderAddress", sender, "ConfigurationSetName", set));

        CliRun run = pipeline.runStack(stack, "ses", "status", "-o", "json");

        assertThat(run.err()).as(run.toString()).isEmpty();
        JsonNode json = run.json();
        assertThat(json.get("sender").get("source").asText()).isEqualTo("stack " + stack + " output SenderAddress");
        assertThat(json.get("configurationSet").get("source").asText())
                .isEqualTo("stack " + stack + " output ConfigurationSetName");
    }

    @Test
    void status_localPipeline_senderFromItsFile_noConfigurationSet() {
        Map<String, String> local = pipeline.localPipeline(sender);

        CliRun run = pipeline.runWith(local, "ses", "status");

        assertThat(run.out()).contains(sender + " (from local pipeline)",
                "none configured (the local pipeline has none)");
    }

    @Test
    void status_csv_isAUsageError() {
        assertThat(pipeline.run("ses", "status", "-o", "csv").exitCode()).isEqualTo(2);
    }

    @Test
    void testSend_verifiedSender_printsTheMessageId() {
        verifySender();
        String set = configurationSet();
        pipeline.env().put("SES_CONFIGURATION_SET", set);

        CliRun run = pipeline.run("ses", "test-send", "--to", "ops@example.com", "--subject", "SES check");
        CliRun json = pipeline.run("ses", "test-send", "--to", "ops@example.com", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Sent    " + sender + " -> ops@example.com through SES in us-east-1, "
                + "configuration set " + set, "Subject SES check", "SES message id ", "no digest tag");
        assertThat(json.json().get("messageId").asText()).isNotBlank();
        assertThat(json.json().get("configurationSet").asText()).isEqualTo(set);
        assertThat(json.json().get("subject").asText()).isEqualTo("Bucket Digest test mail");
    }

    @Test
    void testSend_unverifiedSender_isRefusedWithTheFix() {
        CliRun run = pipeline.run("ses", "test-send", "--to", "ops@example.com");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("SES refused the test mail from " + sender + " to ops@example.com "
                + "(MessageRejected: Email address not verified " + sender + ")",
                "verify the sender (aws sesv2 create-email-identity --email-identity " + sender
                        + " --region us-east-1");
    }

    @Test
    void testSend_sandboxRefusesTheRecipient_saysToVerifyItOrRequestProductionAccess() {
        verifySender();
        RequestFaults faults = new RequestFaults().failWhen(r -> r instanceof SendEmailRequest,
                () -> sesError(400, "MessageRejected", "Email address is not verified. The following identities "
                        + "failed the check in region US-EAST-1: ops@example.com"));

        CliRun run = pipeline.interceptors(faults).run("ses", "test-send", "--to", "ops@example.com");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("In the SES sandbox every recipient must be verified: verify the recipient "
                + "(aws sesv2 create-email-identity --email-identity ops@example.com --region us-east-1",
                "or request production access (aws sesv2 put-account-details --production-access-enabled");
    }

    @Test
    void testSend_accessDenied_namesTheSandboxAndThePermission() {
        verifySender();
        RequestFaults faults = new RequestFaults().failWhen(r -> r instanceof SendEmailRequest,
                () -> sesError(403, "AccessDeniedException", "User is not authorized to perform ses:SendEmail"));

        CliRun run = pipeline.interceptors(faults).run("ses", "test-send", "--to", "ops@example.com");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("In the SES sandbox this is how SES refuses an unverified recipient",
                "ses:SendEmail on identity/" + sender);
    }

    @Test
    void testSend_badRecipient_isAUsageError() {
        CliRun run = pipeline.run("ses", "test-send", "--to", "not-an-address");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--to: 'not-an-address' is not an email address");
        assertThat(pipeline.run("ses", "test-send").exitCode()).isEqualTo(2);
    }

    private static SesV2Exception sesError(int status, String code, String message) {
        return (SesV2Exception) SesV2Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .message(message).build();
    }
}
