package io.bucketdigest.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * An SQS standard queue as the pipeline meets it: per-message delivery delay, a visibility timeout, receive counts,
 * and a redrive to its dead-letter queue after {@code maxReceiveCount} receives. Delivery order is not kept, and a
 * message may now and then be delivered twice at once (at-least-once delivery).
 */
final class SimQueue {

    record Message(String id, String body, int receiveCount, Map<String, String> attributes) {}

    private static final class Stored {
        final String id;
        final String body;
        final Map<String, String> attributes;
        Instant visibleAt;
        int receiveCount;

        Stored(String id, String body, Map<String, String> attributes, Instant visibleAt) {
            this.id = id;
            this.body = body;
            this.attributes = attributes;
            this.visibleAt = visibleAt;
        }
    }

    private final String name;
    private final Duration visibilityTimeout;
    private final int maxReceiveCount;
    private final SimQueue deadLetters;
    private final Map<String, Stored> messages = new LinkedHashMap<>();
    private long sent;
    private long movedToDeadLetters;

    SimQueue(String name, Duration visibilityTimeout, int maxReceiveCount, SimQueue deadLetters) {
        this.name = name;
        this.visibilityTimeout = visibilityTimeout;
        this.maxReceiveCount = maxReceiveCount;
        this.deadLetters = deadLetters;
    }

    String name() {
        return name;
    }

    String send(String body, Duration delay, Map<String, String> attributes, Instant now) {
        String id = name + "-" + (++sent);
        messages.put(id, new Stored(id, body, Map.copyOf(attributes), now.plus(delay)));
        return id;
    }

    /** Up to {@code max} visible messages, in no particular order; each is hidden for the visibility timeout. */
    List<Message> receive(int max, Instant now, SplittableRandom random, double duplicateDelivery) {
        List<Stored> visible = new ArrayList<>();
        for (Stored message : messages.values()) {
            if (!message.visibleAt.isAfter(now)) {
                visible.add(message);
            }
        }
        for (int i = visible.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Stored swap = visible.get(i);
            visible.set(i, visible.get(j));
            visible.set(j, swap);
        }
        List<Message> received = new ArrayList<>();
        for (Stored message : visible) {
            if (received.size() >= max) {
                break;
            }
            message.receiveCount++;
            if (deadLetters != null && message.receiveCount > maxReceiveCount) {
                messages.remove(message.id);
                deadLetters.send(message.body, Duration.ZERO, message.attributes, now);
                movedToDeadLetters++;
                continue;
            }
            if (random.nextDouble() >= duplicateDelivery) {
                message.visibleAt = now.plus(visibilityTimeout);
            }
            received.add(new Message(message.id, message.body, message.receiveCount, message.attributes));
        }
        return received;
    }

    /** Messages the redrive policy moved to the dead-letter queue so far. */
    long movedToDeadLetters() {
        return movedToDeadLetters;
    }

    void delete(String id) {
        messages.remove(id);
    }

    /** When the next hidden or delayed message becomes visible. */
    Optional<Instant> nextVisible(Instant after) {
        return messages.values().stream().map(m -> m.visibleAt).filter(t -> t.isAfter(after)).min(Instant::compareTo);
    }

    boolean hasVisible(Instant now) {
        return messages.values().stream().anyMatch(m -> !m.visibleAt.isAfter(now));
    }

    /** Every body the queue holds, visible or not. */
    List<String> bodies() {
        List<String> bodies = new ArrayList<>(messages.size());
        messages.values().forEach(m -> bodies.add(m.body));
        return bodies;
    }

    int size() {
        return messages.size();
    }

    List<Message> peekAll() {
        List<Message> all = new ArrayList<>();
        messages.values().forEach(m -> all.add(new Message(m.id, m.body, m.receiveCount, m.attributes)));
        return all;
    }

    /** Takes out the messages that match (an operator's replay moves them to the source queue). */
    List<Message> drain(java.util.function.Predicate<Message> which) {
        List<Message> taken = new ArrayList<>();
        for (Message message : peekAll()) {
            if (which.test(message)) {
                messages.remove(message.id());
                taken.add(message);
            }
        }
        return taken;
    }

    /** Takes every message out (an operator's replay moves them to the source queue). */
    List<Message> drain() {
        List<Message> all = new ArrayList<>();
        messages.values().forEach(m -> all.add(new Message(m.id, m.body, m.receiveCount, m.attributes)));
        messages.clear();
        return all;
    }
}
