package io.bucketdigest.cli.command;

import io.bucketdigest.aws.dynamodb.DynamoDbSubscriptionStore;
import io.bucketdigest.aws.sqs.SqsDigestSignals;
import io.bucketdigest.cli.CliException;
import io.bucketdigest.cli.ExitCode;
import io.bucketdigest.cli.aws.Target;
import io.bucketdigest.cli.config.ResourceKind;
import io.bucketdigest.cli.output.Column;
import io.bucketdigest.cli.output.FormatOption;
import io.bucketdigest.cli.output.OutputFormat;
import io.bucketdigest.cli.output.RowPrinter;
import io.bucketdigest.cli.output.Text;
import io.bucketdigest.cli.output.TimeArguments;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.DigestSignals;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Glob;
import io.bucketdigest.core.subscription.InvalidSubscriptionException;
import io.bucketdigest.core.subscription.Schedule;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Duration;
import java.time.ZoneId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "subscriptions",
        mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "List, add, update, remove and test subscriptions (who gets digests about what).",
        description = {
            "",
            "Subscriptions are stored in the history table; the functions pick up changes within their "
                + "subscription cache time (SubscriptionCacheSeconds, 60 s by default). The deployment's default "
                + "subscription (the Recipients parameter, id 'default') lives in the functions' environment, not "
                + "here. Validation is the sender's own: valid addresses, 1-50 recipients, at most 20 prefixes, "
                + "known kinds.",
            ""
        },
        subcommands = {
            SubscriptionsCommand.ListSubscriptions.class,
            SubscriptionsCommand.AddSubscription.class,
            SubscriptionsCommand.UpdateSubscription.class,
            SubscriptionsCommand.RemoveSubscription.class,
            SubscriptionsCommand.TestSubscriptions.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  bucket-digest subscriptions list",
            "  bucket-digest subscriptions add team-photos \\",
            "      --recipient ana@example.com,li@example.com --bucket photos \\",
            "      --prefix raw/ --kinds created,removed --quiet-period 2m",
            "  bucket-digest subscriptions update team-photos \\",
            "      --add-recipient kim@example.com",
            "  bucket-digest subscriptions test --bucket photos --key raw/cat.jpg",
            "  bucket-digest subscriptions remove team-photos"
        })
public final class SubscriptionsCommand extends BaseCommand {

    @Override
    public Integer call() {
        return missingSubcommand();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, abbreviateSynopsis = true, header = "List the stored subscriptions.",
            footerHeading = "%nExamples:%n",
            footer = {"  bucket-digest subscriptions list", "  bucket-digest subscriptions list --format json"})
    public static final class ListSubscriptions extends BaseCommand {

        @Mixin
        FormatOption output;

        @Override
        public Integer call() {
            List<Subscription> subscriptions = new ArrayList<>(calls().call("dynamodb:Query",
                    target(ResourceKind.TABLE), () -> subscriptionStore().list()));
            subscriptions.sort(Comparator.comparing(Subscription::id));
            RowPrinter<Subscription> printer = new RowPrinter<>(out(), output.format, List.of(
                    Column.<Subscription>fixed("ID", Subscription::id).csv("id"),
                    Column.<Subscription>fixed("BUCKET", s -> s.bucketFilter().orElse("*"))
                            .csv("bucket", s -> s.bucketFilter().orElse("")),
                    Column.<Subscription>flexible("PREFIXES", s -> s.prefixes().isEmpty() ? "*"
                            : String.join(",", s.prefixes())).csv("prefixes", s -> String.join(" ", s.prefixes())),
                    Column.<Subscription>fixed("KINDS", SubscriptionsCommand::kinds)
                            .csv("kinds", s -> s.kinds().isEmpty() ? "" : kinds(s)),
                    Column.<Subscription>fixed("TIMING", SubscriptionsCommand::timingText).tableOnly(),
                    Column.csvOnly("schedule", s -> Text.orEmpty(SubscriptionLine.of(s).schedule())),
                    Column.csvOnly("quiet_period_seconds",
                            s -> Text.orEmpty(SubscriptionLine.of(s).quietPeriodSeconds())),
                    Column.csvOnly("max_delay_seconds", s -> Text.orEmpty(SubscriptionLine.of(s).maxDelaySeconds())),
                    Column.csvOnly("max_entries", s -> Text.orEmpty(SubscriptionLine.of(s).maxEntries())),
                    Column.<Subscription>fixed("ZONE", s -> s.timeZoneName()).csv("time_zone"),
                    Column.<Subscription>flexible("EXCLUDES", s -> s.exclusions().isEmpty() ? "-"
                            : String.join(",", s.exclusionPatterns()))
                            .csv("exclusions", s -> String.join(" ", s.exclusionPatterns())),
                    Column.<Subscription>flexible("RECIPIENTS", s -> String.join(",", s.recipients()))
                            .csv("recipients", s -> String.join(" ", s.recipients()))),
                    SubscriptionLine::of, width());
            subscriptions.forEach(printer::print);
            printer.finish("No subscriptions stored. Add one with: bucket-digest subscriptions add ID --recipient ...");
            return 0;
        }
    }

