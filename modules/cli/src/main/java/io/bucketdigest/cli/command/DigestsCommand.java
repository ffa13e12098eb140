package io.bucketdigest.cli.command;

import io.bucketdigest.cli.CliException;
import io.bucketdigest.cli.aws.HistoryQueries;
import io.bucketdigest.cli.aws.HistoryQueries.DigestRow;
import io.bucketdigest.cli.aws.HistoryQueries.EventRow;
import io.bucketdigest.cli.config.ResourceKind;
import io.bucketdigest.cli.config.Resolved;
import io.bucketdigest.cli.output.Column;
import io.bucketdigest.cli.output.Csv;
import io.bucketdigest.cli.output.Json;
import io.bucketdigest.cli.output.OutputFormat;
import io.bucketdigest.cli.output.RowPrinter;
import io.bucketdigest.cli.output.TableWriter;
import io.bucketdigest.cli.output.Text;
import io.bucketdigest.cli.output.TimeArguments;
import io.bucketdigest.cli.output.TimeArguments.TimePoint;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "digests",
        mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "List the digests sent per subscription, or show one digest's entries.",
        subcommands = {DigestsCommand.ListDigests.class, DigestsCommand.ShowDigest.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  bucket-digest digests list --subscription team-photos --since 7d",
            "  bucket-digest digests show d-20261129T093000Z-1a2b3c4d"
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
                ""
            },
            footerHeading = "%nExamples:%n",
            footer = {
                "  bucket-digest digests list",
                "  bucket-digest digests list --subscription team-photos \\",
                "      --since 2026-11-01 --format json",
                "  bucket-digest digests list --status failed,sending --since 30d"
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
                description = "Only these statuses: sending, sent, complete, failed.")
        List<String> statuses;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "Print at most N digests (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--all", description = "Print every matching digest.")
        boolean all;

        @Option(names = {"--format", "-o"}, paramLabel = "FORMAT", defaultValue = "table",
                converter = OutputFormat.Converter.class, description = "table, json or csv (default: table).")
        OutputFormat format;

        @Override
        public Integer call() {
            if (limit < 1 && !all) {
                throw CliException.usage("--limit must be at least 1 (or use --all)");
            }
            Set<DigestRecord.Status> wanted = EnumSet.noneOf(DigestRecord.Status.class);
            if (statuses != null) {
                for (String status : statuses) {
                    try {
                        wanted.add(DigestRecord.Status.valueOf(status.trim().toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw CliException.usage("--status: unknown status '" + status
                                + "'; use sending, sent, complete or failed");
                    }
                }
            }
            Instant now = context().clock().instant();
            Instant from = since != null ? since.resolve(now) : now.minus(Duration.ofDays(7));
            Instant to = until != null ? until.resolve(now) : null;
            if (to != null && from.isAfter(to)) {
                throw CliException.usage("--since (" + from + ") is after --until (" + to + ")");
            }
            List<String> ids = subscriptions != null && !subscriptions.isEmpty() ? subscriptions : allIds();
            HistoryQueries history = history(100);
            Iterator<DigestRow> rows = history.digests(ids, from, to);
            RowPrinter<DigestRecord> printer = new RowPrinter<>(out(), format, columns(), csvColumns(),
                    DigestsCommand::json, width());
            long max = all ? Long.MAX_VALUE : limit;
            while (printer.count() < max && rows.hasNext()) {
                DigestRecord record = rows.next().record();
                if (wanted.isEmpty() || wanted.contains(record.status())) {
                    printer.print(record);
                }
            }
            printer.finish("No digests for " + String.join(", ", ids) + " since " + Text.time(from) + ".");
            return 0;
        }

        private List<String> allIds() {
            Set<String> ids = new TreeSet<>();
            calls().call("dynamodb:Query", target(ResourceKind.TABLE), () -> subscriptionStore().list())
                    .forEach(s -> ids.add(s.id()));
            ids.add(Subscription.DEFAULT_ID);
            return new ArrayList<>(ids);
        }

        private static List<Column<DigestRecord>> columns() {
            return List.of(
                    Column.fixed("CREATED", r -> Text.time(r.createdAt())),
                    Column.fixed("DIGEST", r -> r.id().value()),
                    Column.flexible("SUBSCRIPTION", DigestRecord::subscriptionId),
                    Column.fixed("STATUS", r -> r.status().name()),
                    Column.number("ENTRIES", r -> Integer.toString(r.entryCount())),
                    Column.number("SPAN", r -> r.firstEventTime() == null || r.lastEventTime() == null ? ""
                            : Text.age(Duration.between(r.firstEventTime(), r.lastEventTime()))));
        }

        private static List<Column<DigestRecord>> csvColumns() {
            return List.of(
                    Column.fixed("created_at", r -> Text.iso(r.createdAt())),
                    Column.fixed("digest_id", r -> r.id().value()),
                    Column.fixed("subscription_id", DigestRecord::subscriptionId),
                    Column.fixed("status", r -> r.status().name()),
                    Column.fixed("entries", r -> Integer.toString(r.entryCount())),
                    Column.fixed("first_event_time", r -> Text.iso(r.firstEventTime())),
                    Column.fixed("last_event_time", r -> Text.iso(r.lastEventTime())),
                    Column.fixed("sent_at", r -> Text.iso(r.sentAt())),
                    Column.fixed("ses_message_id", DigestRecord::sesMessageId),
                    Column.fixed("subject", DigestRecord::subject),
                    Column.fixed("failure_reason", DigestRecord::failureReason));
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true, abbreviateSynopsis = true,
            sortOptions = false,
            header = "Show one digest: its record and the events it reported.",
            description = {
                "",
                "Entries still pending are read directly; entries of a completed digest are found in the "
                    + "bucket's history between the digest's first and last event time (the subscription's bucket, "
                    + "else --bucket, else the pipeline's bucket).",
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

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "Print at most N entries (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--all", description = "Print every entry.")
        boolean all;

        @Option(names = {"--format", "-o"}, paramLabel = "FORMAT", defaultValue = "table",
                converter = OutputFormat.Converter.class, description = "table, json or csv (default: table).")
        OutputFormat format;

        @Override
        public Integer call() {
            DigestId id;
            try {
                id = new DigestId(digestId.trim());
            } catch (IllegalArgumentException e) {
                throw CliException.usage("'" + digestId + "' is not a digest id (they look like "
                        + "d-20261129T093000Z-1a2b3c4d)");
            }
            if (limit < 1 && !all) {
                throw CliException.usage("--limit must be at least 1 (or use --all)");
            }
            HistoryQueries history = history(100);
            DigestRecord record = history.digest(id).orElseThrow(() -> CliException.resource("digest " + id
                    + " is not in table " + target(ResourceKind.TABLE).name() + " (digests expire with the event "
                    + "history's retention). List recent ones with: bucket-digest digests list"));
            List<PendingRef> refs = history.digestRefs(id);
            Map<String, EventRow> byEventId = new HashMap<>();
            if (record.status() != DigestRecord.Status.COMPLETE) {
                history.pendingEvents(record.subscriptionId(), refs).values()
                        .forEach(row -> byEventId.put(row.event().id().value(), row));
            }
            Set<String> missing = new LinkedHashSet<>();
            for (PendingRef ref : refs) {
                String eventId = ref.sortKey().substring(ref.sortKey().lastIndexOf('#') + 1);
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
            int shown = all ? entries.size() : Math.min(limit, entries.size());
            List<EventRow> visible = entries.subList(0, shown);
            print(record, visible, entries.size(), missing, searchBucket);
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
                Optional<String> searchBucket) {
            switch (format) {
                case JSON -> {
                    Map<String, Object> json = DigestsCommand.json(record);
                    List<Map<String, Object>> list = new ArrayList<>();
                    entries.forEach(e -> list.add(entryJson(e)));
                    json.put("entries", list);
                    json.put("entriesShown", entries.size());
                    json.put("missingEventIds", new ArrayList<>(missing));
                    Json.writeLine(out(), json);
                }
                case CSV -> {
                    List<Column<EventRow>> columns = List.of(
                            Column.fixed("digest_id", e -> record.id().value()),
                            Column.fixed("event_time", e -> Text.iso(e.event().eventTime())),
                            Column.fixed("bucket", e -> e.event().bucket()),
                            Column.fixed("key", e -> e.event().key()),
                            Column.fixed("type", e -> e.event().kind().displayName()),
                            Column.fixed("event_name", e -> e.event().eventName()),
                            Column.fixed("size", e -> e.event().size() == null ? "" : e.event().size().toString()),
                            Column.fixed("event_id", e -> e.event().id().value()));
                    Csv.writeHeader(out(), columns);
                    entries.forEach(e -> Csv.writeRow(out(), columns, e));
                }
                case TABLE -> {
                    List<String[]> meta = new ArrayList<>();
                    meta.add(new String[] {"Digest", record.id().value()});
                    meta.add(new String[] {"Subscription", record.subscriptionId()});
                    meta.add(new String[] {"Status", record.status().name()
                            + (record.failureReason() == null ? "" : " (" + record.failureReason() + ")")});
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
                    TableWriter.write(out(), List.of(
                            Column.<String[]>fixed("FIELD", r -> r[0]),
                            Column.<String[]>flexible("VALUE", r -> r[1])), meta, width());
                    out().println();
                    if (entries.isEmpty()) {
                        out().println("No entries found.");
                    } else {
                        TableWriter.write(out(), List.of(
                                Column.<EventRow>fixed("TIME", e -> Text.time(e.event().eventTime())),
                                Column.<EventRow>fixed("TYPE", e -> e.event().kind().displayName()),
                                Column.<EventRow>fixed("BUCKET", e -> e.event().bucket()),
                                Column.<EventRow>flexible("KEY", e -> e.event().key()),
                                Column.<EventRow>number("SIZE", e -> Text.bytes(e.event().size()))), entries, width());
                    }
                }
            }
            if (!missing.isEmpty()) {
                err().println(missing.size() + " of " + (found + missing.size()) + " entries were not found"
                        + searchBucket.map(b -> " in bucket " + b).orElse("")
                        + " (expired, or in another bucket: pass --bucket NAME)");
            }
            out().flush();
        }

        private static Map<String, Object> entryJson(EventRow row) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("eventTime", Text.iso(row.event().eventTime()));
            json.put("bucket", row.event().bucket());
            json.put("key", row.event().key());
            json.put("type", row.event().kind().displayName());
            json.put("eventName", row.event().eventName());
            json.put("size", row.event().size());
            json.put("eventId", row.event().id().value());
            return json;
        }
    }

    static Map<String, Object> json(DigestRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("digestId", record.id().value());
        json.put("subscriptionId", record.subscriptionId());
        json.put("status", record.status().name());
        json.put("entryCount", record.entryCount());
        json.put("firstEventTime", Text.iso(record.firstEventTime()));
        json.put("lastEventTime", Text.iso(record.lastEventTime()));
        json.put("createdAt", Text.iso(record.createdAt()));
        json.put("sendStartedAt", Text.iso(record.sendStartedAt()));
        json.put("sentAt", Text.iso(record.sentAt()));
        json.put("sesMessageId", record.sesMessageId());
        json.put("subject", record.subject());
        json.put("failureReason", record.failureReason());
        return json;
    }
}
