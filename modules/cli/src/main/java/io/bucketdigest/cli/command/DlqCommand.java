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
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.bucketdigest.cli.output.Column;
import io.bucketdigest.cli.output.FormatOption;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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

        @Mixin
        FormatOption output;

        @Override
        public Integer call() {
            List<Row> rows = collect(this, sample);
            RowPrinter<Row> printer = new RowPrinter<>(out(), output.format, Row.COLUMNS, Row::json, width());
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

        /** dlq stats prints them all; status the table's first five (no URL). */
        static final List<Column<Row>> COLUMNS = List.of(
                Column.<Row>fixed("QUEUE", Row::name).csv("queue"),
                Column.<Row>number("VISIBLE", r -> Long.toString(r.stats().visible())).csv("visible"),
                Column.<Row>number("IN FLIGHT", r -> Long.toString(r.stats().inFlight())).csv("in_flight"),
                Column.<Row>number("DELAYED", r -> Long.toString(r.stats().delayed())).csv("delayed"),
                Column.<Row>fixed("OLDEST", Row::oldestText).csv("oldest_age_seconds", r -> Text.orEmpty(
                        r.age().age() == null ? null : r.age().age().toSeconds())),
                Column.csvOnly("oldest_age_source", r -> Text.orEmpty(r.age().source())),
                Column.<Row>flexible("URL", r -> r.stats().url()).csv("url"));

        String oldestText() {
            if (age.age() != null) {
                return Text.age(age.age()) + (age.note() != null ? "+" : "");
            }
            return deadLetter && stats.visible() == 0 ? "-" : "n/a";
        }

        QueueLine json() {
            return new QueueLine(name, stats.url(), stats.visible(), stats.inFlight(), stats.delayed(),
                    age.age() == null ? null : age.age().toSeconds(), age.source(), age.note());
        }
    }

    /** One queue as JSON writes it (dlq stats, status). */
    record QueueLine(String queue, String url, long visible, long inFlight, long delayed, Long oldestAgeSeconds,
            String oldestAgeSource, String oldestAgeNote) {}

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

        private int max;

        @Option(names = "--max", paramLabel = "N", defaultValue = "10",
                description = "Show at most N messages (1-1000, default: ${DEFAULT-VALUE}).")
        void max(int value) {
            if (value < 1 || value > 1000) {
                throw new ParameterException(spec.commandLine(), "--max must be between 1 and 1000");
            }
            max = value;
        }

        @Option(names = "--body", description = "Also show the raw body (table format).")
        boolean body;

        @Mixin
        FormatOption output;

        @Override
        public Integer call() {
            Target deadLetter = target(role.deadLetter());
            Queues queues = queues();
            QueueStats stats = queues.stats(deadLetter);
            List<DlqMessage> messages = queues.peek(deadLetter, role, max, stats.visible() + stats.inFlight());
            RowPrinter<DlqMessage> printer = new RowPrinter<>(out(), output.format,
                    messageColumns(role, context().clock().instant(), true, body), m -> MessageLine.of(m, null),
                    width());
            messages.forEach(printer::print);
            printer.finish(deadLetter.describe() + " is empty.");
            if (output.format == OutputFormat.TABLE && !messages.isEmpty()) {
                err().println("(" + messages.size() + " of ~" + stats.visible() + " message(s) shown; all were made "
                        + "visible again)");
            }
            return 0;
        }
    }

    /**
     * Columns for dead-letter messages: age, receives (peek), what the message is about, and the reason; the table
     * shows the body only with --body, peek's CSV always has it.
     */
    static List<Column<DlqMessage>> messageColumns(QueueRole role, Instant now, boolean peek, boolean body) {
        Function<DlqMessage, String> firstKey = m -> firstEvent(m).map(ObjectEvent::key).orElse("");
        Function<DlqMessage, String> csvEvent = peek ? m -> firstEvent(m).map(ObjectEvent::eventName).orElse("")
                : DlqCommand::event;
        Function<DlqMessage, String> subscription = m -> m.decoded() instanceof DlqMessage.DigestSignal d
                ? d.subscriptionId() : "";
        List<Column<DlqMessage>> columns = new ArrayList<>();
        columns.add(Column.csvOnly("message_id", DlqMessage::messageId));
        columns.add(Column.<DlqMessage>number("AGE", m -> m.sentAt() == null ? ""
                : Text.age(Duration.between(m.sentAt(), now))).csv("sent_at", m -> Text.iso(m.sentAt())));
        if (peek) {
            columns.add(Column.<DlqMessage>number("RECV", m -> Integer.toString(m.receiveCount()))
                    .csv("receive_count"));
        }
        if (role.carriesS3Notifications()) {
            columns.add(Column.<DlqMessage>fixed("BUCKET", DlqCommand::bucket).csv("bucket"));
            columns.add(Column.<DlqMessage>flexible("KEY", DlqCommand::key).csv("key", firstKey));
            columns.add(Column.<DlqMessage>fixed("EVENT", DlqCommand::event).csv("event", csvEvent));
        } else {
            columns.addAll(List.of(Column.csvOnly("bucket", DlqCommand::bucket), Column.csvOnly("key", firstKey),
                    Column.csvOnly("event", csvEvent)));
        }
        if (peek) {
            columns.add(Column.csvOnly("record_count", m -> m.decoded() instanceof DlqMessage.S3Events e
                    ? Integer.toString(e.events().size()) : "0"));
        }
        if (role.carriesS3Notifications()) {
            columns.add(Column.csvOnly("subscription_id", subscription));
        } else {
            columns.add(Column.fixed("SUBSCRIPTION", subscription).csv("subscription_id"));
            columns.add(Column.<DlqMessage>fixed("SIGNALLED", m -> m.decoded() instanceof DlqMessage.DigestSignal d
                    && d.signalledAt() != null ? d.signalledAt() : "").tableOnly());
        }
        columns.add(Column.<DlqMessage>flexible("REASON", m -> Text.orEmpty(m.reason())).csv("reason"));
        if (peek) {
            columns.add(body ? Column.<DlqMessage>flexible("BODY", DlqMessage::body).csv("body")
                    : Column.csvOnly("body", DlqMessage::body));
        }
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

    /**
     * A dead-letter message as JSON writes it. The test event's bucket, the digest signal's fields and the dry run's
     * {@code wouldMove} appear only for messages of that kind.
     */
    record MessageLine(String messageId, String sentAt, int receiveCount, List<RecordLine> records,
            @JsonInclude(Include.NON_NULL) String testEventBucket, @JsonInclude(Include.NON_NULL) String subscriptionId,
            @JsonInclude(Include.NON_NULL) String signalledAt, String malformed, String failureReason,
            String sourceMessageId, String reason, String body, @JsonInclude(Include.NON_NULL) Boolean wouldMove) {

        record RecordLine(String bucket, String key, String type, String eventName, String eventTime, Long size) {}

        static MessageLine of(DlqMessage m, Boolean wouldMove) {
            List<RecordLine> records = m.decoded() instanceof DlqMessage.S3Events events
                    ? events.events().stream().map(e -> new RecordLine(e.bucket(), e.key(), e.kind().displayName(),
                            e.eventName(), Text.iso(e.eventTime()), e.size())).toList()
                    : List.of();
            DlqMessage.DigestSignal signal = m.decoded() instanceof DlqMessage.DigestSignal d ? d : null;
            return new MessageLine(m.messageId(), Text.iso(m.sentAt()), m.receiveCount(), records,
                    m.decoded() instanceof DlqMessage.S3TestEvent test ? test.bucket() : null,
                    signal == null ? null : signal.subscriptionId(), signal == null ? null : signal.signalledAt(),
                    m.decoded() instanceof DlqMessage.Malformed malformed ? malformed.reason() : null,
                    m.failureReason(), m.sourceMessageId(), m.reason(), m.body(), wouldMove);
        }
    }

    /** The last JSON line of a replay. */
    record SummaryLine(boolean summary, String queue, String method, boolean dryRun, long moved, long wouldMove,
            long skipped, long failed, boolean interrupted, List<String> failures) {}

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

        private long max;

        @Option(names = "--max", paramLabel = "N", defaultValue = "0",
                description = "Move at most N messages (default: all).")
        void max(long value) {
            if (value < 0) {
                throw new ParameterException(spec.commandLine(), "--max must be 0 (all) or more");
            }
            max = value;
        }

        @Option(names = "--rate", paramLabel = "N/s", converter = TimeArguments.RateConverter.class,
                description = "Move at most this many messages per second (10/s, 0.5/s, 600/m; native: 1-500/s).")
        Double rate;

        @Option(names = "--dry-run", description = "List what would move; move nothing.")
        boolean dryRun;

        @Option(names = "--no-native", description = "Never use StartMessageMoveTask.")
        boolean noNative;

        @Mixin
        FormatOption output;

        @Override
        public Integer call() {
            if (!role.carriesS3Notifications() && (bucket != null || keyPrefix != null)) {
                throw CliException.usage("--bucket and --key-prefix filter S3 events; digest signals carry none "
                        + "(use --older-than/--newer-than/--max)");
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
                    RowPrinter<DlqMessage> printer = dryRun ? new RowPrinter<>(out(), output.format,
                            messageColumns(role, context().clock().instant(), false, false),
                            m -> MessageLine.of(m, true), width()) : null;
                    summary = manual.run(deadLetter, source, role,
                            new ManualReplay.Options(filter, max, rate, dryRun), dlqStats.visible(), progress, m -> {
                                listed.add(m);
                                if (output.format != OutputFormat.TABLE) {
                                    printer.print(m);
                                }
                            });
                    if (printer != null) {
                        if (output.format == OutputFormat.TABLE) {
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
            if (output.format == OutputFormat.JSON) {
                Json.writeLine(out(), new SummaryLine(true, label, summary.method(), summary.dryRun(), summary.moved(),
                        summary.wouldMove(), summary.skipped(), summary.failed(), summary.interrupted(),
                        summary.failures()));
                out().flush();
                return;
            }
            java.io.PrintWriter target = output.format == OutputFormat.CSV ? err() : out();
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
