package io.bucketdigest.cli.command;

import io.bucketdigest.cli.CliException;
import io.bucketdigest.cli.ExitCode;
import io.bucketdigest.aws.dynamodb.DynamoDbHistoryReads;
import io.bucketdigest.aws.dynamodb.DynamoDbHistoryReads.DigestRow;
import io.bucketdigest.aws.dynamodb.DynamoDbHistoryReads.EventRow;
import io.bucketdigest.aws.dynamodb.HistoryTable;
import io.bucketdigest.cli.aws.Target;
import io.bucketdigest.cli.config.ResourceKind;
import io.bucketdigest.cli.config.Resolved;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.bucketdigest.cli.output.Column;
import io.bucketdigest.cli.output.FormatOption;
import io.bucketdigest.cli.output.Json;
import io.bucketdigest.cli.output.LimitOptions;
import io.bucketdigest.cli.output.OutputFormat;
import io.bucketdigest.cli.output.RowPrinter;
import io.bucketdigest.cli.output.TableWriter;
import io.bucketdigest.cli.output.Text;
import io.bucketdigest.cli.output.TimeArguments;
import io.bucketdigest.cli.output.TimeArguments.TimePoint;
import io.bucketdigest.core.digest.BurstPart;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.mail.MailEvent;
import io.bucketdigest.core.sender.QuarantinedDigests;
import io.bucketdigest.core.subscription.Subscription;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "digests",
        mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "List the digests sent per subscription, show one digest's entries, or decide on a quarantined "
                + "digest (retry, abandon).",
        subcommands = {DigestsCommand.ListDigests.class, DigestsCommand.ShowDigest.class,
            DigestsCommand.RetryDigest.class, DigestsCommand.AbandonDigest.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  bucket-digest digests list --subscription team-photos --since 7d",
            "  bucket-digest digests show d-20261129T093000Z-1a2b3c4d",
            "  bucket-digest digests list --status quarantined --since 30d",
            "  bucket-digest digests retry d-20261129T093000Z-1a2b3c4d"
        })
public final class DigestsCommand extends BaseCommand {

    @Override
    public Integer call() {
        return missingSubcommand();
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true, abbreviateSynopsis = true,
            sortOptions = false,
            header = "List digests, newest first, per subscription and time range.",
            description = {
                "",
                "SPAN is the time between the first and the last event the digest reports; json and csv also "
                    + "give both times, the SES message id, the subject and any failure reason.",
                "STATUS is SENDING (entries fixed, mail not confirmed yet), SENT (SES accepted it), COMPLETE "
                    + "(entries cleaned up, history annotated) or FAILED (SES refused it; the sender retries).",
                "QUARANTINED: the send failed " + DigestRecord.QUARANTINE_AFTER + " times for a reason other than "
                    + "SES (the reason is in json/csv and digests show); it was never mailed, its entries are "
                    + "parked and the subscription's later digests go on without them. Fix the cause, then "
                    + "`digests retry ID` (the entries go out in the next digest) or `digests abandon ID` (they "
                    + "are never reported). RETRIED and ABANDONED record that decision.",
                ""
            },
            footerHeading = "%nExamples:%n",
            footer = {
                "  bucket-digest digests list",
                "  bucket-digest digests list --subscription team-photos \\",
                "      --since 2026-11-01 --format json",
                "  bucket-digest digests list --status failed,sending --since 30d",
                "  bucket-digest digests list --status quarantined --since 30d"
            })
    public static final class ListDigests extends BaseCommand {

        @Option(names = {"--subscription", "-s"}, paramLabel = "ID", split = ",",
                description = "Only these subscriptions (default: every stored subscription and 'default').")
        List<String> subscriptions;

        @Option(names = "--since", paramLabel = "TIME", converter = TimeArguments.TimeConverter.class,
                description = "Created at or after: 30m, 2h, 7d or an ISO time. Default: 7d.")
        TimePoint since;

