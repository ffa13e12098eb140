package io.bucketdigest.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.cli.aws.SesReads.Account;
import io.bucketdigest.cli.aws.SesReads.ConfigurationSet;
import io.bucketdigest.cli.aws.SesReads.Destination;
import io.bucketdigest.cli.aws.SesReads.Identity;
import io.bucketdigest.cli.aws.SesReads.Reading;
import io.bucketdigest.cli.command.SesHealth.Finding;
import io.bucketdigest.cli.command.SesHealth.Inputs;
import io.bucketdigest.cli.config.Resolved;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SesHealthTest {

    private static final Resolved SENDER = new Resolved("digests@example.com", "stack prod output SenderAddress");
    private static final Resolved SET = new Resolved("digest-set", "stack prod output ConfigurationSetName");
    private static final Account PRODUCTION = new Account(true, true, "HEALTHY", 50000.0, 14.0, 120.0, null, null);
    private static final Account SANDBOX = new Account(false, true, "HEALTHY", 200.0, 1.0, 3.0, null, null);
    private static final Identity ADDRESS_VERIFIED = new Identity("digests@example.com", true, "EMAIL_ADDRESS", true,
            "SUCCESS", "NOT_STARTED");
    private static final Identity DOMAIN_UNKNOWN = Identity.unknown("example.com");
    private static final Destination OURS = new Destination("digest-mail-events", true,
            List.of("BOUNCE", "COMPLAINT", "DELIVERY"), "arn:aws:sns:eu-west-1:111122223333:bucket-digest-MailEvents");
    private static final ConfigurationSet HEALTHY_SET = new ConfigurationSet("digest-set", true, true,
            List.of("BOUNCE", "COMPLAINT"));

    private static Inputs inputs(Reading<Account> account, Reading<Identity> address, Reading<Identity> domain,
            Reading<ConfigurationSet> set, Reading<List<Destination>> destinations) {
        return new Inputs("eu-west-1", SENDER, account, address, Optional.of(domain), Optional.ofNullable(set)
                .map(s -> SET), Optional.ofNullable(set), Optional.ofNullable(destinations), Optional.of("prod"));
    }

    private static Inputs healthy() {
        return inputs(Reading.of(PRODUCTION), Reading.of(ADDRESS_VERIFIED), Reading.of(DOMAIN_UNKNOWN),
                Reading.of(HEALTHY_SET), Reading.of(List.of(OURS)));
    }

    @Test
    void findings_productionAccountVerifiedSenderAndTheStacksSet_areNone() {
        assertThat(SesHealth.findings(healthy())).isEmpty();
        assertThat(SesHealth.senderVerified(healthy())).contains(true);
    }

    @Test
    void findings_sandbox_isANoteWithTheVerifyAndProductionAccessCommands() {
        Inputs in = inputs(Reading.of(SANDBOX), Reading.of(ADDRESS_VERIFIED), Reading.of(DOMAIN_UNKNOWN),
                Reading.of(HEALTHY_SET), Reading.of(List.of(OURS)));

        assertThat(SesHealth.findings(in)).singleElement().satisfies(f -> {
            assertThat(f.problem()).isFalse();
            assertThat(f.text()).contains("SES sandbox in eu-west-1", "only to verified addresses",
                    "at most 200 per 24 hours");
            assertThat(f.commands()).containsExactly(
                    "aws sesv2 create-email-identity --email-identity RECIPIENT --region eu-west-1",
                    "aws sesv2 put-account-details --production-access-enabled --mail-type TRANSACTIONAL "
                            + "--website-url https://... --use-case-description \"Consolidated notifications about "
                            + "changes in our own S3 buckets, sent to our staff\" --region eu-west-1");
        });
    }

    @Test
    void findings_sandboxWithARequestUnderReview_saysToWaitInsteadOfRequestingAgain() {
        Account pending = new Account(false, true, "HEALTHY", 200.0, 1.0, 0.0, "PENDING", "12345");
        Inputs in = inputs(Reading.of(pending), Reading.of(ADDRESS_VERIFIED), Reading.of(DOMAIN_UNKNOWN),
                Reading.of(HEALTHY_SET), Reading.of(List.of(OURS)));

        assertThat(SesHealth.findings(in)).singleElement().satisfies(f -> {
            assertThat(f.text()).contains("requested (case 12345)", "under review");
            assertThat(f.commands()).noneMatch(c -> c.contains("put-account-details"));
        });
    }

    @Test
    void findings_pausedAccount_isAProblemNamingTheDashboardAndTheResume() {
        Account paused = new Account(true, false, "SHUTDOWN", 50000.0, 14.0, 0.0, null, null);
        Inputs in = inputs(Reading.of(paused), Reading.of(ADDRESS_VERIFIED), Reading.of(DOMAIN_UNKNOWN),
                Reading.of(HEALTHY_SET), Reading.of(List.of(OURS)));

        assertThat(SesHealth.findings(in)).singleElement().satisfies(f -> {
            assertThat(f.problem()).isTrue();
            assertThat(f.text()).contains("PAUSED", "SHUTDOWN",
                    "https://console.aws.amazon.com/ses/home?region=eu-west-1#/reputation");
            assertThat(f.commands()).containsExactly(
                    "aws sesv2 put-account-sending-attributes --sending-enabled --region eu-west-1");
        });
    }

    @Test
    void findings_senderNeitherAddressNorDomainKnown_isAProblemWithBothCreateCommands() {
        Inputs in = inputs(Reading.of(PRODUCTION), Reading.of(Identity.unknown("digests@example.com")),
                Reading.of(DOMAIN_UNKNOWN), Reading.of(HEALTHY_SET), Reading.of(List.of(OURS)));

        assertThat(SesHealth.senderVerified(in)).contains(false);
        assertThat(SesHealth.findings(in)).singleElement().satisfies(f -> {
            assertThat(f.problem()).isTrue();
            assertThat(f.text()).contains("digests@example.com (from stack prod output SenderAddress) is not "
                    + "verified for sending in eu-west-1", "digests@example.com is not an SES identity",
                    "example.com is not an SES identity");
            assertThat(f.commands()).containsExactly(
                    "aws sesv2 create-email-identity --email-identity digests@example.com --region eu-west-1",
                    "aws sesv2 create-email-identity --email-identity example.com --region eu-west-1");
        });
    }

    @Test
    void findings_pendingAddressButVerifiedDomain_senderMaySend() {
        Identity pending = new Identity("digests@example.com", true, "EMAIL_ADDRESS", false, "PENDING", null);
        Identity domain = new Identity("example.com", true, "DOMAIN", true, "SUCCESS", "SUCCESS");
        Inputs in = inputs(Reading.of(PRODUCTION), Reading.of(pending), Reading.of(domain), Reading.of(HEALTHY_SET),
                Reading.of(List.of(OURS)));

        assertThat(SesHealth.findings(in)).isEmpty();
        assertThat(SesHealth.describe(domain)).isEqualTo("example.com is verified for sending (DOMAIN, "
                + "verification SUCCESS, DKIM SUCCESS)");
    }

    @Test
    void findings_verificationSucceededButNotVerifiedForSending_isUnknown_aNoteToSendATestMail() {
        Identity contradictory = new Identity("digests@example.com", true, "EMAIL_ADDRESS", false, "SUCCESS", null);
        Inputs in = inputs(Reading.of(PRODUCTION), Reading.of(contradictory), Reading.of(DOMAIN_UNKNOWN),
                Reading.of(HEALTHY_SET), Reading.of(List.of(OURS)));

        assertThat(SesHealth.senderVerified(in)).isEmpty();
        assertThat(SesHealth.findings(in)).singleElement().satisfies(f -> {
            assertThat(f.problem()).isFalse();
            assertThat(f.text()).contains("digests@example.com has verification SUCCESS but "
                    + "VerifiedForSendingStatus false");
            assertThat(f.commands()).containsExactly("bucket-digest ses test-send --to YOUR-ADDRESS");
        });
    }

    @Test
    void findings_pendingAddressUnknownDomain_isNotVerified() {
        Identity pending = new Identity("digests@example.com", true, "EMAIL_ADDRESS", false, "PENDING", null);
        Inputs in = inputs(Reading.of(PRODUCTION), Reading.of(pending), Reading.of(DOMAIN_UNKNOWN),
                Reading.of(HEALTHY_SET), Reading.of(List.of(OURS)));

        assertThat(SesHealth.findings(in)).singleElement().satisfies(f -> {
            assertThat(f.problem()).isTrue();
            assertThat(f.text()).contains("digests@example.com is not verified for sending (EMAIL_ADDRESS, "
                    + "verification PENDING)");
            assertThat(f.commands()).containsExactly(
                    "aws sesv2 create-email-identity --email-identity example.com --region eu-west-1");
        });
    }

    @Test
    void findings_unavailableParts_areNotesNotProblems() {
        Inputs in = inputs(Reading.unavailable("GetAccount is not implemented by http://127.0.0.1:5000"),
                Reading.unavailable("access denied: ses:GetEmailIdentity"), Reading.of(DOMAIN_UNKNOWN),
                Reading.of(HEALTHY_SET), Reading.unavailable("not implemented"));

        List<Finding> findings = SesHealth.findings(in);

        assertThat(SesHealth.senderVerified(in)).isEmpty();
        assertThat(findings).hasSize(3).noneMatch(Finding::problem);
        assertThat(findings.get(0).commands()).containsExactly("aws sesv2 get-account --region eu-west-1");
        assertThat(findings.get(1).text()).contains("Whether the sender digests@example.com may send is unknown: "
                + "access denied: ses:GetEmailIdentity.");
        assertThat(findings.get(2).commands()).containsExactly("aws sesv2 get-configuration-set-event-destinations "
                + "--configuration-set-name digest-set --region eu-west-1");
    }

    @Test
    void findings_missingOrPausedConfigurationSet_areProblems() {
        Inputs missing = inputs(Reading.of(PRODUCTION), Reading.of(ADDRESS_VERIFIED), Reading.of(DOMAIN_UNKNOWN),
                Reading.of(new ConfigurationSet("digest-set", false, null, List.of())), null);
        Inputs paused = inputs(Reading.of(PRODUCTION), Reading.of(ADDRESS_VERIFIED), Reading.of(DOMAIN_UNKNOWN),
                Reading.of(new ConfigurationSet("digest-set", true, false, List.of("BOUNCE", "COMPLAINT"))),
                Reading.of(List.of(OURS)));

        assertThat(SesHealth.findings(missing)).singleElement().satisfies(f -> {
            assertThat(f.problem()).isTrue();
            assertThat(f.text()).contains("digest-set (from stack prod output ConfigurationSetName) does not exist");
        });
        assertThat(SesHealth.findings(paused)).singleElement().satisfies(f -> {
            assertThat(f.problem()).isTrue();
            assertThat(f.commands()).containsExactly("aws sesv2 put-configuration-set-sending-options "
                    + "--configuration-set-name digest-set --sending-enabled --region eu-west-1");
        });
    }

    @Test
    void findings_noDigestEventDestination_isANoteToDeploy() {
        Destination disabled = new Destination("digest-mail-events", false, List.of("BOUNCE"), OURS.target());
        Inputs in = inputs(Reading.of(PRODUCTION), Reading.of(ADDRESS_VERIFIED), Reading.of(DOMAIN_UNKNOWN),
                Reading.of(HEALTHY_SET), Reading.of(List.of(disabled)));

        assertThat(SesHealth.findings(in)).singleElement().satisfies(f -> {
            assertThat(f.problem()).isFalse();
            assertThat(f.text()).contains("no enabled event destination digest-mail-events", "scripts/deploy");
        });
    }

    @Test
    void eventDestinationName_isTheTemplates() throws Exception {
        String template = Files.readString(Path.of("../../template.yaml"));

        assertThat(template).contains("Name: " + SesHealth.EVENT_DESTINATION);
    }
}
