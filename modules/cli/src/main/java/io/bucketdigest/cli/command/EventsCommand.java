package io.bucketdigest.cli.command;

import io.bucketdigest.cli.CliException;
import io.bucketdigest.aws.dynamodb.DynamoDbHistoryReads;
import io.bucketdigest.aws.dynamodb.DynamoDbHistoryReads.EventRow;
import io.bucketdigest.cli.config.ResourceKind;
import io.bucketdigest.cli.config.Resolved;
import io.bucketdigest.cli.output.Column;
import io.bucketdigest.cli.output.OutputFormat;
import io.bucketdigest.cli.output.RowPrinter;
import io.bucketdigest.cli.output.Text;
import io.bucketdigest.cli.output.TimeArguments;
import io.bucketdigest.cli.output.TimeArguments.TimePoint;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "events",
        mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        sortOptions = false,
        header = "Show the recorded history of an object, or of a bucket in a time range, newest first.",
        description = {
            "",
            "With --key: every event of that object. Without: the bucket's events between --since and "
                + "--until (default: the last 24 hours), optionally only keys under --prefix and only some "
                + "--type(s). The DIGEST column names the digest that reported the event to each matching "
                + "subscription, or 'pending' while it waits for the next digest ('-': no subscription matched). "
                + "Results are read page by page (--page-size) until --limit rows are printed.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  bucket-digest events --bucket photos --key 2026/cat.jpg",
            "  bucket-digest events --bucket photos --since 2h --type created,removed",
            "  bucket-digest events --bucket photos --prefix raw/ \\",
            "      --since 2026-11-01T00:00Z --until 2026-11-02",
            "  bucket-digest events --since 30m --format json | jq -r .key",
            "  bucket-digest events --bucket photos --since 7d --all -o csv > events.csv"
        })
public final class EventsCommand extends BaseCommand {

    private static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

    @Option(names = "--bucket", paramLabel = "NAME",
            description = "Bucket to query. Default: the pipeline's bucket (--bucket-name, stack, local pipeline).")
    String bucket;

    @Option(names = "--key", paramLabel = "KEY", description = "One object's history (the exact, decoded key).")
    String key;

    @Option(names = "--since", paramLabel = "TIME", converter = TimeArguments.TimeConverter.class,
            description = "Start: a duration before now (30m, 2h, 7d) or an ISO time (2026-11-01T00:00Z, UTC if no "
                    + "zone). Default: 24h for a bucket, the beginning for --key.")
    TimePoint since;