        @Option(names = "--until", paramLabel = "TIME", converter = TimeArguments.TimeConverter.class,
                description = "Created at or before (default: now).")
        TimePoint until;

        @Option(names = "--status", paramLabel = "STATUS", split = ",",
                description = "Only these statuses: sending, sent, complete, failed, quarantined, retried, "
                        + "abandoned.")
        Set<DigestRecord.Status> statuses = Set.of();

        @Mixin
        LimitOptions limits;

        @Mixin
        FormatOption output;

        @Override
        public Integer call() {
            Instant now = context().clock().instant();
            Instant from = since != null ? since.resolve(now) : now.minus(Duration.ofDays(7));
            Instant to = until != null ? until.resolve(now) : null;
            if (to != null && from.isAfter(to)) {
                throw CliException.usage("--since (" + from + ") is after --until (" + to + ")");
            }
            List<String> ids = subscriptions != null && !subscriptions.isEmpty() ? subscriptions : allIds();
            DynamoDbHistoryReads history = history(100);
            Iterator<DigestRow> rows = history.digests(ids, from, to);
            RowPrinter<DigestRecord> printer = new RowPrinter<>(out(), output.format, COLUMNS, DigestLine::of,
                    width());
            long max = limits.max();
            List<DigestId> quarantined = new ArrayList<>();
            while (printer.count() < max && rows.hasNext()) {
                DigestRecord record = rows.next().record();
                if (statuses.isEmpty() || statuses.contains(record.status())) {
                    printer.print(record);
                    if (record.status() == DigestRecord.Status.QUARANTINED) {
                        quarantined.add(record.id());
                    }
                }
            }
            printer.finish("No digests for " + String.join(", ", ids) + " since " + Text.time(from) + ".");
            if (output.format == OutputFormat.TABLE && !quarantined.isEmpty()) {
                err().println(Text.wrap(quarantined.size() + " quarantined digest(s), never mailed: see why with "
                        + "`bucket-digest digests show " + quarantined.get(0) + "`, then `digests retry` or "
                        + "`digests abandon` it.", width(), 0));
                err().flush();
            }
            return 0;
        }

        private List<String> allIds() {
            Set<String> ids = new TreeSet<>();
            calls().call("dynamodb:Query", target(ResourceKind.TABLE), () -> subscriptionStore().list())
                    .forEach(s -> ids.add(s.id()));
            ids.add(Subscription.DEFAULT_ID);
            return new ArrayList<>(ids);
        }

        private static final List<Column<DigestRecord>> COLUMNS = List.of(
                Column.<DigestRecord>fixed("CREATED", r -> Text.time(r.createdAt()))
                        .csv("created_at", r -> Text.iso(r.createdAt())),
                Column.<DigestRecord>fixed("DIGEST", r -> r.id().value()).csv("digest_id"),
                Column.<DigestRecord>flexible("SUBSCRIPTION", DigestRecord::subscriptionId).csv("subscription_id"),
                Column.<DigestRecord>fixed("STATUS", r -> r.status().name()).csv("status"),
                Column.<DigestRecord>number("ENTRIES", r -> Integer.toString(r.entryCount())).csv("entries"),
                Column.<DigestRecord>number("SPAN", r -> r.firstEventTime() == null || r.lastEventTime() == null
                        ? "" : Text.age(Duration.between(r.firstEventTime(), r.lastEventTime()))).tableOnly(),
                Column.csvOnly("first_event_time", r -> Text.iso(r.firstEventTime())),
                Column.csvOnly("last_event_time", r -> Text.iso(r.lastEventTime())),
                Column.csvOnly("sent_at", r -> Text.iso(r.sentAt())),
                Column.csvOnly("ses_message_id", DigestRecord::sesMessageId),
                Column.csvOnly("subject", DigestRecord::subject),
                Column.csvOnly("failure_reason", DigestRecord::failureReason),
                Column.csvOnly("failed_attempts", r -> Integer.toString(r.failedAttempts())),
                Column.csvOnly("possible_duplicate", r -> Boolean.toString(r.possibleDuplicate())),
                Column.csvOnly("recipients", r -> String.join(" ", r.recipients())));
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true, abbreviateSynopsis = true,
            sortOptions = false,
            header = "Show one digest: its record and the events it reported.",
            description = {
                "",
                "Entries still pending are read directly, a quarantined digest's from its parked copies; entries "
                    + "of a completed digest are found in the bucket's history between the digest's first and last "
                    + "event time (the subscription's bucket, else --bucket, else the pipeline's bucket).",
                "The record shows the failure reason (for RETRIED and ABANDONED: the operator's reason), failed "
                    + "attempts, whether the recipients may have received it twice, and the recipients fixed when "
                    + "the digest was claimed.",
                ""
            },
            footerHeading = "%nExamples:%n",
            footer = {
                "  bucket-digest digests show d-20261129T093000Z-1a2b3c4d",
                "  bucket-digest digests show d-20261129T093000Z-1a2b3c4d --all --format csv"
            })
    public static final class ShowDigest extends BaseCommand {

