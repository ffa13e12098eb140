package io.bucketdigest.cli.command;

import io.bucketdigest.cli.CliException;
import io.bucketdigest.aws.dynamodb.DynamoDbHistoryReads;
import io.bucketdigest.aws.dynamodb.DynamoDbHistoryReads.EventRow;
import io.bucketdigest.cli.config.ResourceKind;
import io.bucketdigest.cli.config.Resolved;
import io.bucketdigest.cli.output.Column;
import io.bucketdigest.cli.output.FormatOption;
import io.bucketdigest.cli.output.LimitOptions;
import io.bucketdigest.cli.output.OutputFormat;
import io.bucketdigest.cli.output.RowPrinter;
import io.bucketdigest.cli.output.Text;
import io.bucketdigest.cli.output.TimeArguments;
import io.bucketdigest.cli.output.TimeArguments.TimePoint;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.render.Requesters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

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

    @Mixin
    LimitOptions limits;

    private int pageSize;

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "100",
            description = "Items per DynamoDB request (1-1000, default: ${DEFAULT-VALUE}).")
    void pageSize(int value) {
        if (value < 1 || value > 1000) {
            throw new ParameterException(spec.commandLine(), "--page-size must be between 1 and 1000");
        }
        pageSize = value;
    }

    @Mixin
    FormatOption output;

    @Override
    public Integer call() {
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
        RowPrinter<EventLine> printer = new RowPrinter<>(out(), output.format, COLUMNS, line -> line, width());
        long max = limits.max();
        long printed = 0;
        while (printed < max && rows.hasNext()) {
            List<EventRow> chunk = new ArrayList<>();
            while (chunk.size() < 100 && printed + chunk.size() < max && rows.hasNext()) {
                chunk.add(rows.next());
            }
            Map<String, Map<String, String>> notes = history.digestNotes(chunk);
            for (EventRow row : chunk) {
                printer.print(EventLine.of(row, notes.getOrDefault(row.event().id().value(), Map.of())));
            }
            printed += chunk.size();
        }
        String where = key != null ? "s3://" + bucketName + "/" + key
                : "s3://" + bucketName + "/" + (prefix == null ? "" : prefix);
        printer.finish("No events for " + where + (from == null ? "" : " since " + Text.time(from))
                + (to == null ? "" : " until " + Text.time(to)) + ".");
        if (!limits.all() && printed >= max && rows.hasNext() && output.format == OutputFormat.TABLE) {
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

    /** One event as JSON writes it, with the digest that reported it to each matching subscription. */
    record EventLine(String eventTime, String bucket, String key, String type, String eventName, Long size,
            String eTag, String versionId, String sequencer, String eventId, String ingestedAt, String requester,
            String principalId, String sourceIp, List<DigestNote> digests) {

        /** {@code digestId} is null and {@code status} "pending" while the subscription waits for its next digest. */
        record DigestNote(String subscriptionId, String digestId, String status) {}

        static EventLine of(EventRow row, Map<String, String> notes) {
            ObjectEvent e = row.event();
            List<DigestNote> digests = row.subscriptions().stream().map(s -> new DigestNote(s, notes.get(s),
                    notes.containsKey(s) ? "reported" : "pending")).toList();
            return new EventLine(Text.iso(e.eventTime()), e.bucket(), e.key(), e.kind().displayName(), e.eventName(),
                    e.size(), e.eTag(), e.versionId(), e.sequencer(), e.id().value(), Text.iso(row.ingestedAt()),
                    Requesters.displayName(e), e.requester(), e.sourceIp(), digests);
        }

        /** Table cell: the first reporting digest, "+N" more digests, and how many subscriptions still wait. */
        String digestCell() {
            if (digests.isEmpty()) {
                return "-";
            }
            List<String> ids = digests.stream().map(DigestNote::digestId).filter(Objects::nonNull).distinct().toList();
            long pending = digests.stream().filter(d -> d.digestId() == null).count();
            if (ids.isEmpty()) {
                return "pending";
            }
            return ids.get(0) + (ids.size() > 1 ? " +" + (ids.size() - 1) : "")
                    + (pending > 0 ? " (" + pending + " pending)" : "");
        }

        /** CSV cell: every subscription with its digest id or "pending"; "-" when none matched. */
        String digestList() {
            return digests.isEmpty() ? "-" : digests.stream().map(d -> d.subscriptionId() + ":"
                    + (d.digestId() == null ? "pending" : d.digestId())).collect(Collectors.joining(" "));
        }
    }

    private static final List<Column<EventLine>> COLUMNS = List.of(
            Column.<EventLine>fixed("TIME", e -> Text.time(e.eventTime())).csv("event_time", EventLine::eventTime),
            Column.<EventLine>fixed("TYPE", EventLine::type).tableOnly(),
            Column.csvOnly("bucket", EventLine::bucket),
            Column.<EventLine>flexible("KEY", EventLine::key).csv("key"),
            Column.csvOnly("type", EventLine::type),
            Column.csvOnly("event_name", EventLine::eventName),
            Column.<EventLine>number("SIZE", e -> Text.bytes(e.size())).csv("size", e -> Text.orEmpty(e.size())),
            Column.csvOnly("event_id", EventLine::eventId),
            Column.csvOnly("ingested_at", EventLine::ingestedAt),
            Column.<EventLine>fixed("BY", EventLine::requester).csv("requester"),
            Column.csvOnly("principal_id", e -> Text.orEmpty(e.principalId())),
            Column.csvOnly("source_ip", e -> Text.orEmpty(e.sourceIp())),
            Column.<EventLine>flexible("DIGEST", EventLine::digestCell).csv("digests", EventLine::digestList));

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
