package io.bucketdigest.cli.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.bucketdigest.cli.CliException;
import io.bucketdigest.cli.ExitCode;
import io.bucketdigest.cli.aws.AwsCalls;
import io.bucketdigest.cli.aws.SesReads;
import io.bucketdigest.cli.aws.SesReads.Account;
import io.bucketdigest.cli.aws.SesReads.ConfigurationSet;
import io.bucketdigest.cli.aws.SesReads.Destination;
import io.bucketdigest.cli.aws.SesReads.Identity;
import io.bucketdigest.cli.aws.SesReads.Reading;
import io.bucketdigest.cli.aws.Target;
import io.bucketdigest.cli.config.Connection;
import io.bucketdigest.cli.config.ResourceKind;
import io.bucketdigest.cli.config.Resolved;
import io.bucketdigest.cli.output.Json;
import io.bucketdigest.cli.output.ReportFormatOption;
import io.bucketdigest.cli.output.Text;
import io.bucketdigest.core.subscription.Subscription;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

@Command(
        name = "ses",
        mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Can the pipeline mail? SES account, sender identity and configuration set; a test mail.",
        description = {
            "",
            "Both read the sender from --sender, $SENDER_ADDRESS, the stack output SenderAddress or the local "
                + "pipeline, and the configuration set from --configuration-set, $SES_CONFIGURATION_SET or the "
                + "stack output ConfigurationSetName (the local pipeline has none), in the pipeline's region.",
            ""
        },
        subcommands = {SesCommand.Status.class, SesCommand.TestSend.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  bucket-digest --stack bucket-digest-prod ses status",
            "  bucket-digest --stack bucket-digest-prod ses test-send --to me@example.com"
        })
public final class SesCommand extends BaseCommand {

    @Override
    public Integer call() {
        return missingSubcommand();
    }

    @Command(name = "status", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
            header = "SES account state, sender identity and configuration set, and what to do about them.",
            description = {
                "",
                "Reads GetAccount (sandbox or production access, sending enabled or PAUSED, enforcement status, "
                    + "24-hour quota, send rate, sent in the last 24 hours), GetEmailIdentity of the sender address "
                    + "and of its domain (with DKIM), GetConfigurationSet (suppression) and its event destinations "
                    + "(the stack's digest-mail-events to SNS). A part SES or an emulator will not show is marked "
                    + "unavailable with the reason; the rest is still shown. Ends with what to do.",
                "",
                "Exit 1 when digests cannot be sent: sending paused (account or configuration set), the sender "
                    + "not verified (neither the address nor its domain), or the configuration set missing. The "
                    + "sandbox alone is a note, not a failure.",
                ""
            },
            footerHeading = "%nExamples:%n",
            footer = {
                "  bucket-digest --stack bucket-digest-prod ses status",
                "  bucket-digest ses status --sender digests@example.com -o json | jq .todo"
            })
    public static final class Status extends BaseCommand {

        @Mixin
        ReportFormatOption output;

        @Override
        public Integer call() {
            Connection connection = resolver().connection();
            Resolved sender = resolver().require(ResourceKind.SENDER);
            Optional<Resolved> setName = resolver().find(ResourceKind.CONFIGURATION_SET);
            SesReads reads = new SesReads(session().sesV2(), calls(), connection);
            Reading<Account> account = reads.account();
            Reading<Identity> address = reads.identity(sender.value());
            Optional<Reading<Identity>> domain = Optional.ofNullable(SesHealth.domainOf(sender.value()))
                    .map(reads::identity);
            Optional<Reading<ConfigurationSet>> set = setName.map(n -> reads.configurationSet(
                    Target.of(ResourceKind.CONFIGURATION_SET, n)));
            Optional<Reading<List<Destination>>> destinations = setName.isPresent()
                    && !(set.get().available() && !set.get().value().exists())
                    ? Optional.of(reads.eventDestinations(Target.of(ResourceKind.CONFIGURATION_SET, setName.get())))
                    : Optional.empty();
            SesHealth.Inputs inputs = new SesHealth.Inputs(connection.region(), sender, account, address, domain,
                    setName, set, destinations, resolver().stackName());
            List<SesHealth.Finding> findings = SesHealth.findings(inputs);
            if (output.json()) {
                Json.writeLine(out(), json(inputs, connection, findings));
                out().flush();
            } else {
                printTable(inputs, connection, findings);
            }
            return findings.stream().anyMatch(SesHealth.Finding::problem) ? ExitCode.PARTIAL : ExitCode.OK;
        }

