package io.bucketdigest.core.sender;

import io.bucketdigest.core.render.ListHeaders;
import io.bucketdigest.core.ingest.IncomingMessage;
import io.bucketdigest.core.ingest.IngestReport;
import io.bucketdigest.core.ingest.IngestService;
import io.bucketdigest.core.normalize.S3MessageNormalizer;
import io.bucketdigest.core.port.RejectedMessages;
import io.bucketdigest.core.port.SubscriptionStore;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.ratelimit.TokenBucket;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.core.subscription.SubscriptionCatalog;
import io.bucketdigest.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The whole digest stage in memory: the real IngestService and DigestSender over {@link InMemoryDigestStore}, a
 * {@link FakeSignalQueue} standing in for the digest queue (delays, redelivery after a failed invocation), a
 * {@link FakeMailer} for SES, and a {@link MutableClock} that only the test moves.
 *
 * <p>{@link #deliverVisible} plays the Lambda event-source mapping: a handled message is deleted; a crash or an
 * exception leaves it to come back after the visibility timeout; a permanent SES failure parks it on the dead-letter
 * list, as DigestHandler does.
 */
final class DigestWorld {

    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final String SENDER = "digests@example.com";
    static final String BUCKET = "my-bucket";
    /** The digest queue's VisibilityTimeout in template.yaml (6 x 300 s + 60 s). */
    static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(1860);
    static final Duration LEASE = Duration.ofMinutes(16);

    record Delivery(FakeSignalQueue.Message message, SendOutcome outcome) {}

    final MutableClock clock = new MutableClock(T0);
    final InMemoryDigestStore store = new InMemoryDigestStore();
    final FakeMailer mailer = new FakeMailer(SENDER);
    final FakeSignalQueue queue = new FakeSignalQueue(clock);
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    final Sleeper sleeper = duration -> {
        sleeps.add(duration);
        clock.advance(duration);
    };
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    final List<DigestSignal> deadLetters = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    final List<Crash> crashes = new CopyOnWriteArrayList<>();
    final List<TransientFailureException> transientFailures = new CopyOnWriteArrayList<>();

    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final SubscriptionStore subscriptionStore;
    private final SubscriptionCatalog catalog;
    private final DigestTiming timing;
    private final IngestService ingest;
    private TokenBucket sendRate;
    private int inlineLimit = 10_000;
    private Duration batchSpacing = Duration.ofMillis(10);
    private long sequence;
    private final List<String> lastIngestBodies = new ArrayList<>();

    DigestWorld() {
        this(DigestTiming.DEFAULTS);
    }

    DigestWorld(DigestTiming timing) {
        this.timing = timing;
        subscribe(new Subscription(Subscription.DEFAULT_ID, List.of("ops@example.com"), null, List.of(), Set.of(),
                null));
        SubscriptionStore storeOfSubscriptions = new SubscriptionStore() {
            @Override
            public List<Subscription> list() {
                return List.copyOf(subscriptions.values());
            }

            @Override
            public Optional<Subscription> find(String id) {
                return Optional.ofNullable(subscriptions.get(id));
            }

            @Override
            public void save(Subscription subscription) {
                subscriptions.put(subscription.id(), subscription);
            }

            @Override
            public boolean remove(String id) {
                return subscriptions.remove(id) != null;
            }
        };
        this.subscriptionStore = storeOfSubscriptions;
        this.catalog = new SubscriptionCatalog(storeOfSubscriptions, Optional.empty(), Duration.ZERO, clock);
        this.sendRate = new TokenBucket(1000, 1000, clock);
        RejectedMessages noRejections = rejections -> {
            throw new AssertionError("the test uploads only well-formed S3 messages: " + rejections);
        };
        this.ingest = new IngestService(new S3MessageNormalizer(), catalog, store, store, queue, noRejections, timing,
                clock);
    }

    DigestWorld subscribe(Subscription subscription) {
        subscriptions.put(subscription.id(), subscription);
        return this;
    }

    DigestWorld unsubscribe(String id) {
        subscriptions.remove(id);
        return this;
    }

    DigestWorld withSendRate(TokenBucket bucket) {
        this.sendRate = bucket;
        return this;
    }

    DigestWorld withInlineLimit(int limit) {
        this.inlineLimit = limit;
        return this;
    }

    /** Time between two ingest batches of one upload (default 10 ms, as separate invocations take); may be zero. */
    DigestWorld withBatchSpacing(Duration spacing) {
        this.batchSpacing = spacing;
        return this;
    }

    SubscriptionCatalog catalog() {
        return catalog;
    }

    /** A catalog over the same subscriptions that reads them at most once per {@code ttl}, as production does. */
    SubscriptionCatalog cachingCatalog(Duration ttl) {
        return new SubscriptionCatalog(subscriptionStore, Optional.empty(), ttl, clock);
    }

    SenderSettings settings() {
        return new SenderSettings(SENDER, null, timing, inlineLimit, LEASE, ListHeaders.NONE);
    }

    DigestSender sender() {
        return sender(StepListener.NONE);
    }

    DigestSender sender(StepListener steps) {
        return sender(catalog, steps);
    }

    DigestSender sender(SubscriptionCatalog subscriptions, StepListener steps) {
        TokenBucket bucket = sendRate;
        return new DigestSender(subscriptions, store, store, store, mailer, queue, () -> bucket, sleeper, settings(),
                clock, steps);
    }

    DigestSweep sweep() {
        return new DigestSweep(catalog, store, queue, timing, clock);
    }

    // ---- the ingest side ----

    /**
     * Uploads one new object per key (ObjectCreated:Put at the current time), in SQS batches of 10 messages; the clock
     * moves by the batch spacing after each batch.
     */
    List<String> upload(String... keys) {
        return ingestEvents("ObjectCreated:Put", List.of(keys));
    }

    List<String> remove(String... keys) {
        return ingestEvents("ObjectRemoved:Delete", List.of(keys));
    }

    /** {@code count} new keys {@code obj/NNNNN} numbered from {@code from}. */
    static String[] keys(int from, int count) {
        String[] keys = new String[count];
        for (int i = 0; i < count; i++) {
            keys[i] = String.format(Locale.ROOT, "obj/%05d", from + i);
        }
        return keys;
    }

    private List<String> ingestEvents(String eventName, List<String> keys) {
        List<IncomingMessage> batch = new ArrayList<>();
        lastIngestBodies.clear();
        for (String key : keys) {
            String body = s3Message(eventName, key);
            lastIngestBodies.add(body);
            batch.add(new IncomingMessage("m-" + sequence, body, 1));
            if (batch.size() == 10) {
                ingestBatch(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            ingestBatch(batch);
        }
        return keys;
    }

    /** S3 delivers at least once: the messages of the last upload arrive again (receive count 2). */
    void redeliverLastUpload() {
        List<IncomingMessage> batch = new ArrayList<>();
        for (String body : lastIngestBodies) {
            batch.add(new IncomingMessage("again-" + (++sequence), body, 2));
        }
        ingestBatch(batch);
    }

    private void ingestBatch(List<IncomingMessage> batch) {
        IngestReport report = ingest.ingest(batch);
        if (!report.retryMessageIds().isEmpty()) {
            throw new AssertionError("ingest asked to retry " + report.retryMessageIds());
        }
        clock.advance(batchSpacing);
    }

    private String s3Message(String eventName, String key) {
        long n = ++sequence;
        boolean created = eventName.startsWith("ObjectCreated");
        String object = "{\"key\":\"" + key + "\",\"sequencer\":\"" + String.format(Locale.ROOT, "%016X", n) + "\""
                + (created ? ",\"size\":" + (1000 + n) + ",\"eTag\":\"etag" + n + "\"" : "") + "}";
        return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
                + "\"eventTime\":\"" + clock.instant() + "\",\"eventName\":\"" + eventName + "\","
                + "\"s3\":{\"bucket\":{\"name\":\"" + BUCKET + "\"},\"object\":" + object + "}}]}";
    }

    // ---- the digest side ----

    /** Hands every message visible now to {@code sender}, one at a time, like the event-source mapping. */
    List<SendOutcome> deliverVisible(DigestSender sender) {
        List<SendOutcome> outcomes = new ArrayList<>();
        for (FakeSignalQueue.Message message : queue.receiveVisible()) {
            deliver(sender, message).ifPresent(outcomes::add);
        }
        return outcomes;
    }

    Optional<SendOutcome> deliver(DigestSender sender, FakeSignalQueue.Message message) {
        try {
            SendOutcome outcome = sender.handle(message.signal());
            deliveries.add(new Delivery(message, outcome));
            if (outcome instanceof SendOutcome.PermanentFailure) {
                deadLetters.add(message.signal());
            }
            return Optional.of(outcome);
        } catch (Crash crash) {
            crashes.add(crash);
            queue.redeliverLater(message, VISIBILITY_TIMEOUT);
        } catch (TransientFailureException e) {
            transientFailures.add(e);
            queue.redeliverLater(message, VISIBILITY_TIMEOUT);
        } catch (RuntimeException e) {
            failures.add(e);
            queue.redeliverLater(message, VISIBILITY_TIMEOUT);
        }
        return Optional.empty();
    }

    /** Moves the clock from one visible message to the next until the queue is empty (bounded). */
    void runUntilIdle(DigestSender sender) {
        for (int round = 0; round < 10_000; round++) {
            deliverVisible(sender);
            Optional<Instant> next = queue.nextVisibleAt();
            if (next.isEmpty()) {
                return;
            }
            if (next.get().isAfter(clock.instant())) {
                clock.set(next.get());
            }
        }
        throw new AssertionError("the digest queue never went idle: " + queue.inFlight());
    }

    /** Sends the parked dead-letter messages back to the digest queue, as `bucket-digest dlq replay` does. */
    void replayDeadLetters() {
        List<DigestSignal> parked = List.copyOf(deadLetters);
        deadLetters.clear();
        for (DigestSignal signal : parked) {
            queue.send(List.of(new io.bucketdigest.core.port.DigestSignals.Signal(
                    signal.subscriptionId(), signal.signalledAt(), Duration.ZERO)));
        }
    }

    List<SendOutcome.Sent> sent() {
        return deliveries.stream().map(Delivery::outcome).filter(SendOutcome.Sent.class::isInstance)
                .map(SendOutcome.Sent.class::cast).toList();
    }

    List<SendOutcome> outcomes() {
        return deliveries.stream().map(Delivery::outcome).toList();
    }
}