    @Option(names = "--until", paramLabel = "TIME", converter = TimeArguments.TimeConverter.class,
            description = "End, same forms as --since. Default: now (no end).")
    TimePoint until;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "Only keys starting with this (bucket queries).")
    String prefix;

    @Option(names = "--type", paramLabel = "TYPE", split = ",",
            description = "Only these event types, comma-separated: ${COMPLETION-CANDIDATES}.",
            completionCandidates = KindCandidates.class)
    List<String> types;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "Print at most N events (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--all", description = "Print every matching event (no --limit).")
    boolean all;

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "100",
            description = "Items per DynamoDB request (1-1000, default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = {"--format", "-o"}, paramLabel = "FORMAT", defaultValue = "table",
            converter = OutputFormat.Converter.class,
            description = "table (fits the terminal), json (one object per line) or csv. Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Override
    public Integer call() {
        if (limit < 1 && !all) {
            throw CliException.usage("--limit must be at least 1 (or use --all)");
        }
        if (pageSize < 1 || pageSize > 1000) {
            throw CliException.usage("--page-size must be between 1 and 1000");
        }
        if (key != null && prefix != null) {
            throw CliException.usage("--prefix filters a bucket query; it cannot be combined with --key");
        }
        Set<EventKind> kinds = parseKinds(types);
        String bucketName = bucket != null ? bucket : resolver().find(ResourceKind.BUCKET).map(Resolved::value)
                .orElseThrow(() -> CliException.usage("--bucket is required: no pipeline bucket is configured "
                        + "(pass --bucket NAME, --stack NAME, or start the local pipeline)"));
        Instant now = context().clock().instant();
        Instant from = since != null ? since.resolve(now) : key == null ? now.minus(DEFAULT_WINDOW) : null;
        Instant to = until != null ? until.resolve(now) : null;
        if (from != null && to != null && from.isAfter(to)) {
            throw CliException.usage("--since (" + from + ") is after --until (" + to + ")");
        }
        DynamoDbHistoryReads history = history(pageSize);
        Iterator<EventRow> rows = key != null
                ? history.objectEvents(bucketName, key, from, to, kinds)
                : history.bucketEvents(bucketName, from, to, prefix, kinds);
        RowPrinter<Shown> printer = new RowPrinter<>(out(), format, columns(), csvColumns(), EventsCommand::json,
                width());
        long max = all ? Long.MAX_VALUE : limit;
        long printed = 0;
        while (printed < max && rows.hasNext()) {
            List<EventRow> chunk = new ArrayList<>();
            while (chunk.size() < 100 && printed + chunk.size() < max && rows.hasNext()) {
                chunk.add(rows.next());
            }
            Map<String, Map<String, String>> notes = history.digestNotes(chunk);
            for (EventRow row : chunk) {
                printer.print(new Shown(row, notes.getOrDefault(row.event().id().value(), Map.of())));
            }
            printed += chunk.size();
        }
        String where = key != null ? "s3://" + bucketName + "/" + key
                : "s3://" + bucketName + "/" + (prefix == null ? "" : prefix);
        printer.finish("No events for " + where + (from == null ? "" : " since " + Text.time(from))
                + (to == null ? "" : " until " + Text.time(to)) + ".");
        if (!all && printed >= max && rows.hasNext() && format == OutputFormat.TABLE) {
            err().println("(showing the newest " + printed + "; more exist: raise --limit or use --all)");
        }
        return 0;
    }

    static Set<EventKind> parseKinds(List<String> types) {
        return parseKinds(types, "--type");
    }

    static Set<EventKind> parseKinds(List<String> types, String option) {
        if (types == null || types.isEmpty()) {
            return Set.of();
        }
        Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        for (String type : types) {
            if (type.isBlank()) {
                continue;
            }
            try {
                kinds.add(EventKind.parse(type));
            } catch (IllegalArgumentException e) {
                throw CliException.usage(option + ": " + e.getMessage());
            }
        }
        return kinds;
    }

    /** An event row with its digest notes (subscription to digest id). */
    record Shown(EventRow row, Map<String, String> notes) {

        ObjectEvent event() {
            return row.event();
        }

        /** Table cell: the first reporting digest, "+N" more digests, and how many subscriptions still wait. */
        String digestCell() {
            List<String> subscriptions = row.subscriptions();
            if (subscriptions.isEmpty()) {
                return "-";
            }
            List<String> digests = subscriptions.stream().map(notes::get).filter(java.util.Objects::nonNull)
                    .distinct().toList();
            long pending = subscriptions.stream().filter(s -> !notes.containsKey(s)).count();
            if (digests.isEmpty()) {
                return "pending";
            }
            return digests.get(0) + (digests.size() > 1 ? " +" + (digests.size() - 1) : "")
                    + (pending > 0 ? " (" + pending + " pending)" : "");
        }

        /** CSV cell: every subscription with its digest id or "pending"; "-" when none matched. */
        String digestList() {
            if (row.subscriptions().isEmpty()) {
                return "-";
            }
            List<String> parts = new ArrayList<>();
            for (String subscription : row.subscriptions()) {
                parts.add(subscription + ":" + Optional.ofNullable(notes.get(subscription)).orElse("pending"));
            }
            return String.join(" ", parts);
        }
    }

    private static List<Column<Shown>> csvColumns() {
        return List.of(
                Column.fixed("event_time", s -> Text.iso(s.event().eventTime())),
                Column.fixed("bucket", s -> s.event().bucket()),
                Column.fixed("key", s -> s.event().key()),
                Column.fixed("type", s -> s.event().kind().displayName()),
                Column.fixed("event_name", s -> s.event().eventName()),
                Column.fixed("size", s -> s.event().size() == null ? "" : Long.toString(s.event().size())),
                Column.fixed("event_id", s -> s.event().id().value()),
                Column.fixed("ingested_at", s -> Text.iso(s.row().ingestedAt())),
                Column.fixed("digests", Shown::digestList));
    }

    private static List<Column<Shown>> columns() {
        return List.of(
                Column.fixed("TIME", s -> Text.time(s.event().eventTime())),
                Column.fixed("TYPE", s -> s.event().kind().displayName()),
                Column.flexible("KEY", s -> s.event().key()),
                Column.number("SIZE", s -> Text.bytes(s.event().size())),
                Column.flexible("DIGEST", Shown::digestCell));
    }

    static Map<String, Object> json(Shown shown) {
        ObjectEvent event = shown.event();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("eventTime", Text.iso(event.eventTime()));
        json.put("bucket", event.bucket());
        json.put("key", event.key());
        json.put("type", event.kind().displayName());
        json.put("eventName", event.eventName());
        json.put("size", event.size());
        json.put("eTag", event.eTag());
        json.put("versionId", event.versionId());
        json.put("sequencer", event.sequencer());
        json.put("eventId", event.id().value());
        json.put("ingestedAt", Text.iso(shown.row().ingestedAt()));
        List<Map<String, Object>> digests = new ArrayList<>();
        for (String subscription : shown.row().subscriptions()) {
            Map<String, Object> digest = new LinkedHashMap<>();
            digest.put("subscriptionId", subscription);
            digest.put("digestId", shown.notes().get(subscription));
            digest.put("status", shown.notes().containsKey(subscription) ? "reported" : "pending");
            digests.add(digest);
        }
        json.put("digests", digests);
        return json;
    }

    /** The event types --type accepts, for the help text and shell completion. */
    static final class KindCandidates extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        KindCandidates() {
            for (EventKind kind : EventKind.values()) {
                add(kind.displayName());
            }
        }
    }
}
