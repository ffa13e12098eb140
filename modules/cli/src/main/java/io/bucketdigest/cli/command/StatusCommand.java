package io.bucketdigest.cli.command;

import io.bucketdigest.aws.dynamodb.DynamoDbHistoryReads;
import io.bucketdigest.aws.dynamodb.DynamoDbHistoryReads.DigestRow;
import io.bucketdigest.cli.ExitCode;
import io.bucketdigest.cli.command.AttachedBucketsCheck.BucketState;
import io.bucketdigest.cli.config.Connection;
import io.bucketdigest.cli.config.ResourceKind;
import io.bucketdigest.cli.output.Column;
import io.bucketdigest.cli.output.Json;
import io.bucketdigest.cli.output.ReportFormatOption;
import io.bucketdigest.cli.output.TableWriter;
import io.bucketdigest.cli.output.Text;
import io.bucketdigest.cli.output.TimeArguments;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.mail.MailEvent;
import io.bucketdigest.core.port.SubscriptionStates;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "status",
        mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        sortOptions = false,
        header = "One screen: queue depths, pending events and the last digest per subscription, DLQ counts.",
        description = {
            "",
            "Reports problems when a dead-letter queue holds messages, a subscription's oldest pending event "
                + "has waited longer than its max delay plus --grace, its last digest FAILED or is stuck SENDING, "
                + "one of its 100 most recent digests is QUARANTINED (retry or abandon it), SES reported a bounce, "
                + "complaint or reject of its last digest, "
                + "or a main queue's oldest message is older than the alarm thresholds (15 min ingest, 1 h digest; "
                + "CloudWatch). With --stack, also when a bucket in the stack's AttachedBuckets no longer publishes "
                + "to the topic or the topic policy no longer covers it, and when a bucket attached by hand is "
                + "missing from AttachedBuckets (the next deploy would cut it off); each names its fix.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  bucket-digest status",
            "  bucket-digest --stack bucket-digest-prod status --check  # 1: problems",
            "  bucket-digest status --format json | jq .healthy"
        })
public final class StatusCommand extends BaseCommand {

    private static final Duration STUCK_SENDING = Duration.ofMinutes(30);
    /** Quarantined digests are looked for among this many recent digests per subscription (one page). */
    private static final int QUARANTINE_LOOKBACK = 100;

    @Option(names = "--max-delay", paramLabel = "DURATION", converter = TimeArguments.DurationConverter.class,
            defaultValue = "15m",
            description = "The deployment's MaxDelaySeconds, for subscriptions without their own (default: 15m).")
    Duration defaultMaxDelay;

    @Option(names = "--grace", paramLabel = "DURATION", converter = TimeArguments.DurationConverter.class,
            defaultValue = "10m", description = "Slack beyond the max delay before pending counts as late (10m).")
    Duration grace;

    @Option(names = "--check", description = "Exit 1 when there are problems (for scripts and cron).")
    boolean check;

    @Mixin
    ReportFormatOption output;

    record SubscriptionStatus(String id, long pending, Instant firstPendingAt, Instant lastArrivalAt,
            String leaseOwner, DigestRecord lastDigest, Duration maxDelay) {}