        private void printTable(SesHealth.Inputs in, Connection connection, List<SesHealth.Finding> findings) {
            PrintWriter out = out();
            long problems = findings.stream().filter(SesHealth.Finding::problem).count();
            long notes = findings.size() - problems;
            out.println("SES       " + connection.region() + " at " + connection.describeEndpoint());
            out.println("Health    " + (problems > 0 ? "PROBLEMS (" + problems + ")" : notes > 0 ? "OK (" + notes
                    + " note" + (notes == 1 ? "" : "s") + " under What to do)" : "OK"));
            out.println();
            out.println("Account");
            if (!in.account().available()) {
                row(out, "unavailable", in.account().unavailable());
            } else {
                Account a = in.account().value();
                row(out, "access", a.productionAccess() ? "production" : "SANDBOX: mail only to verified "
                        + "addresses" + (a.reviewStatus() == null ? "" : " (production access request: "
                        + a.reviewStatus() + ")"));
                row(out, "sending", a.sendingEnabled() ? "enabled" : "PAUSED");
                row(out, "enforcement", a.enforcementStatus() == null ? "-" : a.enforcementStatus());
                row(out, "quota", SesHealth.number(a.max24HourSend()) + " per 24 h, "
                        + SesHealth.number(a.maxSendRate()) + " per second; " + SesHealth.number(a.sentLast24Hours())
                        + " sent in the last 24 h");
            }
            out.println();
            out.println("Sender");
            row(out, "address", in.sender().value() + " (from " + in.sender().source() + ")");
            identityRow(out, "identity", in.address());
            in.domain().ifPresent(d -> identityRow(out, "domain", d));
            Optional<Boolean> verified = SesHealth.senderVerified(in);
            row(out, "verdict", verified.map(v -> v ? "may send" : "NOT VERIFIED: SES refuses its mail")
                    .orElse("unknown (see What to do)"));
            out.println();
            out.println("Configuration set");
            if (in.configurationSetName().isEmpty()) {
                row(out, "name", "none configured (" + (resolver().localPipeline().isPresent()
                        ? "the local pipeline has none" : "--configuration-set") + "): mail goes out without one");
            } else {
                Resolved name = in.configurationSetName().get();
                row(out, "name", name.value() + " (from " + name.source() + ")");
                Reading<ConfigurationSet> set = in.configurationSet().orElseThrow();
                if (!set.available()) {
                    row(out, "unavailable", set.unavailable());
                } else if (!set.value().exists()) {
                    row(out, "state", "DOES NOT EXIST");
                } else {
                    row(out, "sending", Boolean.FALSE.equals(set.value().sendingEnabled()) ? "PAUSED" : "enabled");
                    row(out, "suppresses", set.value().suppressedReasons().isEmpty() ? "nothing (account-level "
                            + "suppression list only)" : String.join(", ", set.value().suppressedReasons()));
                }
                in.eventDestinations().ifPresent(d -> {
                    if (!d.available()) {
                        row(out, "events", "unavailable: " + d.unavailable());
                    } else if (d.value().isEmpty()) {
                        row(out, "events", "no event destinations");
                    } else {
                        String key = "events";
                        for (Destination destination : d.value()) {
                            row(out, key, destination.name() + ": " + (destination.enabled() ? "enabled" : "DISABLED")
                                    + " -> " + destination.target() + " (" + String.join(", ",
                                    destination.eventTypes()) + ")");
                            key = "";
                        }
                    }
                });
            }
            out.println();
            out.println("What to do");
            if (findings.isEmpty()) {
                out.println("  Nothing: SES is ready to send the digests.");
            }
            for (SesHealth.Finding finding : findings) {
                out.println(Text.wrap("  - " + (finding.problem() ? "PROBLEM: " : "") + finding.text(), width(), 4));
                finding.commands().forEach(c -> out.println("      " + c));
            }
            out.flush();
        }

        private void row(PrintWriter out, String key, String value) {
            out.println(Text.wrap(String.format(Locale.ROOT, "  %-13s%s", key, value), width(), 15));
        }

        private void identityRow(PrintWriter out, String key, Reading<Identity> identity) {
            row(out, key, identity.available() ? SesHealth.describe(identity.value())
                    : "unavailable: " + identity.unavailable());
        }