        @Parameters(paramLabel = "DIGEST_ID", description = "The digest id (from digests list or events).")
        String digestId;

        @Option(names = "--bucket", paramLabel = "NAME",
                description = "Bucket to search for the entries when the subscription covers every bucket.")
        String bucket;

        @Mixin
        LimitOptions limits;

        @Mixin
        FormatOption output;

        @Override
        public Integer call() {
            DigestId id = parseId(digestId);
            DynamoDbHistoryReads history = history(100);
            DigestRecord record = history.digest(id).orElseThrow(() -> notFound(this, id, "digests list"));
            List<PendingRef> refs = history.digestRefs(id);
            Map<String, EventRow> byEventId = new HashMap<>();
            Long parked = null;
            if (record.status() == DigestRecord.Status.QUARANTINED) {
                Map<PendingRef, EventRow> parkedRows = history.parkedEvents(id);
                parked = (long) parkedRows.size();
                parkedRows.values().forEach(row -> byEventId.put(row.event().id().value(), row));
            }
            if (record.status() != DigestRecord.Status.COMPLETE) {
                history.pendingEvents(record.subscriptionId(), refs).values()
                        .forEach(row -> byEventId.put(row.event().id().value(), row));
            }
            Set<String> missing = new LinkedHashSet<>();
            for (PendingRef ref : refs) {
                String eventId = HistoryTable.pendingEventId(ref);
                if (!byEventId.containsKey(eventId)) {
                    missing.add(eventId);
                }
            }
            Optional<String> searchBucket = Optional.empty();
            if (!missing.isEmpty()) {
                searchBucket = searchBucket(record.subscriptionId());
                if (searchBucket.isPresent() && record.firstEventTime() != null) {
                    Iterator<EventRow> rows = history.bucketEvents(searchBucket.get(), record.firstEventTime(),
                            record.lastEventTime(), null, Set.of());
                    while (!missing.isEmpty() && rows.hasNext()) {
                        EventRow row = rows.next();
                        if (missing.remove(row.event().id().value())) {
                            byEventId.put(row.event().id().value(), row);
                        }
                    }
                }
            }
            List<EventRow> entries = new ArrayList<>(byEventId.values());
            entries.sort(Comparator.comparing(EventRow::sortKey).reversed());
            int shown = (int) Math.min(limits.max(), entries.size());
            List<EventRow> visible = entries.subList(0, shown);
            List<MailEvent> mail = record.sentAt() == null ? List.of() : mailEvents(id);
            print(record, visible, entries.size(), missing, searchBucket, parked, mail);
            return 0;
        }