    @Override
    public Integer call() {
        Instant now = context().clock().instant();
        List<String> problems = new ArrayList<>();
        List<DlqCommand.Row> queues = DlqCommand.collect(this, 100);
        for (DlqCommand.Row row : queues) {
            if (row.deadLetter() && row.stats().visible() > 0) {
                String role = row.role().displayName();
                problems.add(row.name() + " holds " + row.stats().visible() + " message(s): inspect with "
                        + "`bucket-digest dlq peek " + role + "`, replay with `bucket-digest dlq replay " + role + "`");
            }
            Duration limit = row.role().main() == ResourceKind.INGEST_QUEUE ? Duration.ofMinutes(15)
                    : Duration.ofHours(1);
            if (!row.deadLetter() && row.age().age() != null && row.age().age().compareTo(limit) > 0) {
                problems.add(row.name() + " queue's oldest message is " + Text.age(row.age().age()) + " old (over "
                        + Text.age(limit) + "): its function is falling behind or failing; check its logs");
            }
        }
        DynamoDbHistoryReads history = history(100);
        List<Subscription> stored = calls().call("dynamodb:Query", target(ResourceKind.TABLE),
                () -> subscriptionStore().list());
        // Only the max delay matters here; the CLI does not know the deployment's other defaults.
        DigestTiming defaults = new DigestTiming(Duration.ZERO, defaultMaxDelay, 1);
        Map<String, DigestTiming> ids = new LinkedHashMap<>();
        stored.stream().sorted(Comparator.comparing(Subscription::id)).forEach(s -> ids.put(s.id(),
                s.timing(defaults)));
        ids.putIfAbsent(Subscription.DEFAULT_ID, defaults);
        List<SubscriptionStatus> subscriptions = new ArrayList<>();
        for (Map.Entry<String, DigestTiming> entry : ids.entrySet()) {
            String id = entry.getKey();
            long pending = history.pendingCount(id);
            Optional<SubscriptionStates.State> state = history.state(id);
            Iterator<DigestRow> digests = history.digests(List.of(id), null, null);
            DigestRecord last = digests.hasNext() ? digests.next().record() : null;
            List<DigestRecord> quarantined = new ArrayList<>();
            if (last != null && last.status() == DigestRecord.Status.QUARANTINED) {
                quarantined.add(last);
            }
            for (int seen = 1; seen < QUARANTINE_LOOKBACK && digests.hasNext(); seen++) {
                DigestRecord earlier = digests.next().record();
                if (earlier.status() == DigestRecord.Status.QUARANTINED) {
                    quarantined.add(earlier);
                }
            }
            if (id.equals(Subscription.DEFAULT_ID) && pending == 0 && state.isEmpty() && last == null
                    && stored.stream().noneMatch(s -> s.id().equals(id))) {
                continue;
            }
            SubscriptionStatus status = new SubscriptionStatus(id, pending,
                    state.map(SubscriptionStates.State::firstPendingAt).orElse(null),
                    state.map(SubscriptionStates.State::lastArrivalAt).orElse(null),
                    state.map(SubscriptionStates.State::leaseOwner).orElse(null), last, entry.getValue().maxDelay());
            subscriptions.add(status);
            if (pending > 0 && status.firstPendingAt() != null) {
                Duration waited = Duration.between(status.firstPendingAt(), now);
                if (now.isAfter(entry.getValue().latestDueAt(status.firstPendingAt()).plus(grace))) {
                    problems.add("subscription " + id + ": " + pending + " event(s) pending for " + Text.age(waited)
                            + " (max delay " + Text.age(status.maxDelay()) + "): is the digest function running? "
                            + "Check `bucket-digest dlq stats` and its logs");
                }
            }
            if (last != null && last.status() == DigestRecord.Status.FAILED) {
                problems.add("subscription " + id + ": last digest " + last.id() + " FAILED (" + last.failureReason()
                        + "); the sender retries it, see `bucket-digest digests show " + last.id() + "`");
            }
            for (DigestRecord digest : quarantined) {
                problems.add("subscription " + id + ": digest " + digest.id() + " is QUARANTINED ("
                        + digest.failureReason() + "), never mailed, its entries parked: fix the cause, then "
                        + "`bucket-digest digests retry " + digest.id() + "` or `bucket-digest digests abandon "
                        + digest.id() + "`");
            }
            if (last != null && last.sentAt() != null) {
                Map<MailEvent.Type, SortedSet<String>> mail = MailEvent.recipientsByType(mailEvents(last.id()));
                Set<String> bounced = mail.getOrDefault(MailEvent.Type.BOUNCE, Collections.emptySortedSet());
                Set<String> complained = mail.getOrDefault(MailEvent.Type.COMPLAINT, Collections.emptySortedSet());
                boolean rejected = mail.containsKey(MailEvent.Type.REJECT)
                        || mail.containsKey(MailEvent.Type.RENDERING_FAILURE);
                if (!bounced.isEmpty() || !complained.isEmpty() || rejected) {
                    List<String> what = new ArrayList<>();
                    if (!bounced.isEmpty()) {
                        what.add("bounced for " + String.join(", ", bounced));
                    }
                    if (!complained.isEmpty()) {
                        what.add("complaint from " + String.join(", ", complained));
                    }
                    if (rejected) {
                        what.add("rejected by SES");
                    }
                    problems.add("subscription " + id + ": last digest " + last.id() + " " + String.join("; ", what)
                            + ": SES suppresses such addresses from now on; see `bucket-digest digests show "
                            + last.id() + "` and drop them with `bucket-digest subscriptions update " + id
                            + " --recipient ...`");
                }
            }
            if (last != null && last.status() == DigestRecord.Status.SENDING && last.createdAt() != null
                    && Duration.between(last.createdAt(), now).compareTo(STUCK_SENDING) > 0) {
                problems.add("subscription " + id + ": digest " + last.id() + " has been SENDING since "
                        + Text.time(last.createdAt()) + ": the sender may have crashed mid-send; check its logs");
            }
        }
        Optional<AttachedBucketsCheck.Result> attached = AttachedBucketsCheck.run(this);
        attached.ifPresent(a -> problems.addAll(a.problems()));
        if (output.json()) {
            printJson(queues, subscriptions, attached, problems);
        } else {
            printTable(queues, subscriptions, attached, problems, now);
        }
        return check && !problems.isEmpty() ? ExitCode.PARTIAL : ExitCode.OK;
    }

