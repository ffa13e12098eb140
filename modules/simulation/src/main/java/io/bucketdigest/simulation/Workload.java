package io.bucketdigest.simulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Schedule;
import io.bucketdigest.core.subscription.Subscription;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One seed's traffic: subscriptions with overlapping filters and their own timings, and bursts of S3 notifications in
 * their real JSON shape (some inside SNS envelopes): uploads, overwrites and deletes, the same record delivered up to
 * three times, deliveries out of order, bursts past max entries and past max delay. Operator actions come with it.
 */
final class Workload {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] BUCKETS = {"photos", "logs"};
    private static final String[] PREFIXES = {"a/", "a/x/", "b/", "c/deep/"};

    record Delivery(Instant at, String body) {}

    /** An operator action at a time: the pipeline applies it. */
    record OperatorAction(Instant at, Kind kind, Subscription subscription, String subscriptionId) {
        enum Kind { SAVE_SUBSCRIPTION, DELETE_SUBSCRIPTION, REPLAY_DEAD_LETTERS }
    }

    private final List<Subscription> initialSubscriptions = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<OperatorAction> operatorActions = new ArrayList<>();
    private final java.util.Set<String> malformedBodies = new java.util.HashSet<>();
    private final DigestTiming defaultTiming;
    private Instant lastUpload;

    private Workload(DigestTiming defaultTiming) {
        this.defaultTiming = defaultTiming;
    }

    List<Subscription> initialSubscriptions() {
        return initialSubscriptions;
    }

    List<Delivery> deliveries() {
        return deliveries;
    }

    List<OperatorAction> operatorActions() {
        return operatorActions;
    }

    DigestTiming defaultTiming() {
        return defaultTiming;
    }

    Instant lastUpload() {
        return lastUpload;
    }

    /** The malformed corpus bodies this workload delivers: each must end parked on the ingest DLQ with its reason. */
    java.util.Set<String> malformedBodies() {
        return malformedBodies;
    }

    static Workload generate(SplittableRandom random, Instant start, Corpus corpus) {
        return generate(random, start, corpus, false);
    }

    /**
     * {@code small}: at most two bursts of at most 15 events and nothing from the corpus, for runs on moto, where a
     * request costs tens of milliseconds; the interleavings and faults are drawn the same way.
     */
    static Workload generate(SplittableRandom random, Instant start, Corpus corpus, boolean small) {
        DigestTiming defaults = new DigestTiming(Duration.ofSeconds(5 + random.nextInt(40)),
                Duration.ofSeconds(60 + random.nextInt(300)), 5 + random.nextInt(40));
        Workload workload = new Workload(defaults);
        int subscriptionCount = 1 + random.nextInt(3);
        for (int i = 0; i < subscriptionCount; i++) {
            workload.initialSubscriptions.add(subscription(random, "sub-" + i, 0));
        }
        Instant at = start;
        int bursts = 1 + random.nextInt(small ? 2 : 4);
        List<String> existing = new ArrayList<>();
        long sequencer = 0x1000;
        for (int b = 0; b < bursts; b++) {
            at = at.plusSeconds(random.nextInt(900));
            int events = 1 + random.nextInt(random.nextBoolean() || small ? 12 : 80);
            long spreadMillis = 1 + random.nextLong(random.nextBoolean() ? 20_000 : 600_000);
            for (int e = 0; e < events; e++) {
                Instant eventTime = at.plusMillis(random.nextLong(spreadMillis));
                String bucket = BUCKETS[random.nextInt(random.nextInt(5) == 0 ? 2 : 1)];
                boolean delete = !existing.isEmpty() && random.nextInt(5) == 0;
                String key;
                String eventName;
                if (delete) {
                    key = existing.remove(random.nextInt(existing.size()));
                    eventName = "ObjectRemoved:Delete";
                } else {
                    boolean overwrite = !existing.isEmpty() && random.nextInt(4) == 0;
                    key = overwrite ? existing.get(random.nextInt(existing.size()))
                            : PREFIXES[random.nextInt(PREFIXES.length)] + "file-" + b + "-" + e + ".bin";
                    if (!overwrite) {
                        existing.add(key);
                    }
                    eventName = "ObjectCreated:Put";
                }
                String body = s3Message(bucket, key, eventName, eventTime, 1 + random.nextInt(1_000_000),
                        Long.toHexString(++sequencer), random.nextInt(4) == 0);
                // S3 delivers late and out of order now and then, and sometimes more than once.
                int copies = random.nextInt(10) == 0 ? 2 + random.nextInt(2) : 1;
                long window = random.nextBoolean() ? 30_000 : 1_500;
                for (int c = 0; c < copies; c++) {
                    workload.deliveries.add(new Delivery(eventTime.plusMillis(random.nextLong(window)), body));
                }
                if (workload.lastUpload == null || eventTime.isAfter(workload.lastUpload)) {
                    workload.lastUpload = eventTime;
                }
            }
            at = at.plusMillis(spreadMillis);
        }
        // Now and then a hostile message S3 can send (accepted, rendered safely) or a malformed one (rejected).
        if (random.nextInt(3) == 0 && !small) {
            long span = Math.max(1, Duration.between(start, workload.lastUpload).toMillis());
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                boolean malformed = random.nextBoolean();
                List<String> pool = malformed ? corpus.malformed() : corpus.hostile();
                String body = pool.get(random.nextInt(pool.size()));
                if (malformed) {
                    workload.malformedBodies.add(body);
                }
                workload.deliveries.add(new Delivery(start.plusMillis(random.nextLong(span)), body));
            }
        }
        Instant end = workload.lastUpload;
        long span = Math.max(1, Duration.between(start, end).toMillis());
        if (random.nextInt(3) == 0) {
            Instant when = start.plusMillis(random.nextLong(span));
            Subscription changed = subscription(random, "sub-" + random.nextInt(subscriptionCount), 1);
            workload.operatorActions.add(new OperatorAction(when, OperatorAction.Kind.SAVE_SUBSCRIPTION, changed,
                    changed.id()));
        }
        if (random.nextInt(4) == 0) {
            Instant when = start.plusMillis(random.nextLong(span));
            workload.operatorActions.add(new OperatorAction(when, OperatorAction.Kind.SAVE_SUBSCRIPTION,
                    subscription(random, "sub-new", 0), "sub-new"));
        }
        if (random.nextInt(5) == 0) {
            Instant when = start.plusMillis(random.nextLong(span));
            String id = "sub-" + random.nextInt(subscriptionCount);
            workload.operatorActions.add(new OperatorAction(when, OperatorAction.Kind.DELETE_SUBSCRIPTION, null, id));
            if (random.nextBoolean()) {
                Instant again = when.plusSeconds(1 + random.nextInt(600));
                workload.operatorActions.add(new OperatorAction(again, OperatorAction.Kind.SAVE_SUBSCRIPTION,
                        subscription(random, id, 2), id));
            }
        }
        if (random.nextInt(3) == 0) {
            workload.operatorActions.add(new OperatorAction(start.plusMillis(random.nextLong(span)),
                    OperatorAction.Kind.REPLAY_DEAD_LETTERS, null, null));
        }
        // Drawn from a stream of its own, seeded by what was drawn above, so that every seed's events, faults and
        // interleavings stay what they were before schedules and exclusions joined the workload.
        SplittableRandom variety = new SplittableRandom(workload.deliveries.hashCode());
        // On moto (small) only hourly: a daily slot would make the run sweep a simulated day of requests.
        String[] schedules = small ? new String[] {"hourly"} : SCHEDULES;
        workload.initialSubscriptions.replaceAll(subscription -> varied(variety, subscription, schedules));
        workload.operatorActions.replaceAll(action -> action.subscription() == null ? action
                : new OperatorAction(action.at(), action.kind(), varied(variety, action.subscription(), schedules),
                        action.subscriptionId()));
        return workload;
    }

    /** The longest wait any subscription's schedule can add after the last upload: the run settles that much longer. */
    Duration longestSchedulePeriod() {
        List<Subscription> all = new ArrayList<>(initialSubscriptions);
        operatorActions.stream().map(OperatorAction::subscription).filter(Objects::nonNull).forEach(all::add);
        return all.stream().map(Subscription::schedule).flatMap(Optional::stream)
                .map(schedule -> switch (schedule.cadence()) {
                    case HOURLY -> Duration.ofHours(1);
                    case DAILY -> Duration.ofDays(1);
                    case WEEKLY -> Duration.ofDays(7);
                })
                .max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }

    // No weekly: a week of simulated sweeps costs more than it shows; ScheduleTest covers the weekly slot.
    private static final String[] SCHEDULES = {"hourly", "hourly", "hourly", "daily 09:00"};
    private static final String[] ZONES = {"UTC", "Asia/Kolkata", "Europe/Berlin", "America/St_Johns"};
    /** Patterns that match some of the keys above: a folder, one burst's files, and a suffix. */
    private static final String[] EXCLUSIONS = {"a/x/**", "**/file-1-*", "*-2.bin"};

    /** One in four on a fixed schedule (in a zone with a whole, a half or a no-hour offset), one in four excluding. */
    private static Subscription varied(SplittableRandom random, Subscription subscription, String[] schedules) {
        Subscription varied = subscription;
        if (random.nextInt(4) == 0) {
            Integer maxEntries = subscription.timingOverride() == null ? null
                    : subscription.timingOverride().maxEntries();
            varied = new Subscription(varied.id(), varied.recipients(), varied.bucket(), varied.prefixes(),
                    varied.kinds(), new DigestTiming(null, null, maxEntries,
                            Schedule.parse(schedules[random.nextInt(schedules.length)])),
                    Subscription.timeZone(ZONES[random.nextInt(ZONES.length)]), varied.exclusions());
        }
        if (random.nextInt(4) == 0) {
            List<String> patterns = new ArrayList<>(List.of(EXCLUSIONS));
            Collections.shuffle(patterns, new Random(random.nextLong()));
            varied = varied.withExclusions(patterns.subList(0, 1 + random.nextInt(patterns.size())));
        }
        return varied;
    }

    private static Subscription subscription(SplittableRandom random, String id, int version) {
        String bucket = random.nextInt(3) == 0 ? null : BUCKETS[0];
        List<String> prefixes = switch (random.nextInt(4)) {
            case 0 -> List.of();
            case 1 -> List.of("a/");
            case 2 -> List.of("a/x/", "b/");
            default -> List.of(PREFIXES[random.nextInt(PREFIXES.length)]);
        };
        Set<EventKind> kinds = random.nextInt(4) == 0 ? EnumSet.of(EventKind.CREATED) : Set.of();
        DigestTiming timing = random.nextBoolean() ? null : new DigestTiming(
                Duration.ofSeconds(random.nextInt(60)), Duration.ofSeconds(30 + random.nextInt(600)),
                1 + random.nextInt(random.nextBoolean() ? 5 : 60));
        List<String> recipients = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int r = 0; r < count; r++) {
            recipients.add("team" + r + "-v" + version + "@" + id + ".example.com");
        }
        return new Subscription(id, recipients, bucket, prefixes, kinds, timing);
    }

    static String s3Message(String bucket, String key, String eventName, Instant eventTime, long size,
            String sequencer, boolean inSnsEnvelope) {
        ObjectNode message = JSON.createObjectNode();
        ObjectNode record = message.putArray("Records").addObject();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", "us-east-1");
        record.put("eventTime", eventTime.toString());
        record.put("eventName", eventName);
        record.putObject("userIdentity").put("principalId", "AWS:AIDAEXAMPLE");
        record.putObject("requestParameters").put("sourceIPAddress", "203.0.113.7");
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "bucket-digest");
        s3.putObject("bucket").put("name", bucket).put("arn", "arn:aws:s3:::" + bucket);
        ObjectNode object = s3.putObject("object");
        object.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8));
        if (eventName.startsWith("ObjectCreated")) {
            object.put("size", size);
            object.put("eTag", Long.toHexString(size * 31 + key.hashCode()));
        }
        object.put("sequencer", sequencer);
        String s3Json = message.toString();
        if (!inSnsEnvelope) {
            return s3Json;
        }
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", "sns-" + sequencer);
        envelope.put("TopicArn", "arn:aws:sns:us-east-1:123456789012:bucket-digest");
        envelope.put("Subject", "Amazon S3 Notification");
        envelope.put("Message", s3Json);
        envelope.put("Timestamp", eventTime.toString());
        return envelope.toString();
    }
}