        private Optional<String> searchBucket(String subscriptionId) {
            Optional<Subscription> subscription = calls().call("dynamodb:GetItem", target(ResourceKind.TABLE),
                    () -> subscriptionStore().find(subscriptionId));
            if (subscription.isPresent() && subscription.get().bucketFilter().isPresent()) {
                return subscription.get().bucketFilter();
            }
            if (bucket != null) {
                return Optional.of(bucket);
            }
            return resolver().find(ResourceKind.BUCKET).map(Resolved::value);
        }

        private void print(DigestRecord record, List<EventRow> entries, int found, Set<String> missing,
                Optional<String> searchBucket, Long parked, List<MailEvent> mail) {
            List<EntryLine> lines = entries.stream().map(EntryLine::of).toList();
            RowPrinter<EntryLine> printer = new RowPrinter<>(out(), output.format, List.of(
                    Column.csvOnly("digest_id", e -> record.id().value()),
                    Column.<EntryLine>fixed("TIME", e -> Text.time(e.eventTime()))
                            .csv("event_time", EntryLine::eventTime),
                    Column.<EntryLine>fixed("TYPE", EntryLine::type).tableOnly(),
                    Column.<EntryLine>fixed("BUCKET", EntryLine::bucket).csv("bucket"),
                    Column.<EntryLine>flexible("KEY", EntryLine::key).csv("key"),
                    Column.csvOnly("type", EntryLine::type),
                    Column.csvOnly("event_name", EntryLine::eventName),
                    Column.<EntryLine>number("SIZE", e -> Text.bytes(e.size()))
                            .csv("size", e -> Text.orEmpty(e.size())),
                    Column.csvOnly("event_id", EntryLine::eventId)), e -> e, width());
            switch (output.format) {
                case JSON -> Json.writeLine(out(), new ShownDigest(DigestLine.of(record), parked,
                        mail.stream().map(MailLine::of).toList(), lines, entries.size(), List.copyOf(missing)));
                case CSV -> {
                    lines.forEach(printer::print);
                    printer.finish("");
                }
                case TABLE -> {
                    List<String[]> meta = new ArrayList<>();
                    meta.add(new String[] {"Digest", record.id().value()});
                    meta.add(new String[] {"Subscription", record.subscriptionId()});
                    meta.add(new String[] {"Status", record.status().name()
                            + (record.failureReason() == null ? "" : " (" + record.failureReason() + ")")});
                    if (record.failedAttempts() > 0) {
                        meta.add(new String[] {"Failed", record.failedAttempts() + " attempt(s) (quarantined after "
                                + DigestRecord.QUARANTINE_AFTER + ")"});
                    }
                    if (record.part().partOfSeveral()) {
                        meta.add(new String[] {"Part", partText(record.part())});
                        if (record.part().previous() != null) {
                            // A row of its own: an id cut to fit the terminal could not be copied.
                            meta.add(new String[] {"Continues", record.part().previous().value()});
                        }
                    }
                    if (record.possibleDuplicate()) {
                        meta.add(new String[] {"Duplicate", "may have been mailed twice (a send followed one whose "
                                + "result was never recorded)"});
                    }
                    meta.add(new String[] {"Recipients", record.recipients().isEmpty() ? "-"
                            : String.join(", ", record.recipients())});
                    meta.add(new String[] {"Created", Text.time(record.createdAt())});
                    meta.add(new String[] {"Sent", record.sentAt() == null ? "-" : Text.time(record.sentAt())
                            + (record.sesMessageId() == null ? "" : "  SES message " + record.sesMessageId())});
                    if (record.subject() != null) {
                        meta.add(new String[] {"Subject", record.subject()});
                    }
                    meta.add(new String[] {"Events", Text.time(record.firstEventTime()) + " .. "
                            + Text.time(record.lastEventTime())});
                    meta.add(new String[] {"Entries", record.entryCount() + (entries.size() < record.entryCount()
                            ? " (showing " + entries.size() + ")" : "")});
                    if (parked != null) {
                        meta.add(new String[] {"Parked", parked + " entries, waiting for an operator's decision"});
                    }
                    if (record.sentAt() != null) {
                        meta.add(new String[] {"Mail", mailSummary(mail)});
                    }
                    TableWriter.write(out(), List.of(
                            Column.<String[]>fixed("FIELD", r -> r[0]),
                            Column.<String[]>flexible("VALUE", r -> r[1])), meta, width());
                    out().println();
                    if (record.status() == DigestRecord.Status.QUARANTINED) {
                        out().println(Text.wrap("Quarantined, never mailed, because: " + record.failureReason(),
                                width(), 2));
                        out().println(Text.wrap("Fix the cause, then either send its entries in the subscription's "
                                + "next digest, or drop them for good:", width(), 0));
                        out().println("  bucket-digest digests retry " + record.id());
                        out().println("  bucket-digest digests abandon " + record.id());
                        out().println();
                    }
                    if (!mail.isEmpty()) {
                        out().println("What SES reported about this mail:");
                        TableWriter.write(out(), List.of(
                                Column.<MailEvent>fixed("TIME", e -> Text.time(e.at())),
                                Column.<MailEvent>fixed("EVENT", e -> e.type().displayName()),
                                Column.<MailEvent>fixed("RECIPIENT", e -> e.recipient().isEmpty() ? "(all)"
                                        : e.recipient()),
                                Column.<MailEvent>flexible("DETAIL", MailEvent::detail)), mail, width());
                        if (mail.stream().anyMatch(e -> e.type() == MailEvent.Type.BOUNCE
                                || e.type() == MailEvent.Type.COMPLAINT)) {
                            out().println(Text.wrap("SES suppresses bounced and complaining addresses from now on: "
                                    + "remove them from the subscription: `bucket-digest subscriptions update "
                                    + record.subscriptionId() + " --recipient ...`", width(), 0));
                        }
                        out().println();
                    }
                    lines.forEach(printer::print);
                    printer.finish("No entries found.");
                }
            }
            if (!missing.isEmpty()) {
                err().println(missing.size() + " of " + (found + missing.size()) + " entries were not found"
                        + searchBucket.map(b -> " in bucket " + b).orElse("")
                        + " (expired, or in another bucket: pass --bucket NAME)");
            }
            out().flush();
        }