    private void printTable(List<DlqCommand.Row> queues, List<SubscriptionStatus> subscriptions,
            Optional<AttachedBucketsCheck.Result> attached, List<String> problems, Instant now) {
        PrintWriter out = out();
        Connection connection = resolver().connection();
        out.println(Text.wrap("Pipeline  table " + target(ResourceKind.TABLE).name() + " at "
                + connection.describeEndpoint() + " (from " + target(ResourceKind.TABLE).source() + ")", width(), 10));
        out.println("Health    " + (problems.isEmpty() ? "OK" : "PROBLEMS (" + problems.size() + ")"));
        out.println();
        out.println("Queues");
        TableWriter.write(out, DlqCommand.Row.COLUMNS.subList(0, 5), queues, width());
        out.println();
        out.println("Subscriptions");
        if (subscriptions.isEmpty()) {
            out.println("(none stored)");
        } else {
            TableWriter.write(out, List.of(
                    Column.<SubscriptionStatus>flexible("SUBSCRIPTION", SubscriptionStatus::id),
                    Column.<SubscriptionStatus>number("PENDING", s -> Long.toString(s.pending())),
                    Column.<SubscriptionStatus>fixed("WAITING", s -> s.pending() > 0 && s.firstPendingAt() != null
                            ? Text.age(Duration.between(s.firstPendingAt(), now)) : "-"),
                    Column.<SubscriptionStatus>fixed("LAST DIGEST", s -> s.lastDigest() == null ? "-"
                            : s.lastDigest().id().value()),
                    Column.<SubscriptionStatus>fixed("STATUS", s -> s.lastDigest() == null ? "-"
                            : s.lastDigest().status().name()),
                    Column.<SubscriptionStatus>fixed("AGE", s -> s.lastDigest() == null ? "-"
                            : Text.age(Duration.between(s.lastDigest().createdAt(), now)))), subscriptions, width());
        }
        if (attached.isPresent()) {
            out.println();
            out.println("Attached buckets (" + attached.get().source() + ")");
            if (attached.get().buckets().isEmpty()) {
                out.println("(none)");
            } else {
                TableWriter.write(out, List.of(
                        Column.<BucketState>flexible("BUCKET", BucketState::bucket),
                        Column.<BucketState>fixed("IN LIST", b -> b.listed() ? "yes" : "NO"),
                        Column.<BucketState>fixed("NOTIFICATIONS", b -> switch (b.notifications()) {
                            case "ok" -> "ok";
                            case "missing" -> "MISSING";
                            case "no such bucket" -> "NO SUCH BUCKET";
                            default -> "unknown";
                        }),
                        Column.<BucketState>fixed("TOPIC POLICY", b -> b.topicPolicy().equals("ok")
                                ? "ok" : "MISSING"),
                        Column.<BucketState>flexible("ATTACH STATEMENT", b -> b.statement() == null
                                ? "-" : b.statement())), attached.get().buckets(), width());
            }
        }
        if (!problems.isEmpty()) {
            out.println();
            out.println("Problems");
            problems.forEach(p -> out.println(Text.wrap("  - " + p, width(), 4)));
        }
        out.flush();
    }

    private void printJson(List<DlqCommand.Row> queues, List<SubscriptionStatus> subscriptions,
            Optional<AttachedBucketsCheck.Result> attached, List<String> problems) {
        Json.writeLine(out(), new StatusLine(problems.isEmpty(), problems,
                queues.stream().map(DlqCommand.Row::json).toList(),
                subscriptions.stream().map(s -> new SubscriptionLine(s.id(), s.pending(), Text.iso(s.firstPendingAt()),
                        Text.iso(s.lastArrivalAt()), s.leaseOwner(),
                        s.lastDigest() == null ? null : DigestsCommand.DigestLine.of(s.lastDigest()))).toList(),
                attached.map(AttachedBucketsCheck.Result::buckets).orElse(null)));
        out().flush();
    }

    record StatusLine(boolean healthy, List<String> problems, List<DlqCommand.QueueLine> queues,
            List<SubscriptionLine> subscriptions, List<BucketState> attachedBuckets) {}

    record SubscriptionLine(String subscriptionId, long pending, String firstPendingAt, String lastArrivalAt,
            String leaseOwner, DigestsCommand.DigestLine lastDigest) {}
}