    /** Options add and update share: what the subscription covers and when its digests go out. */
    abstract static class Editing extends BaseCommand {

        @Option(names = "--bucket", paramLabel = "NAME", description = "Only this bucket (default: every bucket).")
        String bucket;

        @Option(names = "--prefix", paramLabel = "PREFIX", split = ",",
                description = "Only keys under these prefixes (repeatable or comma-separated; at most 20).")
        List<String> prefixes;

        @Option(names = "--kinds", paramLabel = "KIND", split = ",",
                description = "Only these event kinds: ${COMPLETION-CANDIDATES} (default: all).",
                completionCandidates = EventsCommand.KindCandidates.class)
        List<String> kinds;

        @Option(names = "--quiet-period", paramLabel = "DURATION", converter = TimeArguments.DurationConverter.class,
                description = "Send after this long without new events (0s-15m; default: the deployment's).")
        Duration quietPeriod;

        @Option(names = "--max-delay", paramLabel = "DURATION", converter = TimeArguments.DurationConverter.class,
                description = "Send at the latest this long after the first pending event (0s-24h).")
        Duration maxDelay;

        @Option(names = "--max-entries", paramLabel = "N", description = "Most entries per digest (1-10000).")
        Integer maxEntries;

        @Option(names = "--schedule", paramLabel = "WHEN",
                description = "Send at fixed times instead of after each burst: hourly, 'daily HH:MM' or "
                        + "'weekly DAY HH:MM' in the subscription's time zone (e.g. 'daily 09:00', 'weekly mon "
                        + "08:30'); 'burst' goes back to the quiet period and max delay. Max entries still applies.")
        String schedule;

        @Option(names = "--time-zone", paramLabel = "ZONE",
                description = "Show times in the mails in this IANA zone, e.g. Europe/Berlin (default: UTC).")
        String timeZone;

        @Option(names = "--exclude", paramLabel = "PATTERN", split = ",",
                description = "Keep keys matching these globs out of the digest (repeatable or comma-separated; at "
                        + "most 20), e.g. '**/_temporary/**', '*.tmp', _SUCCESS. '*' stays within a folder, '**' "
                        + "crosses folders, a pattern without '/' matches the last segment at any depth.")
        List<String> exclusions;

        @Option(names = "--dry-run", description = "Validate and show the result without saving it.")
        boolean dryRun;

        Set<EventKind> parsedKinds() {
            return EventsCommand.parseKinds(kinds, "--kinds");
        }