        /** One line: how many recipients got it, and what went wrong, by event type. */
        static String mailSummary(List<MailEvent> mail) {
            if (mail.isEmpty()) {
                return "no delivery report from SES yet (reports arrive within minutes, or never for an SES "
                        + "account without the stack's event destination)";
            }
            List<String> parts = new ArrayList<>();
            MailEvent.recipientsByType(mail).forEach((type, recipients) -> parts.add(switch (type) {
                case DELIVERY -> "delivered to " + recipients.size();
                case BOUNCE -> "bounced for " + recipients.size();
                case COMPLAINT -> "complaint from " + recipients.size();
                case REJECT -> "rejected by SES";
                case DELIVERY_DELAY -> "delayed for " + recipients.size();
                case RENDERING_FAILURE -> "not rendered";
            }));
            return String.join(", ", parts);
        }
    }

    /** What digests show prints as JSON: the digest's record, what SES reported, and the entries shown. */
    record ShownDigest(@JsonUnwrapped DigestLine digest, Long parkedEntries, List<MailLine> mailEvents,
            List<EntryLine> entries, int entriesShown, List<String> missingEventIds) {}

    record MailLine(String at, String type, String recipient, String detail) {
        static MailLine of(MailEvent e) {
            return new MailLine(Text.iso(e.at()), e.type().name(), e.recipient(), e.detail());
        }
    }

