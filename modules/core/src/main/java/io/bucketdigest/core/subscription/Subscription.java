package io.bucketdigest.core.subscription;

import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Who gets digests about what. A null bucket means every bucket; empty prefixes mean every key; empty kinds mean
 * every kind. Timing fields left null fall back to the deployment's defaults. {@code timeZone} is the zone the mails
 * show times in (null means UTC). {@code exclusions} keep matching keys out of the digest (they stay in the history);
 * see {@link Glob} for their syntax.
 */
public record Subscription(
        String id,
        List<String> recipients,
        String bucket,
        List<String> prefixes,
        Set<EventKind> kinds,
        DigestTiming timingOverride,
        ZoneId timeZone,
        List<Glob> exclusions) {

    public static final int MAX_RECIPIENTS = 50;
    public static final int MAX_PREFIXES = 20;
    public static final int MAX_EXCLUSIONS = 20;
    public static final String DEFAULT_ID = "default";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern EMAIL =
            Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    /** Whether {@code id} is a valid subscription id: 1-64 letters, digits, '.', '_' or '-', starting alphanumeric. */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Whether {@code address} is an email address the sender accepts as a recipient (at most 254 characters). */
    public static boolean isValidAddress(String address) {
        return address != null && address.length() <= 254 && EMAIL.matcher(address).matches();
    }

    public Subscription {
        List<String> problems = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            problems.add("id must be 1-64 characters of letters, digits, '.', '_' or '-' (got '" + id + "')");
        }
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        if (recipients.isEmpty()) {
            problems.add("at least one recipient is required");
        } else if (recipients.size() > MAX_RECIPIENTS) {
            problems.add("at most " + MAX_RECIPIENTS + " recipients are allowed (got " + recipients.size() + ")");
        }
        for (int i = 0; i < recipients.size(); i++) {
            String recipient = recipients.get(i);
            if (!isValidAddress(recipient)) {
                problems.add("recipient #" + (i + 1) + " is not a valid email address");
            }
        }
        if (recipients.stream().distinct().count() != recipients.size()) {
            problems.add("recipients contain duplicates");
        }
        if (bucket != null && (bucket.isBlank() || bucket.equals("*"))) {
            bucket = null;
        }
        prefixes = prefixes == null ? List.of() : List.copyOf(prefixes);
        if (prefixes.size() > MAX_PREFIXES) {
            problems.add("at most " + MAX_PREFIXES + " prefixes are allowed");
        }
        for (String prefix : prefixes) {
            if (prefix == null || prefix.isEmpty() || prefix.length() > 1024) {
                problems.add("prefixes must be 1-1024 characters");
                break;
            }
        }
        kinds = kinds == null || kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
        timeZone = timeZone == null ? ZoneOffset.UTC : timeZone;
        if (timingOverride != null && timingOverride.scheduled()) {
            if (timingOverride.quietPeriod() != null || timingOverride.maxDelay() != null) {
                problems.add("a schedule replaces the quiet period and the max delay: set either a schedule or "
                        + "those two, not both");
            }
            // The slots are wall-clock times of the subscription's zone: one zone, the one the mails show.
            timingOverride = timingOverride.withSchedule(timingOverride.schedule().inZone(timeZone));
        }
        exclusions = exclusions == null ? List.of() : List.copyOf(exclusions);
        if (exclusions.size() > MAX_EXCLUSIONS) {
            problems.add("at most " + MAX_EXCLUSIONS + " exclusions are allowed (got " + exclusions.size() + ")");
        }
        if (exclusions.stream().distinct().count() != exclusions.size()) {
            problems.add("exclusions contain duplicates");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSubscriptionException(problems);
        }
    }

    /** A subscription whose mails show times in UTC. */
    public Subscription(String id, List<String> recipients, String bucket, List<String> prefixes, Set<EventKind> kinds,
            DigestTiming timingOverride) {
        this(id, recipients, bucket, prefixes, kinds, timingOverride, ZoneOffset.UTC, List.of());
    }

    /** A subscription without exclusions. */
    public Subscription(String id, List<String> recipients, String bucket, List<String> prefixes, Set<EventKind> kinds,
            DigestTiming timingOverride, ZoneId timeZone) {
        this(id, recipients, bucket, prefixes, kinds, timingOverride, timeZone, List.of());
    }

    /**
     * The patterns compiled, for {@link #withExclusions} or the canonical constructor.
     *
     * @throws InvalidSubscriptionException listing every problem of every pattern, and a count over the maximum
     */
    public static List<Glob> exclusions(List<String> patterns) {
        List<String> problems = new ArrayList<>();
        if (patterns.size() > MAX_EXCLUSIONS) {
            problems.add("at most " + MAX_EXCLUSIONS + " exclusions are allowed (got " + patterns.size() + ")");
        }
        for (String pattern : patterns) {
            problems.addAll(Glob.problems(pattern));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSubscriptionException(problems);
        }
        return patterns.stream().map(Glob::compile).toList();
    }

    /**
     * The zone named by an IANA name such as "Europe/Berlin" (or "UTC").
     *
     * @throws InvalidSubscriptionException naming the problem, for a name the JVM's time-zone database does not know
     */
    public static ZoneId timeZone(String name) {
        try {
            return name == null || name.isBlank() || name.equals("UTC") ? ZoneOffset.UTC : ZoneId.of(name.trim());
        } catch (DateTimeException e) {
            throw new InvalidSubscriptionException(List.of("time zone must be an IANA name such as Europe/Berlin or "
                    + "America/New_York (got '" + name + "')"));
        }
    }

    /** "UTC", or the zone's IANA name. */
    public String timeZoneName() {
        return timeZone.normalized().equals(ZoneOffset.UTC) ? "UTC" : timeZone.getId();
    }

    public Subscription withTimeZone(ZoneId zone) {
        return new Subscription(id, recipients, bucket, prefixes, kinds, timingOverride, zone, exclusions);
    }

    /** The same subscription on {@code schedule}, or back in burst mode when it is null. */
    public Subscription withSchedule(Schedule schedule) {
        DigestTiming base = timingOverride == null ? new DigestTiming(null, null, null) : timingOverride;
        DigestTiming timing = schedule == null ? base.withSchedule(null)
                : new DigestTiming(null, null, base.maxEntries(), schedule);
        boolean empty = timing.quietPeriod() == null && timing.maxDelay() == null && timing.maxEntries() == null
                && timing.schedule() == null;
        return new Subscription(id, recipients, bucket, prefixes, kinds, empty ? null : timing, timeZone, exclusions);
    }

    public Optional<Schedule> schedule() {
        return timingOverride == null ? Optional.empty() : Optional.ofNullable(timingOverride.schedule());
    }

    /**
     * When its digests go out, in words: "daily at 09:00 (Europe/Berlin)", or for burst mode "after 1 min without new
     * events, at most 15 min after the first" with the deployment's defaults filled in.
     */
    public String describeDelivery(DigestTiming defaults) {
        DigestTiming timing = timing(defaults);
        if (timing.scheduled()) {
            return timing.schedule().describe() + " (" + timeZoneName() + ")";
        }
        return "after " + words(timing.quietPeriod()) + " without new events, at most " + words(timing.maxDelay())
                + " after the first";
    }

    /**
     * What it covers, in words: the scope, the kinds ("every kind" when not narrowed) and the exclusions, e.g.
     * "my-bucket raw/ · created, removed · excluding *.tmp".
     */
    public String describeFilters() {
        StringBuilder out = new StringBuilder(describeScope());
        out.append(" · ").append(kinds.isEmpty() ? "every kind" : kindNames(", "));
        if (!exclusions.isEmpty()) {
            out.append(" · excluding ").append(String.join(", ", exclusionPatterns()));
        }
        return out.toString();
    }

    private static String words(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0 && seconds > 0) {
            return seconds / 3600 + " h";
        }
        if (seconds % 60 == 0 && seconds > 0) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }

    /** @throws InvalidSubscriptionException listing every invalid pattern */
    public Subscription withExclusions(List<String> patterns) {
        return new Subscription(id, recipients, bucket, prefixes, kinds, timingOverride, timeZone,
                exclusions(patterns));
    }

    /** The exclusion patterns as written. */
    public List<String> exclusionPatterns() {
        return exclusions.stream().map(Glob::pattern).toList();
    }

    public boolean matches(ObjectEvent event) {
        return wouldMatch(event) && exclusionOf(event).isEmpty();
    }

    /**
     * Whether the subscription matches the event apart from its exclusions: an event for which this holds and
     * {@link #matches} does not is one the digest counts as excluded.
     */
    public boolean wouldMatch(ObjectEvent event) {
        return bucketMatches(event) && kindMatches(event) && (prefixes.isEmpty() || matchingPrefix(event).isPresent());
    }

    /** The first exclusion that keeps the event's key out, if any. */
    public Optional<Glob> exclusionOf(ObjectEvent event) {
        return exclusions.isEmpty() ? Optional.empty() : Glob.firstMatch(exclusions, event.key());
    }

    /** The same decision as {@link #matches}, with the reasons in words (for operators, e.g. the CLI). */
    public MatchExplanation explain(ObjectEvent event) {
        Optional<String> prefix = matchingPrefix(event);
        List<String> misses = new ArrayList<>();
        if (!bucketMatches(event)) {
            misses.add("bucket is " + bucket + ", not " + event.bucket());
        }
        if (!kindMatches(event)) {
            misses.add("kinds are " + kindNames(",") + ", not " + event.kind().displayName());
        }
        if (!prefixes.isEmpty() && prefix.isEmpty()) {
            misses.add("key is not under " + String.join(", ", prefixes));
        }
        exclusionOf(event).ifPresent(glob -> misses.add("excluded by " + glob.pattern()));
        if (!misses.isEmpty()) {
            return new MatchExplanation(false, misses);
        }
        return new MatchExplanation(true, List.of(
                bucket == null ? "every bucket" : "bucket " + bucket,
                prefix.map(p -> "key under " + p).orElse("every key"),
                kinds.isEmpty() ? "every kind" : "kind " + event.kind().displayName()));
    }

    /** The kinds in declaration order, e.g. {@code removed,delete-marker} with the separator ",". */
    private String kindNames(String separator) {
        return EnumSet.copyOf(kinds).stream().map(EventKind::displayName).collect(Collectors.joining(separator));
    }

    private boolean bucketMatches(ObjectEvent event) {
        return bucket == null || bucket.equals(event.bucket());
    }

    private boolean kindMatches(ObjectEvent event) {
        return kinds.isEmpty() || kinds.contains(event.kind());
    }

    private Optional<String> matchingPrefix(ObjectEvent event) {
        for (String prefix : prefixes) {
            if (event.key().startsWith(prefix)) {
                return Optional.of(prefix);
            }
        }
        return Optional.empty();
    }

    public Optional<String> bucketFilter() {
        return Optional.ofNullable(bucket);
    }

    public DigestTiming timing(DigestTiming defaults) {
        return timingOverride == null ? defaults : timingOverride.withDefaults(defaults);
    }

    public String describeScope() {
        String where = bucket == null ? "all buckets" : bucket;
        return prefixes.isEmpty() ? where : where + " " + String.join(", ", prefixes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Subscription that
                && id.equals(that.id)
                && recipients.equals(that.recipients)
                && Objects.equals(bucket, that.bucket)
                && prefixes.equals(that.prefixes)
                && kinds.equals(that.kinds)
                && Objects.equals(timingOverride, that.timingOverride)
                && timeZone.equals(that.timeZone)
                && exclusions.equals(that.exclusions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, recipients, bucket, prefixes, kinds, timingOverride, timeZone, exclusions);
    }

    /** Recipient addresses never reach logs; this is what we log instead. */
    @Override
    public String toString() {
        return "Subscription[id=" + id + ", recipients=" + recipients.size() + ", scope=" + describeScope()
                + ", kinds=" + kinds + schedule().map(s -> ", schedule=" + s.text()).orElse("") + "]";
    }
}