        /** Validates everything at once, as the sender does, and lists every problem. */
        Subscription build(String id, List<String> recipients, String bucketFilter, List<String> prefixList,
                Set<EventKind> kindSet, DigestTiming base, ZoneId baseZone, List<String> baseExclusions) {
            List<String> problems = new ArrayList<>();
            DigestTiming timing = null;
            try {
                timing = timing(base);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            ZoneId zone = baseZone;
            try {
                zone = timeZone == null ? baseZone : Subscription.timeZone(timeZone);
            } catch (InvalidSubscriptionException e) {
                problems.addAll(e.problems());
            }
            List<Glob> globs = List.of();
            try {
                globs = Subscription.exclusions(exclusions != null ? exclusions : baseExclusions);
            } catch (InvalidSubscriptionException e) {
                problems.addAll(e.problems());
            }
            try {
                Subscription subscription = new Subscription(id, recipients, bucketFilter, prefixList, kindSet, timing,
                        zone, globs);
                if (problems.isEmpty()) {
                    return subscription;
                }
            } catch (InvalidSubscriptionException e) {
                problems.addAll(e.problems());
            }
            throw CliException.usage("invalid subscription " + id + ":\n  - " + String.join("\n  - ", problems));
        }

        private DigestTiming timing(DigestTiming base) {
            Schedule baseSchedule = base == null ? null : base.schedule();
            Schedule chosen = schedule == null ? baseSchedule
                    : schedule.trim().equalsIgnoreCase("burst") ? null : Schedule.parse(schedule);
            if (chosen != null && schedule == null && (quietPeriod != null || maxDelay != null)) {
                throw new IllegalArgumentException("--quiet-period and --max-delay apply to burst mode, and this "
                        + "subscription sends on the schedule '" + baseSchedule.text() + "': add --schedule burst to "
                        + "go back to burst mode");
            }
            // On a schedule only explicit burst settings are kept, so that the subscription refuses them by name.
            Duration quiet = quietPeriod != null ? quietPeriod
                    : base == null || chosen != null ? null : base.quietPeriod();
            Duration delay = maxDelay != null ? maxDelay : base == null || chosen != null ? null : base.maxDelay();
            Integer entries = maxEntries != null ? maxEntries : base == null ? null : base.maxEntries();
            if (quiet == null && delay == null && entries == null && chosen == null) {
                return null;
            }
            return new DigestTiming(quiet, delay, entries, chosen);
        }

        int save(Subscription subscription, String verb) {
            if (dryRun) {
                out().println("Would " + verb + " (dry run, nothing saved):");
            } else {
                DynamoDbSubscriptionStore store = subscriptionStore();
                calls().run("dynamodb:PutItem", target(ResourceKind.TABLE), () -> store.save(subscription));
                out().println((verb.equals("add") ? "Added" : "Updated") + " subscription " + subscription.id() + ":");
            }
            describe(subscription);
            return 0;
        }

        void describe(Subscription s) {
            out().println("  bucket      " + s.bucketFilter().orElse("* (every bucket)"));
            out().println("  prefixes    " + (s.prefixes().isEmpty() ? "* (every key)" : String.join(", ",
                    s.prefixes())));
            out().println("  kinds       " + kinds(s));
            out().println("  timing      " + timingText(s));
            out().println("  sends       " + s.schedule().map(schedule -> schedule.describe() + " ("
                    + s.timeZoneName() + ")").orElse("after each burst (the quiet period and max delay above)"));
            out().println("  time zone   " + s.timeZoneName());
            out().println("  excludes    " + (s.exclusions().isEmpty() ? "- (nothing)"
                    : String.join(", ", s.exclusionPatterns())));
            out().println("  recipients  " + String.join(", ", s.recipients()));
            out().flush();
        }

        Optional<Subscription> find(String id) {
            return calls().call("dynamodb:GetItem", target(ResourceKind.TABLE), () -> subscriptionStore().find(id));
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
            header = "Add a subscription (refused if the id exists: use update).",
            footerHeading = "%nExamples:%n",
            footer = {
                "  bucket-digest subscriptions add team-photos -r ana@example.com \\",
                "      --bucket photos",
                "  bucket-digest subscriptions add audit -r sec@example.com \\",
                "      -r ops@example.com --kinds removed,acl",
                "  bucket-digest subscriptions add pipelines -r data@example.com \\",
                "      --exclude '**/_temporary/**,*.tmp,_SUCCESS'"
            })
    public static final class AddSubscription extends Editing {

        @Parameters(paramLabel = "ID", description = "Subscription id: 1-64 letters, digits, '.', '_' or '-'.")
        String id;

        @Option(names = {"--recipient", "-r"}, paramLabel = "EMAIL", split = ",", required = true,
                description = "Recipient address (repeatable or comma-separated; 1-50).")
        List<String> recipients;

        @Override
        public Integer call() {
            Subscription subscription = build(id, recipients, bucket, prefixes, parsedKinds(), null, null, List.of());
            if (find(id).isPresent()) {
                throw CliException.conflict("subscription " + id + " already exists: change it with "
                        + "bucket-digest subscriptions update " + id + " ...");
            }
            return save(subscription, "add");
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
            header = "Change a subscription; options not given keep their value.",
            footerHeading = "%nExamples:%n",
            footer = {
                "  bucket-digest subscriptions update team-photos \\",
                "      --add-recipient kim@example.com",
                "  bucket-digest subscriptions update team-photos --all-buckets \\",
                "      --clear-prefixes",
                "  bucket-digest subscriptions update team-photos --default-timing \\",
                "      --max-delay 1h"
            })
    public static final class UpdateSubscription extends Editing {

        @Parameters(paramLabel = "ID", description = "The subscription to change.")
        String id;

        @Option(names = {"--recipient", "-r"}, paramLabel = "EMAIL", split = ",",
                description = "Replace all recipients with these.")
        List<String> recipients;

        @Option(names = "--add-recipient", paramLabel = "EMAIL", split = ",", description = "Add recipients.")
        List<String> addRecipients;

        @Option(names = "--remove-recipient", paramLabel = "EMAIL", split = ",", description = "Remove recipients.")
        List<String> removeRecipients;

        @Option(names = "--all-buckets", description = "Cover every bucket (drop the bucket filter).")
        boolean allBuckets;

        @Option(names = "--clear-prefixes", description = "Cover every key (drop the prefixes).")
        boolean clearPrefixes;

        @Option(names = "--all-kinds", description = "Cover every event kind.")
        boolean allKinds;

        @Option(names = "--default-timing", description = "Drop timing overrides first (then apply any given).")
        boolean defaultTiming;

        @Option(names = "--clear-exclusions", description = "Drop every exclusion (--exclude replaces them all).")
        boolean clearExclusions;

        @Override
        public Integer call() {
            if (bucket != null && allBuckets) {
                throw CliException.usage("--bucket and --all-buckets contradict each other");
            }
            if (prefixes != null && clearPrefixes || kinds != null && allKinds) {
                throw CliException.usage("--prefix/--clear-prefixes and --kinds/--all-kinds contradict each other");
            }
            if (exclusions != null && clearExclusions) {
                throw CliException.usage("--exclude and --clear-exclusions contradict each other");
            }
            boolean changes = recipients != null || addRecipients != null || removeRecipients != null
                    || bucket != null || allBuckets || prefixes != null || clearPrefixes || kinds != null || allKinds
                    || quietPeriod != null || maxDelay != null || maxEntries != null || schedule != null
                    || defaultTiming
                    || timeZone != null || exclusions != null || clearExclusions;
            if (!changes) {
                throw CliException.usage("nothing to change: give at least one option (see --help)");
            }
            Subscription current = find(id).orElseThrow(() -> new CliException(ExitCode.AWS, "subscription " + id
                    + " does not exist in table " + target(ResourceKind.TABLE).name()
                    + ". See them with: bucket-digest subscriptions list; add it with: subscriptions add " + id));
            List<String> newRecipients = new ArrayList<>(recipients != null ? recipients : current.recipients());
            if (addRecipients != null) {
                addRecipients.stream().filter(r -> !newRecipients.contains(r)).forEach(newRecipients::add);
            }
            if (removeRecipients != null) {
                for (String removed : removeRecipients) {
                    if (!newRecipients.remove(removed)) {
                        throw CliException.usage("--remove-recipient: " + removed + " is not a recipient of " + id);
                    }
                }
            }
            String newBucket = allBuckets ? null : bucket != null ? bucket : current.bucketFilter().orElse(null);
            List<String> newPrefixes = clearPrefixes ? List.of() : prefixes != null ? prefixes : current.prefixes();
            Set<EventKind> newKinds = allKinds ? Set.of() : kinds != null ? parsedKinds() : current.kinds();
            Subscription updated = build(id, newRecipients, newBucket, newPrefixes, newKinds,
                    defaultTiming ? null : current.timingOverride(), current.timeZone(),
                    clearExclusions ? List.of() : current.exclusionPatterns());
            return save(updated, "update");
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
            header = "Remove a subscription. Its pending events are not sent.",
            footerHeading = "%nExamples:%n", footer = {"  bucket-digest subscriptions remove team-photos"})
    public static final class RemoveSubscription extends BaseCommand {

        /** Longer than the functions' default subscription cache (SUBSCRIPTION_CACHE_SECONDS, 60 s). */
        static final Duration DISCARD_DELAY = Duration.ofMinutes(2);

        @Parameters(paramLabel = "ID", description = "The subscription to remove.")
        String id;

        @Override
        public Integer call() {
            Target table = target(ResourceKind.TABLE);
            long pending = history(1000).pendingCount(id);
            boolean removed = calls().call("dynamodb:DeleteItem", table, () -> subscriptionStore().remove(id));
            if (!removed) {
                throw new CliException(ExitCode.AWS, "subscription " + id + " does not exist in table "
                        + table.name() + ". See them with: bucket-digest subscriptions list");
            }
            // One signal, after the functions' subscription caches (60 s by default) have let go of it: the digest
            // stage then finds it gone and discards what it left behind (pending entries, a digest in flight, its
            // lease), so nothing is stranded and a subscription re-created later starts clean.
            Target digestQueue = target(ResourceKind.DIGEST_QUEUE);
            Instant now = context().clock().instant();
            calls().run("sqs:SendMessage", digestQueue, () -> new SqsDigestSignals(session().sqs(), digestQueue.name())
                    .send(List.of(new DigestSignals.Signal(id, now, DISCARD_DELAY))));
            out().println("Removed subscription " + id + "."
                    + (pending > 0 ? " " + pending + " pending event(s) of it will not be sent; the digest stage "
                    + "discards them in about " + DISCARD_DELAY.toMinutes() + " minutes." : ""));
            return 0;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
            header = "Show which subscriptions an example event would match, and why the others do not.",
            footerHeading = "%nExamples:%n",
            footer = {
                "  bucket-digest subscriptions test --bucket photos --key raw/cat.jpg \\",
                "      --event created",
                "  bucket-digest subscriptions test --bucket photos --key a.txt \\",
                "      --event ObjectRemoved:Delete -o json"
            })
    public static final class TestSubscriptions extends BaseCommand {

        @Option(names = "--bucket", paramLabel = "NAME", required = true, description = "The event's bucket.")
        String bucket;

        @Option(names = "--key", paramLabel = "KEY", required = true, description = "The event's (decoded) key.")
        String key;

        @Option(names = "--event", paramLabel = "EVENT", defaultValue = "created",
                description = "A kind (created, removed, ...) or an S3 event name (ObjectCreated:Put). "
                        + "Default: ${DEFAULT-VALUE}.")
        String event;

        @Mixin
        FormatOption output;

        @Override
        public Integer call() {
            EventKind kind;
            String eventName;
            Optional<EventKind> fromName = event.contains(":") ? EventKind.fromEventName(event) : Optional.empty();
            if (fromName.isPresent()) {
                kind = fromName.get();
                eventName = event.startsWith("s3:") ? event.substring(3) : event;
            } else {
                try {
                    kind = EventKind.parse(event);
                } catch (IllegalArgumentException e) {
                    throw CliException.usage("--event: " + e.getMessage() + ", or an S3 event name such as "
                            + "ObjectCreated:Put");
                }
                eventName = exampleEventName(kind);
            }
            Instant now = context().clock().instant();
            ObjectEvent example = ObjectEvent.builder(bucket, key, eventName, now).kind(kind).build();
            List<Subscription> subscriptions = new ArrayList<>(calls().call("dynamodb:Query",
                    target(ResourceKind.TABLE), () -> subscriptionStore().list()));
            subscriptions.sort(Comparator.comparing(Subscription::id));
            RowPrinter<Subscription> printer = new RowPrinter<>(out(), output.format, List.of(
                    Column.fixed("SUBSCRIPTION", Subscription::id),
                    Column.fixed("MATCH", s -> s.matches(example) ? "yes" : "no"),
                    Column.flexible("WHY", s -> reason(s, example))),
                    s -> new Match(s.id(), s.matches(example), reason(s, example),
                            s.exclusionOf(example).map(Glob::pattern).orElse(null)), width());
            subscriptions.forEach(printer::print);
            printer.finish("No subscriptions stored: only the deployment's default subscription (if it has "
                    + "recipients) would get this event.");
            if (output.format == OutputFormat.TABLE && !subscriptions.isEmpty()) {
                long matching = subscriptions.stream().filter(s -> s.matches(example)).count();
                out().println();
                out().println(Text.wrap("s3://" + bucket + "/" + key + " (" + eventName + ") matches " + matching
                        + " of " + subscriptions.size() + " stored subscription(s); the deployment's default "
                        + "subscription, if it has recipients, matches every event.", width(), 0));
            }
            return 0;
        }

        private static String exampleEventName(EventKind kind) {
            return switch (kind) {
                case CREATED -> "ObjectCreated:Put";
                case REMOVED -> "ObjectRemoved:Delete";
                case DELETE_MARKER -> "ObjectRemoved:DeleteMarkerCreated";
                case RESTORE -> "ObjectRestore:Completed";
                case LIFECYCLE -> "LifecycleExpiration:Delete";
                case INTELLIGENT_TIERING -> "IntelligentTiering";
                case REPLICATION -> "Replication:OperationReplicatedAfterThreshold";
                case TAGGING -> "ObjectTagging:Put";
                case ACL -> "ObjectAcl:Put";
                case LOST -> "ReducedRedundancyLostObject";
            };
        }

        static String reason(Subscription s, ObjectEvent event) {
            return s.explain(event).inWords();
        }
    }

    static String kinds(Subscription s) {
        if (s.kinds().isEmpty()) {
            return "*";
        }
        Set<EventKind> sorted = EnumSet.copyOf(s.kinds());
        return sorted.stream().map(EventKind::displayName).collect(Collectors.joining(","));
    }

    static String timingText(Subscription s) {
        DigestTiming t = s.timingOverride();
        if (t == null) {
            return "default";
        }
        List<String> parts = new ArrayList<>();
        if (t.schedule() != null) {
            parts.add(t.schedule().text());
        }
        if (t.quietPeriod() != null) {
            parts.add("quiet " + Text.age(t.quietPeriod()));
        }
        if (t.maxDelay() != null) {
            parts.add("max delay " + Text.age(t.maxDelay()));
        }
        if (t.maxEntries() != null) {
            parts.add("max " + t.maxEntries() + " entries");
        }
        return String.join(", ", parts);
    }

    /** {@code excludedBy}: the exclusion pattern the key matches, null when none does. */
    record Match(String subscriptionId, boolean matches, String reason, String excludedBy) {}

    /** A stored subscription as JSON writes it; timing fields are null where the deployment's default applies. */
    record SubscriptionLine(String id, String bucket, List<String> prefixes, List<String> kinds,
            String schedule, Long quietPeriodSeconds, Long maxDelaySeconds, Integer maxEntries, String timeZone,
            List<String> exclusions, List<String> recipients) {
        static SubscriptionLine of(Subscription s) {
            DigestTiming t = s.timingOverride();
            return new SubscriptionLine(s.id(), s.bucketFilter().orElse(null), s.prefixes(),
                    s.kinds().stream().sorted().map(EventKind::displayName).toList(),
                    s.schedule().map(Schedule::text).orElse(null),
                    t == null || t.quietPeriod() == null ? null : t.quietPeriod().toSeconds(),
                    t == null || t.maxDelay() == null ? null : t.maxDelay().toSeconds(),
                    t == null ? null : t.maxEntries(), s.timeZoneName(), s.exclusionPatterns(), s.recipients());
        }
    }
}