        private static StatusLine json(SesHealth.Inputs in, Connection connection,
                List<SesHealth.Finding> findings) {
            Optional<ConfigurationSetLine> set = in.configurationSetName().map(name -> {
                Reading<ConfigurationSet> reading = in.configurationSet().orElseThrow();
                ConfigurationSet value = reading.value();
                return new ConfigurationSetLine(reading.available(), reading.unavailable(), name.value(),
                        name.source(), value == null ? null : value.exists(),
                        value == null ? null : value.sendingEnabled(), value == null ? null : value.suppressedReasons(),
                        in.eventDestinations().map(d -> new DestinationsLine(d.available(), d.unavailable(), d.value()))
                                .orElse(null));
            });
            List<Reading<Identity>> identities = new ArrayList<>(List.of(in.address()));
            in.domain().ifPresent(identities::add);
            return new StatusLine(connection.region(), connection.endpoint().map(Object::toString).orElse(null),
                    findings.stream().noneMatch(SesHealth.Finding::problem),
                    findings.stream().filter(SesHealth.Finding::problem).map(SesHealth.Finding::text).toList(),
                    findings, in.account(), new SenderLine(in.sender().value(), in.sender().source(),
                            SesHealth.senderVerified(in).orElse(null), identities), set.orElse(null));
        }

        record StatusLine(String region, String endpoint, boolean healthy, List<String> problems,
                List<SesHealth.Finding> todo, Reading<Account> account, SenderLine sender,
                ConfigurationSetLine configurationSet) {}

        record SenderLine(String address, String source, Boolean verified, List<Reading<Identity>> identities) {}

        /** The fields SES did not show (the set unavailable) are left out. */
        record ConfigurationSetLine(boolean available, String unavailableReason, String name, String source,
                @JsonInclude(Include.NON_NULL) Boolean exists, @JsonInclude(Include.NON_NULL) Boolean sendingEnabled,
                @JsonInclude(Include.NON_NULL) List<String> suppressedReasons, DestinationsLine eventDestinations) {}

        record DestinationsLine(boolean available, String unavailableReason,
                @JsonInclude(Include.NON_NULL) List<Destination> destinations) {}
    }

    @Command(name = "test-send", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
            header = "Send one short plain-text test mail from the sender and print SES's message id.",
            description = {
                "",
                "Sends through the configuration set when there is one, like the digests. The mail carries no "
                    + "digest tag, so the pipeline's mail-event function ignores what SES reports about it (that "
                    + "is intended). In the SES sandbox the recipient must be a verified address too; a refusal "
                    + "prints SES's reason and the fix (exit 3).",
                ""
            },
            footerHeading = "%nExamples:%n",
            footer = {
                "  bucket-digest ses test-send --to me@example.com",
                "  bucket-digest --stack bucket-digest-prod ses test-send --to me@example.com \\",
                "      --subject 'SES check after the DNS change'"
            })
    public static final class TestSend extends BaseCommand {

        @Option(names = "--to", paramLabel = "ADDRESS", required = true, description = "The recipient.")
        String to;

        @Option(names = "--subject", paramLabel = "TEXT", description = "Subject (default: Bucket Digest test mail).")
        String subject;

        @Mixin
        ReportFormatOption output;

        @Override
        public Integer call() {
            String recipient = to.trim();
            if (!Subscription.isValidAddress(recipient)) {
                throw CliException.usage("--to: '" + to + "' is not an email address (such as ops@example.com)");
            }
            if (subject != null && (subject.isBlank() || subject.length() > 200)) {
                throw CliException.usage("--subject: give 1 to 200 characters");
            }
            Connection connection = resolver().connection();
            Resolved sender = resolver().require(ResourceKind.SENDER);
            Optional<Resolved> set = resolver().find(ResourceKind.CONFIGURATION_SET);
            String title = subject != null ? subject.trim() : "Bucket Digest test mail";
            String sentAt = Text.time(context().clock().instant());
            String body = "This is a test mail from `bucket-digest ses test-send`, sent at " + sentAt + " from "
                    + sender.value() + " through SES in " + connection.region()
                    + set.map(s -> " with the configuration set " + s.value()).orElse("") + ".\n\n"
                    + "The digests of this pipeline come from the same sender the same way. Nothing to do.\n";
            SendEmailRequest request = SendEmailRequest.builder()
                    .fromEmailAddress(sender.value())
                    .destination(d -> d.toAddresses(recipient))
                    .content(c -> c.simple(m -> m.subject(t -> t.data(title).charset("UTF-8"))
                            .body(b -> b.text(t -> t.data(body).charset("UTF-8")))))
                    .configurationSetName(set.map(Resolved::value).orElse(null))
                    .build();
            String messageId;
            try {
                messageId = session().sesV2().sendEmail(request).messageId();
            } catch (SdkException e) {
                throw refusal(e, sender, recipient, set, connection.region());
            }
            if (output.json()) {
                Json.writeLine(out(), new SentLine(messageId, sender.value(), recipient, title,
                        set.map(Resolved::value).orElse(null), connection.region()));
            } else {
                out().println("Sent    " + sender.value() + " -> " + recipient + " through SES in "
                        + connection.region() + set.map(s -> ", configuration set " + s.value()).orElse(""));
                out().println("Subject " + title);
                out().println("SES message id " + messageId);
                out().println(Text.wrap("SES accepted it; whether it arrived shows in the recipient's mailbox (and "
                        + "spam folder). The pipeline does not record SES events for this mail: it carries no "
                        + "digest tag.", width(), 0));
            }
            out().flush();
            return ExitCode.OK;
        }

