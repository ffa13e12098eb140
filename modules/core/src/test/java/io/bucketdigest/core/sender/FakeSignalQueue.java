package io.bucketdigest.core.sender;

import io.bucketdigest.core.port.DigestSignals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The digest queue: a signal becomes visible after its delay, rounded up to whole seconds and capped at 900 s as
 * SqsDigestSignals sends it, and carries signalledAt at microsecond precision as the JSON body does.
 */
final class FakeSignalQueue implements DigestSignals {

    record Message(long id, DigestSignal signal, Instant visibleAt, int receiveCount) {}

    private final Clock clock;
    private final List<Message> messages = new ArrayList<>();
    private final List<Signal> sent = new ArrayList<>();
    private long nextId = 1;

    FakeSignalQueue(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void send(List<Signal> signals) {
        for (Signal signal : signals) {
            sent.add(signal);
            Duration delay = signal.delay();
            long seconds = delay.isNegative() || delay.isZero() ? 0
                    : Math.min(900, delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0));
            messages.add(new Message(nextId++,
                    new DigestSignal(signal.subscriptionId(), InMemoryDigestStore.micros(signal.signalledAt())),
                    clock.instant().plusSeconds(seconds), 1));
        }
    }

    /** Puts a message back, as SQS does when a consumer failed it: visible again after {@code visibility}. */
    synchronized void redeliverLater(Message message, Duration visibility) {
        messages.add(new Message(message.id(), message.signal(), clock.instant().plus(visibility),
                message.receiveCount() + 1));
    }

    /** Removes and returns the messages visible now, oldest visibility first. */
    synchronized List<Message> receiveVisible() {
        Instant now = clock.instant();
        List<Message> visible = messages.stream().filter(m -> !m.visibleAt().isAfter(now))
                .sorted(Comparator.comparing(Message::visibleAt).thenComparing(Message::id)).toList();
        messages.removeAll(visible);
        return visible;
    }

    synchronized Optional<Instant> nextVisibleAt() {
        return messages.stream().map(Message::visibleAt).min(Comparator.naturalOrder());
    }

    synchronized List<Message> inFlight() {
        return List.copyOf(messages);
    }

    /** Every signal ever sent, in order. */
    synchronized List<Signal> sent() {
        return List.copyOf(sent);
    }

    synchronized void clear() {
        messages.clear();
    }
}