    /** One entry of a digest. */
    record EntryLine(String eventTime, String bucket, String key, String type, String eventName, Long size,
            String eventId) {
        static EntryLine of(EventRow row) {
            ObjectEvent e = row.event();
            return new EntryLine(Text.iso(e.eventTime()), e.bucket(), e.key(), e.kind().displayName(), e.eventName(),
                    e.size(), e.id().value());
        }
    }

    /** What retry and abandon share: the digest id, the reason, and the checks before any change. */
    abstract static class QuarantineDecision extends BaseCommand {

        /** The IAM actions a decision uses on the table, as error messages name them. */
        static final String TABLE_ACTIONS = "dynamodb:GetItem/Query/UpdateItem/BatchWriteItem";

        @Parameters(paramLabel = "DIGEST_ID",
                description = "The quarantined digest (from digests list --status quarantined, or the log line).")
        String digestId;

        @Option(names = "--reason", paramLabel = "TEXT",
                description = "Why, for the record (stored on the digest in place of the failure reason).")
        String reason;

        String reasonOr(String fallback) {
            return reason == null || reason.isBlank() ? fallback : reason.trim();
        }

        /** The digest's record, which must be QUARANTINED: else exit 3 (no such digest) or 4 (another status). */
        DigestRecord quarantined(DynamoDbHistoryReads history, DigestId id) {
            DigestRecord record = history.digest(id)
                    .orElseThrow(() -> notFound(this, id, "digests list --status quarantined --since 30d"));
            if (record.status() != DigestRecord.Status.QUARANTINED) {
                throw notQuarantined(record);
            }
            return record;
        }

        /** QuarantinedDigests refused: the digest is gone, or its status changed since it was read. */
        CliException refused(DynamoDbHistoryReads history, DigestId id, RuntimeException e) {
            Optional<DigestRecord> now = history.digest(id);
            if (now.isEmpty()) {
                return notFound(this, id, "digests list --status quarantined --since 30d");
            }
            if (now.get().status() != DigestRecord.Status.QUARANTINED) {
                return notQuarantined(now.get());
            }
            return CliException.conflict(e.getMessage());
        }

        static CliException notQuarantined(DigestRecord record) {
            String id = record.id().value();
            String sub = record.subscriptionId();
            String why = record.failureReason() == null ? "" : " (" + record.failureReason() + ")";
            String what = switch (record.status()) {
                case SENDING -> "it is being sent, or its sender stopped mid-send. Wait a few minutes and check "
                        + "`bucket-digest status` (it reports a digest SENDING for over 30 minutes)";
                case SENT -> "SES accepted it and the sender is finishing its cleanup; nothing to do";
                case COMPLETE -> "it was mailed and its entries cleaned up; nothing to retry or abandon";
                case FAILED -> "SES refused it" + why + "; the sender sends this same digest again by itself. Fix "
                        + "the SES cause, then replay the digest dead-letter queue: bucket-digest dlq replay digest";
                case RETRIED -> "an operator already retried it" + why + ": its entries went back to subscription "
                        + sub + " for its next digest. See: bucket-digest digests list --subscription " + sub;
                case ABANDONED -> "an operator already abandoned it" + why + ": its entries stay in the history "
                        + "and no digest will report them; this cannot be undone";
                case QUARANTINED -> throw new IllegalStateException("quarantined");
            };
            return CliException.conflict("digest " + id + " is " + record.status() + ", not QUARANTINED: " + what
                    + ". Only a quarantined digest can be retried or abandoned.");
        }

        void report(String verb, QuarantinedDigests.Decision decision, String recorded, String entries,
                String next) {
            out().println(verb + " digest " + decision.digestId() + ".");
            report("subscription", decision.subscriptionId());
            report("entries", entries);
            report("recorded", decision.status() + ": " + recorded);
            report("next", next);
            out().flush();
        }

        void report(String name, String value) {
            out().println(Text.wrap(String.format("  %-12s  %s", name, value), width(), 16));
        }
    }