        record SentLine(String messageId, String from, String to, String subject, String configurationSet,
                String region) {}

        private CliException refusal(SdkException e, Resolved sender, String recipient, Optional<Resolved> set,
                String region) {
            String code = AwsCalls.errorCode(e);
            String said = e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
                    && service.awsErrorDetails() != null ? service.awsErrorDetails().errorMessage() : e.getMessage();
            String r = " --region " + region;
            String verifyRecipient = "verify the recipient (aws sesv2 create-email-identity --email-identity "
                    + recipient + r + ", then click the link SES mails there)";
            String production = "request production access (aws sesv2 put-account-details "
                    + "--production-access-enabled --mail-type TRANSACTIONAL --website-url https://... "
                    + "--use-case-description \"...\"" + r + "; see `bucket-digest ses status`)";
            String verifySender = "verify the sender (aws sesv2 create-email-identity --email-identity "
                    + sender.value() + r + ", or its domain; see `bucket-digest ses status`)";
            String lower = String.valueOf(said).toLowerCase(Locale.ROOT);
            String refused = "SES refused the test mail from " + sender.value() + " to " + recipient + " (" + code
                    + (said == null ? "" : ": " + said) + "). ";
            switch (code) {
                case "MessageRejected" -> {
                    if (lower.contains("not verified")) {
                        boolean senderNamed = lower.contains(sender.value().toLowerCase(Locale.ROOT));
                        boolean recipientNamed = lower.contains(recipient.toLowerCase(Locale.ROOT));
                        String fix = senderNamed && !recipientNamed ? "Fix: " + verifySender + "."
                                : recipientNamed && !senderNamed ? "In the SES sandbox every recipient must be "
                                        + "verified: " + verifyRecipient + ", or " + production + "."
                                : "Fix: " + verifySender + "; in the SES sandbox also " + verifyRecipient + ", or "
                                        + production + ".";
                        return new CliException(ExitCode.AWS, refused + fix, e);
                    }
                    return new CliException(ExitCode.AWS, refused + "Check the sender (" + verifySender + ") and, "
                            + "in the SES sandbox, the recipient: " + verifyRecipient + ".", e);
                }
                case "AccessDenied", "AccessDeniedException" -> {
                    return new CliException(ExitCode.AWS, refused + "In the SES sandbox this is how SES refuses an "
                            + "unverified recipient: " + verifyRecipient + ", or " + production + ". Otherwise your "
                            + "identity lacks ses:SendEmail on identity/" + sender.value() + set.map(s -> " and "
                            + "configuration-set/" + s.value()).orElse("") + ": grant it.", e);
                }
                case "SendingPausedException", "AccountSuspendedException" -> {
                    return new CliException(ExitCode.AWS, refused + "Sending is paused for the account or the "
                            + "configuration set: see `bucket-digest ses status` for the cause and the fix.", e);
                }
                case "MailFromDomainNotVerifiedException" -> {
                    return new CliException(ExitCode.AWS, refused + "The sender's custom MAIL FROM domain is not "
                            + "verified: publish its MX and SPF records, or turn it off (aws sesv2 "
                            + "put-email-identity-mail-from-attributes --email-identity " + sender.value() + r
                            + ").", e);
                }
                case "NotFoundException" -> {
                    return new CliException(ExitCode.AWS, refused + set.map(s -> "Does the configuration set "
                            + s.value() + " (from " + s.source() + ") exist in " + region + "? Check with "
                            + "`bucket-digest ses status`, or pass --configuration-set.")
                            .orElse("Check with `bucket-digest ses status`."), e);
                }
                default -> {
                    return calls().translate(e, "ses:SendEmail", new Target("sender", sender.value(),
                            sender.source(), "Check with `bucket-digest ses status`."));
                }
            }
        }
    }
}
