package io.bucketdigest.cli.command;

import io.bucketdigest.cli.aws.SesReads.Account;
import io.bucketdigest.cli.aws.SesReads.ConfigurationSet;
import io.bucketdigest.cli.aws.SesReads.Destination;
import io.bucketdigest.cli.aws.SesReads.Identity;
import io.bucketdigest.cli.aws.SesReads.Reading;
import io.bucketdigest.cli.config.Resolved;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code ses status} concludes from the SES reads, and what to do about each finding. A problem means digests
 * cannot be sent (sending paused for the account or the configuration set, the sender unverified, the configuration
 * set missing) and makes the command exit 1; everything else is a note (the sandbox, an account under review, a
 * missing event destination, a part SES or the emulator would not show). The verdict on the sender follows
 * {@code VerifiedForSendingStatus}, as scripts/deploy's preflight does, of the address or of its domain.
 */
final class SesHealth {

    /** The name of the stack's event destination (template.yaml, DigestMailEvents). */
    static final String EVENT_DESTINATION = "digest-mail-events";

    /**
     * @param problem  digests cannot be sent until this is fixed
     * @param text     what is wrong and what to do, in a sentence or two
     * @param commands commands to run, each whole on its line
     */
    record Finding(boolean problem, String text, List<String> commands) {
        Finding {
            commands = List.copyOf(commands);
        }
    }

    /** What ses status read; the configuration set parts are empty when none is configured. */
    record Inputs(String region, Resolved sender, Reading<Account> account, Reading<Identity> address,
            Optional<Reading<Identity>> domain, Optional<Resolved> configurationSetName,
            Optional<Reading<ConfigurationSet>> configurationSet,
            Optional<Reading<List<Destination>>> eventDestinations, Optional<String> stack) {}

    private SesHealth() {}

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 || at == address.length() - 1 ? null : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * Verified when the address or its domain is verified for sending; empty when that cannot be told: a read was
     * unavailable, or SES's two answers disagree ({@link #disagrees}).
     */
    static Optional<Boolean> senderVerified(Inputs in) {
        boolean any = in.address().available() && in.address().value().verifiedForSending()
                || in.domain().map(d -> d.available() && d.value().verifiedForSending()).orElse(false);
        if (any) {
            return Optional.of(true);
        }
        boolean known = in.address().available() && in.domain().map(Reading::available).orElse(true);
        if (!known || identities(in).stream().anyMatch(SesHealth::disagrees)) {
            return Optional.empty();
        }
        return Optional.of(false);
    }

    /**
     * Verification SUCCESS but not verified for sending: SES's own fields contradict each other. moto_server answers
     * so for every identity it knows (and lets it send), so neither verdict would be honest; a test mail tells.
     */
    static boolean disagrees(Identity identity) {
        return identity.exists() && !identity.verifiedForSending()
                && "SUCCESS".equalsIgnoreCase(identity.verificationStatus());
    }

    private static List<Identity> identities(Inputs in) {
        List<Identity> identities = new ArrayList<>();
        if (in.address().available()) {
            identities.add(in.address().value());
        }
        in.domain().filter(Reading::available).map(Reading::value).ifPresent(identities::add);
        return identities;
    }

    static String reputationDashboard(String region) {
        return "https://console.aws.amazon.com/ses/home?region=" + region + "#/reputation";
    }

    static List<Finding> findings(Inputs in) {
        List<Finding> findings = new ArrayList<>();
        String region = in.region();
        String r = " --region " + region;
        if (!in.account().available()) {
            findings.add(new Finding(false, "The SES account's state is unknown: "
                    + sentence(in.account().unavailable()) + " On AWS, check it by hand:",
                    List.of("aws sesv2 get-account" + r)));
        } else {
            Account account = in.account().value();
            if (!account.sendingEnabled()) {
                findings.add(new Finding(true, "SES sending is PAUSED for this account in " + region
                        + " (enforcement status " + account.enforcementStatus() + "): no digest can be sent. Open "
                        + "the reputation dashboard (SES console, Reputation metrics: " + reputationDashboard(region)
                        + "), fix what SES reports and answer its notice. If you paused sending yourself, resume it:",
                        List.of("aws sesv2 put-account-sending-attributes --sending-enabled" + r)));
            } else if ("PROBATION".equalsIgnoreCase(account.enforcementStatus())) {
                findings.add(new Finding(false, "SES has put the account under review (enforcement status "
                        + "PROBATION): its bounce or complaint rate is too high, and SES pauses sending if it stays "
                        + "so. See the reputation dashboard: " + reputationDashboard(region), List.of()));
            }
            if (!account.productionAccess()) {
                findings.add(sandbox(in, account));
            }
            if (account.max24HourSend() != null && account.sentLast24Hours() != null && account.max24HourSend() > 0
                    && account.sentLast24Hours() >= account.max24HourSend()) {
                findings.add(new Finding(false, "The 24-hour quota is used up (" + number(account.sentLast24Hours())
                        + " of " + number(account.max24HourSend()) + " sent): SES refuses mail until earlier sends "
                        + "are 24 hours old; digests wait and are retried.", List.of()));
            }
        }
        sender(in).ifPresent(findings::add);
        configurationSet(in, findings);
        return findings;
    }