    @Command(
            name = "retry",
            mixinStandardHelpOptions = true, abbreviateSynopsis = true,
            sortOptions = false,
            header = "Send a quarantined digest's entries in the subscription's next digest.",
            description = {
                "",
                "Puts the digest's parked entries back into the subscription's pending entries (removing the "
                    + "notes that named the quarantined digest), records the digest RETRIED and signals the "
                    + "subscription: the entries go out in its next digest, within its quiet period. That is a new "
                    + "digest with a new id; the quarantined one was never mailed. Fix the cause first (see "
                    + "`digests show`), or the next digest may be quarantined again.",
                "Only a QUARANTINED digest can be retried; exit 4 names its actual status, 3 means no such digest.",
                ""
            },
            footerHeading = "%nExamples:%n",
            footer = {
                "  bucket-digest digests list --status quarantined --since 30d",
                "  bucket-digest digests retry d-20261129T093000Z-1a2b3c4d \\",
                "      --reason 'template fixed in 1.4.2'"
            })
    public static final class RetryDigest extends QuarantineDecision {

        @Override
        public Integer call() {
            DigestId id = parseId(digestId);
            Target table = target(ResourceKind.TABLE);
            target(ResourceKind.DIGEST_QUEUE);
            DynamoDbHistoryReads history = history(100);
            quarantined(history, id);
            String why = reasonOr("retried by an operator");
            QuarantinedDigests quarantine = quarantinedDigests();
            QuarantinedDigests.Decision decision;
            try {
                decision = calls().call(TABLE_ACTIONS, table, () -> quarantine.retry(id, why));
            } catch (SignalNotSent e) {
                DigestRecord record = history.digest(id).orElseThrow();
                throw new CliException(ExitCode.AWS, "digest " + id + " is RETRIED and its entries are pending "
                        + "again for subscription " + record.subscriptionId() + ", but the digest signal was not "
                        + "sent: " + e.getMessage() + " Nothing is lost: the digest sweep (every 5 minutes) signals "
                        + record.subscriptionId() + " once its entries are past its max delay, and so does its next "
                        + "event. Do not run retry again.");
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw refused(history, id, e);
            }
            String sub = decision.subscriptionId();
            report("Retried", decision, why,
                    decision.entries() == 0 ? "none were parked (its entries, if any, stayed pending)"
                            : decision.entries() + ", pending again (their notes naming this digest removed)",
                    "the entries go out in the next digest of " + sub + ", within its quiet period (a new digest: "
                            + "this one was never mailed; " + sub + " was signalled).");
            report("watch", "bucket-digest digests list --subscription " + sub + " --since 1h");
            out().flush();
            return ExitCode.OK;
        }
    }

    @Command(
            name = "abandon",
            mixinStandardHelpOptions = true, abbreviateSynopsis = true,
            sortOptions = false,
            header = "Give up on a quarantined digest: its entries are never reported.",
            description = {
                "",
                "Records the digest ABANDONED and drops its parked entries. The events stay in the history (and "
                    + "`events` shows them noted against this digest), but no digest will ever report them; this "
                    + "cannot be undone. Asks for confirmation; without a terminal, pass --yes.",
                "Only a QUARANTINED digest can be abandoned; exit 4 names its actual status, 3 means no such "
                    + "digest, 2 a missing --yes without a terminal, 1 a declined prompt.",
                ""
            },
            footerHeading = "%nExamples:%n",
            footer = {
                "  bucket-digest digests abandon d-20261129T093000Z-1a2b3c4d",
                "  bucket-digest digests abandon d-20261129T093000Z-1a2b3c4d --yes \\",
                "      --reason 'test upload, nobody needs it'"
            })
    public static final class AbandonDigest extends QuarantineDecision {

        @Option(names = {"--yes", "-y"}, description = "Do not ask for confirmation (needed without a terminal).")
        boolean yes;

