package io.bucketdigest.cli.command;

import io.bucketdigest.cli.CliException;
import io.bucketdigest.cli.ExitCode;
import io.bucketdigest.cli.aws.DlqMessage;
import io.bucketdigest.cli.aws.ManualReplay;
import io.bucketdigest.cli.aws.NativeRedrive;
import io.bucketdigest.cli.aws.QueueAges;
import io.bucketdigest.cli.aws.QueueRole;
import io.bucketdigest.cli.aws.Queues;
import io.bucketdigest.cli.aws.Queues.QueueStats;
import io.bucketdigest.cli.aws.ReplayFilter;
import io.bucketdigest.cli.aws.ReplaySummary;
import io.bucketdigest.cli.aws.Target;
import io.bucketdigest.cli.config.ResourceKind;
import io.bucketdigest.cli.output.Column;
import io.bucketdigest.cli.output.Json;
import io.bucketdigest.cli.output.OutputFormat;
import io.bucketdigest.cli.output.Progress;
import io.bucketdigest.cli.output.RowPrinter;
import io.bucketdigest.cli.output.Text;
import io.bucketdigest.cli.output.TimeArguments;
import io.bucketdigest.core.event.ObjectEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

@Command(
        name = "dlq",
        mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Inspect and replay the dead-letter queues.",
        description = {
            "",
            "QUEUE is 'ingest' (S3 notifications the ingest function could not record), 'delivery' (S3 "
                + "notifications SNS could not deliver to the ingest queue) or 'digest' (digest signals the sender "
                + "could not process). Messages the ingest function parked on purpose carry the reason; SQS moved "
                + "the others in 'ingest' and 'digest' after MaxReceiveCount failed receives, and SNS parked those "
                + "in 'delivery' when it gave up on the ingest queue.",
            ""
        },
        subcommands = {DlqCommand.Stats.class, DlqCommand.Peek.class, DlqCommand.Replay.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  bucket-digest dlq stats",
            "  bucket-digest dlq peek ingest --max 20",
            "  bucket-digest dlq peek delivery",
            "  bucket-digest dlq replay ingest",
            "  bucket-digest dlq replay ingest --bucket photos --key-prefix raw/ \\",
            "      --older-than 1h --rate 5/s --dry-run",
            "  bucket-digest dlq replay delivery"
        })
public final class DlqCommand extends BaseCommand {

    @Override
    public Integer call() {
        return missingSubcommand();
    }

