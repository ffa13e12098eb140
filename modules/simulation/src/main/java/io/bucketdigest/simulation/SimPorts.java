package io.bucketdigest.simulation;

import io.bucketdigest.core.port.DigestMailer;
import io.bucketdigest.core.port.DigestSignals;
import io.bucketdigest.core.port.RejectedMessages;
import io.bucketdigest.core.port.SubscriptionStore;
import io.bucketdigest.core.render.MimeMessageWriter;
import io.bucketdigest.core.sender.DigestSignalCodec;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.mailreader.MimeParts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The SQS, SES and subscription-store ports over the simulated queues and mailbox, one request per adapter call. */
final class SimPorts {

    private SimPorts() {}

    /** SqsDigestSignals: SendMessageBatch of up to 10, the delay rounded up to whole seconds, at most 900. */
    static final class Signals implements DigestSignals {
        private final SimQueue queue;
        private final Requests requests;
        private final Supplier<Instant> now;
        private final Storage store;
        private final Bugs bugs;
        private final Trace trace;

        Signals(SimQueue queue, Requests requests, Supplier<Instant> now, Storage store, Bugs bugs, Trace trace) {
            this.queue = queue;
            this.requests = requests;
            this.now = now;
            this.store = store;
            this.bugs = bugs;
            this.trace = trace;
        }

        @Override
        public void send(List<Signal> signals) {
            if (bugs.has(Bug.DROP_FOLLOW_UP_SIGNAL) && store.releasedSinceLastRead()) {
                trace.line(now.get(), "bug", "dropped follow-up signal " + signals);
                return;
            }
            for (int from = 0; from < signals.size(); from += 10) {
                List<Signal> batch = signals.subList(from, Math.min(signals.size(), from + 10));
                requests.run("send " + batch.size() + " signal(s) " + batch.get(0).subscriptionId(),
                        RequestKind.SQS_SEND, () -> batch.forEach(signal -> {
                            long seconds = (signal.delay().toMillis() + 999) / 1000;
                            queue.send(DigestSignalCodec.encode(signal.subscriptionId(), signal.signalledAt()),
                                    Duration.ofSeconds(Math.min(900, Math.max(0, seconds))), Map.of(), now.get());
                        }));
            }
        }
    }

    /** SqsRejectedMessages: the body and its reason to a dead-letter queue. */
    static final class Rejected implements RejectedMessages {
        private final SimQueue deadLetters;
        private final Requests requests;
        private final Supplier<Instant> now;

        Rejected(SimQueue deadLetters, Requests requests, Supplier<Instant> now) {
            this.deadLetters = deadLetters;
            this.requests = requests;
            this.now = now;
        }

        @Override
        public void reject(List<Rejection> rejections) {
            requests.run("park " + rejections.size() + " on " + deadLetters.name(), RequestKind.SQS_SEND,
                    () -> rejections.forEach(r -> deadLetters.send(r.body(), Duration.ZERO,
                            Map.of(SimulatedPipeline.REASON_ATTRIBUTE, r.reason()), now.get())));
        }
    }

    /** What SES accepted, in order. */
    record SentMail(String digestId, List<String> to, Instant at, String sesMessageId) {}

    /**
     * SesV2DigestMailer: one SendEmail; SDK retries off, so a lost answer is an uncertain delivery. It also watches
     * for two senders mailing one digest while both attempts are still running, which the lease must rule out: a
     * re-send is only legitimate once the earlier attempt has ended without recording its result.
     */
    static final class Mailer implements DigestMailer {
        private final Requests requests;
        private final Supplier<Instant> now;
        private final List<SentMail> sent;
        private final Supplier<Object> currentActor;
        private final Map<Object, String> attemptsRunning = new java.util.HashMap<>();
        private final List<String> concurrentSends = new ArrayList<>();

        Mailer(Requests requests, Supplier<Instant> now, List<SentMail> sent, Supplier<Object> currentActor) {
            this.requests = requests;
            this.now = now;
            this.sent = sent;
            this.currentActor = currentActor;
        }

        @Override
        public String send(Mail mail) {
            String digestId = MimeParts.parse(mail.rawMessage()).header(MimeMessageWriter.DIGEST_ID_HEADER);
            return requests.call("SES send " + digestId, RequestKind.SES_SEND, () -> {
                Object actor = currentActor.get();
                attemptsRunning.forEach((other, digest) -> {
                    if (other != actor && digest.equals(digestId)) {
                        concurrentSends.add("digest " + digestId + " mailed at " + now.get()
                                + " while another sender's attempt at it was still running");
                    }
                });
                attemptsRunning.put(actor, digestId);
                String messageId = "ses-" + (sent.size() + 1);
                sent.add(new SentMail(digestId, mail.to(), now.get(), messageId));
                return messageId;
            });
        }

        /** The actor finished handling a signal (or died): its attempt, if any, is over. */
        void attemptEnded(Object actor) {
            attemptsRunning.remove(actor);
        }

        List<String> concurrentSends() {
            return concurrentSends;
        }
    }

    /** DynamoDbSubscriptionStore: a Query for the list, a GetItem for one; the operator writes directly. */
    static final class Subscriptions implements SubscriptionStore {
        private final Map<String, Subscription> stored = new TreeMap<>();
        private final Requests requests;

        Subscriptions(Requests requests) {
            this.requests = requests;
        }

        @Override
        public List<Subscription> list() {
            return requests.call("list subscriptions", RequestKind.DB_READ, () -> new ArrayList<>(stored.values()));
        }

        @Override
        public Optional<Subscription> find(String id) {
            return requests.call("read subscription " + id, RequestKind.DB_READ,
                    () -> Optional.ofNullable(stored.get(id)));
        }

        @Override
        public void save(Subscription subscription) {
            stored.put(subscription.id(), subscription);
        }

        @Override
        public boolean remove(String id) {
            return stored.remove(id) != null;
        }

        Map<String, Subscription> current() {
            return stored;
        }
    }
}