        @Override
        public Integer call() {
            DigestId id = parseId(digestId);
            Target table = target(ResourceKind.TABLE);
            DynamoDbHistoryReads history = history(100);
            DigestRecord record = quarantined(history, id);
            if (!yes) {
                long parked = history.parkedCount(id);
                String consequence = "its " + parked + " parked entries stay in the history and no digest will "
                        + "ever report them";
                BufferedReader terminal = context().terminalInput();
                if (terminal == null) {
                    throw CliException.usage("abandoning digest " + id + " needs confirmation (" + consequence
                            + "), and stdin is not a terminal: pass --yes to abandon it.");
                }
                err().print("Abandon digest " + id + " of subscription " + record.subscriptionId() + "? "
                        + consequence.substring(0, 1).toUpperCase(Locale.ROOT) + consequence.substring(1)
                        + ". [y/N] ");
                err().flush();
                String answer;
                try {
                    answer = terminal.readLine();
                } catch (IOException e) {
                    answer = null;
                }
                String a = answer == null ? "" : answer.trim().toLowerCase(Locale.ROOT);
                if (!a.equals("y") && !a.equals("yes")) {
                    err().println("Not abandoned: nothing was changed.");
                    err().flush();
                    return ExitCode.PARTIAL;
                }
            }
            String why = reasonOr("abandoned by an operator");
            QuarantinedDigests quarantine = quarantinedDigests();
            QuarantinedDigests.Decision decision;
            try {
                decision = calls().call(TABLE_ACTIONS, table, () -> quarantine.abandon(id, why));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw refused(history, id, e);
            }
            report("Abandoned", decision, why,
                    decision.entries() + ", parked copies dropped",
                    "the entries stay in the history; no digest will report them.");
            return ExitCode.OK;
        }
    }

    /** "2 of a burst, more follows (max entries)", or "3 of a burst, the last". */
    static String partText(BurstPart part) {
        String more = switch (part.cut()) {
            case MAX_ENTRIES -> ", more follows (max entries)";
            case MAX_DELAY -> ", more follows (max delay while objects kept arriving)";
            case NONE -> ", the last";
        };
        return part.number() + " of a burst" + more;
    }

    /**
     * A digest's record as JSON writes it (digests list, show and status). {@code part} is 1 and
     * {@code continuesDigestId} null for a digest that is the whole of its burst; {@code moreFollows} names the cut.
     */
    record DigestLine(String digestId, String subscriptionId, String status, int entryCount, String firstEventTime,
            String lastEventTime, String createdAt, String sendStartedAt, String sentAt, String sesMessageId,
            String subject, String failureReason, int failedAttempts, boolean possibleDuplicate,
            List<String> recipients, int part, String continuesDigestId, String moreFollows) {
        static DigestLine of(DigestRecord r) {
            return new DigestLine(r.id().value(), r.subscriptionId(), r.status().name(), r.entryCount(),
                    Text.iso(r.firstEventTime()), Text.iso(r.lastEventTime()), Text.iso(r.createdAt()),
                    Text.iso(r.sendStartedAt()), Text.iso(r.sentAt()), r.sesMessageId(), r.subject(),
                    r.failureReason(), r.failedAttempts(), r.possibleDuplicate(), r.recipients(), r.part().number(),
                    r.part().previous() == null ? null : r.part().previous().value(),
                    r.part().moreFollows() ? r.part().cut().name() : null);
        }
    }

    static DigestId parseId(String value) {
        try {
            return new DigestId(value.trim());
        } catch (IllegalArgumentException e) {
            throw CliException.usage("'" + value + "' is not a digest id (they look like "
                    + "d-20261129T093000Z-1a2b3c4d)");
        }
    }

    static CliException notFound(BaseCommand command, DigestId id, String listCommand) {
        return CliException.resource("digest " + id + " is not in table " + command.target(ResourceKind.TABLE).name()
                + " (digests expire with the event history's retention). List recent ones with: bucket-digest "
                + listCommand);
    }
}