    static final class RoleConverter implements ITypeConverter<QueueRole> {
        @Override
        public QueueRole convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            for (QueueRole role : QueueRole.values()) {
                if (v.equals(role.displayName()) || v.equals(role.deadLetterName())) {
                    return role;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a queue; use ingest, delivery or digest");
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
            header = "Depth and oldest-message age of the three dead-letter queues and the two main queues.",
            description = {
                "",
                "VISIBLE: waiting; IN FLIGHT: received, not yet deleted; DELAYED: not yet visible (digest "
                    + "signals wait out the quiet period this way). OLDEST: dead-letter queues are sampled (up to "
                    + "--sample messages, made visible again at once); main queues use CloudWatch's "
                    + "ApproximateAgeOfOldestMessage (n/a without data, e.g. on an emulator), because reading them "
                    + "would count towards MaxReceiveCount.",
                ""
            },
            footerHeading = "%nExamples:%n", footer = {"  bucket-digest dlq stats", "  bucket-digest dlq stats -o json"})
    public static final class Stats extends BaseCommand {

        @Option(names = "--sample", paramLabel = "N", defaultValue = "100",
                description = "Messages sampled per dead-letter queue for the oldest age (0 = none; default: "
                        + "${DEFAULT-VALUE}).")
        int sample;

        @Option(names = {"--format", "-o"}, paramLabel = "FORMAT", defaultValue = "table",
                converter = OutputFormat.Converter.class, description = "table, json or csv (default: table).")
        OutputFormat format;

        @Override
        public Integer call() {
            List<Row> rows = collect(this, sample);
            RowPrinter<Row> printer = new RowPrinter<>(out(), format, List.of(
                    Column.fixed("QUEUE", Row::name),
                    Column.number("VISIBLE", r -> Long.toString(r.stats().visible())),
                    Column.number("IN FLIGHT", r -> Long.toString(r.stats().inFlight())),
                    Column.number("DELAYED", r -> Long.toString(r.stats().delayed())),
                    Column.fixed("OLDEST", Row::oldestText),
                    Column.flexible("URL", r -> r.stats().url())), List.of(
                    Column.fixed("queue", Row::name),
                    Column.fixed("visible", r -> Long.toString(r.stats().visible())),
                    Column.fixed("in_flight", r -> Long.toString(r.stats().inFlight())),
                    Column.fixed("delayed", r -> Long.toString(r.stats().delayed())),
                    Column.fixed("oldest_age_seconds", r -> r.age().age() == null ? ""
                            : Long.toString(r.age().age().toSeconds())),
                    Column.fixed("oldest_age_source", r -> r.age().source() == null ? "" : r.age().source()),
                    Column.fixed("url", r -> r.stats().url())), Row::json, width());
            rows.forEach(printer::print);
            printer.finish("");
            return 0;
        }
    }

    /**
     * One queue's line in stats and status. {@code role}: a dead-letter queue's own; for a main queue, the first role
     * that replays to it (INGEST or DIGEST).
     */
    record Row(String name, QueueRole role, boolean deadLetter, QueueStats stats, QueueAges.Age age) {

        String oldestText() {
            if (age.age() != null) {
                return Text.age(age.age()) + (age.note() != null ? "+" : "");
            }
            return deadLetter && stats.visible() == 0 ? "-" : "n/a";
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("queue", name);
            json.put("url", stats.url());
            json.put("visible", stats.visible());
            json.put("inFlight", stats.inFlight());
            json.put("delayed", stats.delayed());
            json.put("oldestAgeSeconds", age.age() == null ? null : age.age().toSeconds());
            json.put("oldestAgeSource", age.source());
            json.put("oldestAgeNote", age.note());
            return json;
        }
    }

    static List<Row> collect(BaseCommand command, int sample) {
        Queues queues = command.queues();
        Instant now = command.context().clock().instant();
        List<Row> rows = new ArrayList<>();
        List<String> mainUrls = new ArrayList<>();
        Set<ResourceKind> listedMains = EnumSet.noneOf(ResourceKind.class);
        for (QueueRole role : QueueRole.values()) {
            if (listedMains.add(role.main())) {
                Target main = command.target(role.main());
                mainUrls.add(main.name());
                rows.add(new Row(role.mainName(), role, false, queues.stats(main), QueueAges.Age.none("pending")));
            }
            Target deadLetter = command.target(role.deadLetter());
            QueueStats dlqStats = queues.stats(deadLetter);
            QueueAges.Age dlqAge = sample > 0
                    ? new QueueAges(null, queues).sample(deadLetter, role, dlqStats.visible(), sample, now)
                    : QueueAges.Age.none("not sampled");
            rows.add(new Row(role.deadLetterName(), role, true, dlqStats, dlqAge));
        }
        Map<String, QueueAges.Age> ages = new HashMap<>();
        if (command.resolver().connection().endpoint().isPresent()) {
            mainUrls.forEach(url -> ages.put(url, QueueAges.Age.none("no CloudWatch metrics on an emulator")));
        } else {
            ages.putAll(new QueueAges(command.session().cloudWatch(), queues).fromCloudWatch(mainUrls, now));
        }
        List<Row> result = new ArrayList<>();
        for (Row row : rows) {
            result.add(row.deadLetter() ? row
                    : new Row(row.name(), row.role(), false, row.stats(), ages.get(row.stats().url())));
        }
        return result;
    }

    @Command(name = "peek", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
            header = "Show dead-letter messages without consuming them (they are made visible again at once).",
            description = {
                "",
                "Each ingest or delivery message is decoded like the ingest function does: SNS envelope or raw S3 "
                    + "JSON, down to bucket, key and event. REASON is the failure the pipeline recorded, or why the "
                    + "body cannot be decoded; empty when SQS moved the message after MaxReceiveCount failed receives "
                    + "(see the function logs) or SNS parked it. Peeking counts as a receive, which does not matter "
                    + "on a dead-letter queue.",
                ""
            },
            footerHeading = "%nExamples:%n",
            footer = {"  bucket-digest dlq peek ingest", "  bucket-digest dlq peek delivery --body",
                "  bucket-digest dlq peek digest --max 50 --format json"})
    public static final class Peek extends BaseCommand {

        @Parameters(paramLabel = "QUEUE", converter = RoleConverter.class,
                description = "ingest, delivery or digest (also ingest-dlq, delivery-dlq, digest-dlq)")
        QueueRole role;

        @Option(names = "--max", paramLabel = "N", defaultValue = "10",
                description = "Show at most N messages (1-1000, default: ${DEFAULT-VALUE}).")
        int max;

        @Option(names = "--body", description = "Also show the raw body (table format).")
        boolean body;

        @Option(names = {"--format", "-o"}, paramLabel = "FORMAT", defaultValue = "table",
                converter = OutputFormat.Converter.class, description = "table, json or csv (default: table).")
        OutputFormat format;

        @Override
        public Integer call() {
            if (max < 1 || max > 1000) {
                throw CliException.usage("--max must be between 1 and 1000");
            }
            Target deadLetter = target(role.deadLetter());
            Queues queues = queues();
            QueueStats stats = queues.stats(deadLetter);
            List<DlqMessage> messages = queues.peek(deadLetter, role, max, stats.visible() + stats.inFlight());
            List<Column<DlqMessage>> columns = new ArrayList<>();
            columns.addAll(messageColumns(role, context().clock().instant(), true));
            if (body) {
                columns.add(Column.flexible("BODY", DlqMessage::body));
            }
            List<Column<DlqMessage>> csv = List.of(
                    Column.fixed("message_id", DlqMessage::messageId),
                    Column.fixed("sent_at", m -> Text.iso(m.sentAt())),
                    Column.fixed("receive_count", m -> Integer.toString(m.receiveCount())),
                    Column.fixed("bucket", DlqCommand::bucket),
                    Column.fixed("key", m -> firstEvent(m).map(ObjectEvent::key).orElse("")),
                    Column.fixed("event", m -> firstEvent(m).map(ObjectEvent::eventName).orElse("")),
                    Column.fixed("record_count", m -> m.decoded() instanceof DlqMessage.S3Events e
                            ? Integer.toString(e.events().size()) : "0"),
                    Column.fixed("subscription_id", m -> m.decoded() instanceof DlqMessage.DigestSignal d
                            ? d.subscriptionId() : ""),
                    Column.fixed("reason", m -> m.reason() == null ? "" : m.reason()),
                    Column.fixed("body", DlqMessage::body));
            RowPrinter<DlqMessage> printer = new RowPrinter<>(out(), format, columns, csv, DlqCommand::json, width());
            messages.forEach(printer::print);
            printer.finish(deadLetter.describe() + " is empty.");
            if (format == OutputFormat.TABLE && !messages.isEmpty()) {
                err().println("(" + messages.size() + " of ~" + stats.visible() + " message(s) shown; all were made "
                        + "visible again)");
            }
            return 0;
        }
    }

    /** Table columns for dead-letter messages: age, receives, what the message is about, and the reason. */
    static List<Column<DlqMessage>> messageColumns(QueueRole role, Instant now, boolean receives) {
        List<Column<DlqMessage>> columns = new ArrayList<>();
        columns.add(Column.number("AGE", m -> m.sentAt() == null ? "" : Text.age(Duration.between(m.sentAt(),
                now))));
        if (receives) {
            columns.add(Column.number("RECV", m -> Integer.toString(m.receiveCount())));
        }
        if (role.carriesS3Notifications()) {
            columns.add(Column.fixed("BUCKET", DlqCommand::bucket));
            columns.add(Column.flexible("KEY", DlqCommand::key));
            columns.add(Column.fixed("EVENT", DlqCommand::event));
        } else {
            columns.add(Column.fixed("SUBSCRIPTION", m -> m.decoded() instanceof DlqMessage.DigestSignal d
                    ? d.subscriptionId() : ""));
            columns.add(Column.fixed("SIGNALLED", m -> m.decoded() instanceof DlqMessage.DigestSignal d
                    && d.signalledAt() != null ? d.signalledAt() : ""));
        }
        columns.add(Column.flexible("REASON", m -> m.reason() == null ? "" : m.reason()));
        return columns;
    }

    static Optional<ObjectEvent> firstEvent(DlqMessage m) {
        return m.decoded() instanceof DlqMessage.S3Events e && !e.events().isEmpty()
                ? Optional.of(e.events().get(0)) : Optional.empty();
    }

    static String bucket(DlqMessage m) {
        if (m.decoded() instanceof DlqMessage.S3TestEvent test) {
            return test.bucket() == null ? "" : test.bucket();
        }
        return firstEvent(m).map(ObjectEvent::bucket).orElse("");
    }

    static String key(DlqMessage m) {
        if (m.decoded() instanceof DlqMessage.S3Events e && !e.events().isEmpty()) {
            return e.events().get(0).key() + (e.events().size() > 1 ? " (+" + (e.events().size() - 1) + " more)" : "");
        }
        return "";
    }

    static String event(DlqMessage m) {
        if (m.decoded() instanceof DlqMessage.S3TestEvent) {
            return "s3:TestEvent";
        }
        return firstEvent(m).map(ObjectEvent::eventName).orElse(m.decoded() instanceof DlqMessage.Malformed
                ? "(undecodable)" : "");
    }

    static Map<String, Object> json(DlqMessage m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("messageId", m.messageId());
        json.put("sentAt", Text.iso(m.sentAt()));
        json.put("receiveCount", m.receiveCount());
        List<Map<String, Object>> records = new ArrayList<>();
        if (m.decoded() instanceof DlqMessage.S3Events events) {
            for (ObjectEvent event : events.events()) {
                Map<String, Object> record = new LinkedHashMap<>();
                record.put("bucket", event.bucket());
                record.put("key", event.key());
                record.put("type", event.kind().displayName());
                record.put("eventName", event.eventName());
                record.put("eventTime", Text.iso(event.eventTime()));
                record.put("size", event.size());
                records.add(record);
            }
        }
        json.put("records", records);
        if (m.decoded() instanceof DlqMessage.S3TestEvent test) {
            json.put("testEventBucket", test.bucket());
        }
        if (m.decoded() instanceof DlqMessage.DigestSignal signal) {
            json.put("subscriptionId", signal.subscriptionId());
            json.put("signalledAt", signal.signalledAt());
        }
        json.put("malformed", m.decoded() instanceof DlqMessage.Malformed malformed ? malformed.reason() : null);
        json.put("failureReason", m.failureReason());
        json.put("sourceMessageId", m.sourceMessageId());
        json.put("reason", m.reason());
        json.put("body", m.body());
        return json;
    }

    @Command(name = "replay", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
            header = "Move dead-letter messages back to the queue they came from.",
            description = {
                "",
                "ingest and delivery go back to the ingest queue, digest to the digest queue. Without filters it "
                    + "starts SQS's native redrive (StartMessageMoveTask) and shows its progress until it is done. "
                    + "With filters, --max or --dry-run, for delivery (SNS filled it, and SQS only redrives "
                    + "dead-letter queues of SQS queues), or where the native API is missing (e.g. moto), it receives, "
                    + "sends to the ingest or digest queue, and only then deletes: a failure between the two "
                    + "duplicates one message and never loses one. Ctrl-C finishes the message in flight, makes the "
                    + "messages it holds visible again and prints the summary. Non-matching messages are left where "
                    + "they are.",
                ""
            },
            footerHeading = "%nExamples:%n",
            footer = {
                "  bucket-digest dlq replay ingest",
                "  bucket-digest dlq replay ingest --bucket photos --key-prefix raw/ --dry-run",
                "  bucket-digest dlq replay ingest --older-than 2h --max 100 --rate 10/s",
                "  bucket-digest dlq replay delivery --bucket photos",
                "  bucket-digest dlq replay digest"
            })
    public static final class Replay extends BaseCommand {

        @Parameters(paramLabel = "QUEUE", converter = RoleConverter.class,
                description = "ingest, delivery or digest (also ingest-dlq, delivery-dlq, digest-dlq)")
        QueueRole role;

        @Option(names = "--bucket", paramLabel = "NAME",
                description = "Only messages about this bucket (ingest, delivery).")
        String bucket;

        @Option(names = "--key-prefix", paramLabel = "PREFIX",
                description = "Only messages with a key under this prefix (ingest, delivery).")
        String keyPrefix;

        @Option(names = "--older-than", paramLabel = "DURATION", converter = TimeArguments.DurationConverter.class,
                description = "Only messages first sent at least this long ago (2h, 1d).")
        Duration olderThan;

        @Option(names = "--newer-than", paramLabel = "DURATION", converter = TimeArguments.DurationConverter.class,
                description = "Only messages first sent at most this long ago (30m, 2h).")
        Duration newerThan;

        @Option(names = "--max", paramLabel = "N", defaultValue = "0",
                description = "Move at most N messages (default: all).")
        long max;

        @Option(names = "--rate", paramLabel = "N/s", converter = TimeArguments.RateConverter.class,
                description = "Move at most this many messages per second (10/s, 0.5/s, 600/m; native: 1-500/s).")
        Double rate;

        @Option(names = "--dry-run", description = "List what would move; move nothing.")
        boolean dryRun;

        @Option(names = "--no-native", description = "Never use StartMessageMoveTask.")
        boolean noNative;

        @Option(names = {"--format", "-o"}, paramLabel = "FORMAT", defaultValue = "table",
                converter = OutputFormat.Converter.class,
                description = "table, json or csv for the --dry-run list and the summary (default: table).")
        OutputFormat format;

        @Override
        public Integer call() {
            if (!role.carriesS3Notifications() && (bucket != null || keyPrefix != null)) {
                throw CliException.usage("--bucket and --key-prefix filter S3 events; digest signals carry none "
                        + "(use --older-than/--newer-than/--max)");
            }
            if (max < 0) {
                throw CliException.usage("--max must be 0 (all) or more");
            }
            if (olderThan != null && newerThan != null && olderThan.compareTo(newerThan) > 0) {
                throw CliException.usage("--older-than " + Text.age(olderThan) + " and --newer-than "
                        + Text.age(newerThan) + " select nothing");
            }
            ReplayFilter filter = new ReplayFilter(bucket, keyPrefix, olderThan, newerThan);
            Target deadLetter = target(role.deadLetter());
            Target source = target(role.main());
            Queues queues = queues();
            QueueStats dlqStats = queues.stats(deadLetter);
            QueueStats sourceStats = queues.stats(source);
            String label = role.deadLetterName() + " -> " + role.mainName();
            Progress progress = new Progress(err(), context().interactive(), context().clock(),
                    dryRun ? "checking" : "moving");
            context().stopSignal().arm();
            try {
                ReplaySummary summary = null;
                boolean nativeEligible = filter.isEmpty() && max == 0 && !dryRun && !noNative;
                if (nativeEligible && role.nativeRedriveUnsupported().isPresent()) {
                    err().println(role.nativeRedriveUnsupported().get() + "; moving messages by receive/send/delete.");
                } else if (nativeEligible) {
                    NativeRedrive redrive = new NativeRedrive(queues.client(), calls(), context().stopSignal(),
                            context().pollInterval());
                    Optional<ReplaySummary> result = redrive.run(deadLetter, dlqStats.arn(), sourceStats.arn(), rate,
                            dlqStats.visible(), progress);
                    if (result.isPresent()) {
                        summary = result.get();
                    } else {
                        err().println(redrive.unavailableReason() + "; moving messages by receive/send/delete.");
                    }
                }
                List<DlqMessage> listed = new ArrayList<>();
                if (summary == null) {
                    ManualReplay manual = new ManualReplay(queues, calls(), context().clock(),
                            context().stopSignal());
                    RowPrinter<DlqMessage> printer = dryRun ? new RowPrinter<>(out(), format,
                            messageColumns(role, context().clock().instant(), false), List.of(
                            Column.fixed("message_id", DlqMessage::messageId),
                            Column.fixed("sent_at", m -> Text.iso(m.sentAt())),
                            Column.fixed("bucket", DlqCommand::bucket),
                            Column.fixed("key", m -> firstEvent(m).map(ObjectEvent::key).orElse("")),
                            Column.fixed("event", DlqCommand::event),
                            Column.fixed("subscription_id", m -> m.decoded() instanceof DlqMessage.DigestSignal d
                                    ? d.subscriptionId() : ""),
                            Column.fixed("reason", m -> m.reason() == null ? "" : m.reason())), m -> {
                                Map<String, Object> json = DlqCommand.json(m);
                                json.put("wouldMove", true);
                                return json;
                            }, width()) : null;
                    summary = manual.run(deadLetter, source, role,
                            new ManualReplay.Options(filter, max, rate, dryRun), dlqStats.visible(), progress, m -> {
                                listed.add(m);
                                if (format != OutputFormat.TABLE) {
                                    printer.print(m);
                                }
                            });
                    if (printer != null) {
                        if (format == OutputFormat.TABLE) {
                            listed.forEach(printer::print);
                        }
                        printer.finish("No message matches.");
                    }
                }
                printSummary(label, summary);
                if (summary.interrupted()) {
                    return ExitCode.INTERRUPTED;
                }
                return summary.failed() > 0 ? ExitCode.PARTIAL : ExitCode.OK;
            } finally {
                context().stopSignal().disarm();
            }
        }

        private void printSummary(String label, ReplaySummary summary) {
            if (format == OutputFormat.JSON) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("summary", true);
                json.put("queue", label);
                json.put("method", summary.method());
                json.put("dryRun", summary.dryRun());
                json.put("moved", summary.moved());
                json.put("wouldMove", summary.wouldMove());
                json.put("skipped", summary.skipped());
                json.put("failed", summary.failed());
                json.put("interrupted", summary.interrupted());
                json.put("failures", summary.failures());
                Json.writeLine(out(), json);
                out().flush();
                return;
            }
            java.io.PrintWriter target = format == OutputFormat.CSV ? err() : out();
            if (summary.dryRun()) {
                target.println("Dry run " + label + ": would move " + summary.wouldMove() + ", skipped "
                        + summary.skipped() + " (not matching); nothing was moved.");
            } else {
                target.println((summary.interrupted() ? "Interrupted " : "Replayed ") + label + ": moved "
                        + summary.moved() + ", skipped " + summary.skipped() + ", failed " + summary.failed() + " ("
                        + summary.method() + ").");
            }
            summary.failures().forEach(f -> target.println("  " + f));
            target.flush();
        }
    }
}