    private static Finding sandbox(Inputs in, Account account) {
        String r = " --region " + in.region();
        String limits = account.max24HourSend() == null ? "" : ", at most " + number(account.max24HourSend())
                + " per 24 hours";
        String verify = "aws sesv2 create-email-identity --email-identity RECIPIENT" + r;
        String status = account.reviewStatus() == null ? "" : account.reviewStatus().toUpperCase(Locale.ROOT);
        String forCase = account.reviewCase() == null ? "" : " (case " + account.reviewCase() + ")";
        if (status.equals("PENDING")) {
            return new Finding(false, "The account is in the SES sandbox in " + in.region() + ": SES delivers only "
                    + "to verified addresses" + limits + ". Production access was requested" + forCase + " and is "
                    + "under review: wait for AWS's answer, and meanwhile verify each recipient (SES mails it a link "
                    + "to click):", List.of(verify));
        }
        String denied = status.equals("DENIED") || status.equals("FAILED") ? " A request for production access was "
                + status + forCase + ": answer the case in the AWS Support Center, or request again." : "";
        return new Finding(false, "The account is in the SES sandbox in " + in.region() + ": SES delivers only to "
                + "verified addresses" + limits + "." + denied + " Verify each recipient (SES mails it a link to "
                + "click), or request production access (docs/deployment.md, \"SES: sandbox and identity "
                + "verification\"):", List.of(verify, "aws sesv2 put-account-details --production-access-enabled "
                + "--mail-type TRANSACTIONAL --website-url https://... --use-case-description \"Consolidated "
                + "notifications about changes in our own S3 buckets, sent to our staff\"" + r));
    }

    private static Optional<Finding> sender(Inputs in) {
        String sender = in.sender().value();
        String r = " --region " + in.region();
        Optional<Boolean> verified = senderVerified(in);
        if (verified.isEmpty() && identities(in).stream().anyMatch(SesHealth::disagrees)) {
            String which = identities(in).stream().filter(SesHealth::disagrees).map(Identity::name)
                    .reduce((a, b) -> a + " and " + b).orElse(sender);
            return Optional.of(new Finding(false, "SES's answers about the sender contradict each other: " + which
                    + " has verification SUCCESS but VerifiedForSendingStatus false (moto_server answers so for every "
                    + "identity). A test mail tells whether SES accepts mail from " + sender + ":",
                    List.of("bucket-digest ses test-send --to YOUR-ADDRESS")));
        }
        if (verified.isEmpty()) {
            String reason = !in.address().available() ? in.address().unavailable()
                    : in.domain().map(Reading::unavailable).orElse("");
            return Optional.of(new Finding(false, "Whether the sender " + sender + " may send is unknown: "
                    + sentence(reason) + " On AWS, check it by hand:",
                    List.of("aws sesv2 get-email-identity --email-identity " + sender + r)));
        }
        if (verified.get()) {
            return Optional.empty();
        }
        Identity address = in.address().value();
        Optional<Identity> domain = in.domain().map(Reading::value);
        List<String> commands = new ArrayList<>();
        if (!address.exists()) {
            commands.add("aws sesv2 create-email-identity --email-identity " + sender + r);
        }
        domain.filter(d -> !d.exists()).ifPresent(d -> commands.add("aws sesv2 create-email-identity "
                + "--email-identity " + d.name() + r));
        if (commands.isEmpty()) {
            commands.add("aws sesv2 get-email-identity --email-identity " + domain.map(Identity::name).orElse(sender)
                    + r);
        }
        String states = describe(address) + domain.map(d -> "; " + describe(d)).orElse("");
        return Optional.of(new Finding(true, "The sender " + sender + " (from " + in.sender().source() + ") is not "
                + "verified for sending in " + in.region() + ", so SES refuses every digest: " + states + ". Verify "
                + "the address (SES mails it a link to click) or its domain (publish the DKIM CNAME records that "
                + "get-email-identity lists under DkimAttributes.Tokens):", commands));
    }

    static String describe(Identity identity) {
        if (!identity.exists()) {
            return identity.name() + " is not an SES identity";
        }
        return identity.name() + " is " + (identity.verifiedForSending() ? "" : "not ") + "verified for sending ("
                + details(identity) + ")";
    }

    static String details(Identity identity) {
        List<String> parts = new ArrayList<>();
        if (identity.type() != null) {
            parts.add(identity.type());
        }
        if (identity.verificationStatus() != null) {
            parts.add("verification " + identity.verificationStatus());
        }
        if ("DOMAIN".equals(identity.type()) && identity.dkimStatus() != null) {
            parts.add("DKIM " + identity.dkimStatus());
        }
        return String.join(", ", parts);
    }

    private static void configurationSet(Inputs in, List<Finding> findings) {
        String r = " --region " + in.region();
        if (in.configurationSetName().isEmpty()) {
            in.stack().ifPresent(stack -> findings.add(new Finding(false, "Stack " + stack + " has no output "
                    + "ConfigurationSetName, so it was deployed from an older template: digests go out without "
                    + "bounce suppression or mail events. Deploy the current template:", List.of("scripts/deploy"
                    + " --stack " + stack + r))));
            return;
        }
        Resolved name = in.configurationSetName().get();
        Reading<ConfigurationSet> set = in.configurationSet().orElseThrow();
        if (!set.available()) {
            findings.add(new Finding(false, "The configuration set " + name.value() + " could not be read: "
                    + sentence(set.unavailable()) + " On AWS, check it by hand:",
                    List.of("aws sesv2 get-configuration-set --configuration-set-name " + name.value() + r)));
        } else if (!set.value().exists()) {
            findings.add(new Finding(true, "The configuration set " + name.value() + " (from " + name.source()
                    + ") does not exist in " + in.region() + ", so SES refuses every digest. Deploy the stack again "
                    + "(scripts/deploy), or correct --configuration-set / SES_CONFIGURATION_SET.", List.of()));
            return;
        } else {
            if (Boolean.FALSE.equals(set.value().sendingEnabled())) {
                findings.add(new Finding(true, "Sending through the configuration set " + name.value() + " is "
                        + "PAUSED, so SES refuses every digest. Check the reputation dashboard ("
                        + reputationDashboard(in.region()) + "); if it was paused on purpose and the cause is fixed, "
                        + "resume it:", List.of("aws sesv2 put-configuration-set-sending-options "
                        + "--configuration-set-name " + name.value() + " --sending-enabled" + r)));
            }
            List<String> missing = new ArrayList<>(List.of("BOUNCE", "COMPLAINT"));
            missing.removeAll(set.value().suppressedReasons());
            if (!missing.isEmpty()) {
                findings.add(new Finding(false, "The configuration set " + name.value() + " does not suppress "
                        + String.join(" or ", missing) + " (the stack's suppresses both): SES keeps mailing "
                        + "addresses that bounce or complain, which hurts the account's reputation. Deploy the "
                        + "current template (scripts/deploy).", List.of()));
            }
        }
        Reading<List<Destination>> destinations = in.eventDestinations().orElse(null);
        if (destinations == null) {
            return;
        }
        if (!destinations.available()) {
            findings.add(new Finding(false, "The configuration set's event destinations could not be read: "
                    + sentence(destinations.unavailable()) + " On AWS, check them by hand:", List.of(
                    "aws sesv2 get-configuration-set-event-destinations --configuration-set-name " + name.value()
                            + r)));
            return;
        }
        boolean ours = destinations.value().stream().anyMatch(d -> d.name().equals(EVENT_DESTINATION) && d.enabled()
                && d.target().startsWith("arn:") && d.target().contains(":sns:"));
        if (!ours) {
            findings.add(new Finding(false, "The configuration set " + name.value() + " has no enabled event "
                    + "destination " + EVENT_DESTINATION + " to an SNS topic, so bounces, complaints and deliveries "
                    + "never reach the history (`bucket-digest digests show`). Deploy the current template "
                    + "(scripts/deploy).", List.of()));
        }
    }

    static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }

    static String number(Double value) {
        if (value == null) {
            return "?";
        }
        return value == Math.rint(value) ? Long.toString(value.longValue()) : String.format(Locale.ROOT, "%.2f",
                value);
    }
}
