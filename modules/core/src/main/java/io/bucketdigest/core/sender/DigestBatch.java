package io.bucketdigest.core.sender;

import io.bucketdigest.core.port.RejectedMessages;
import io.bucketdigest.core.port.TransientFailureException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One invocation's batch of digest signals, handled in order: decode, send, park what can never succeed, and report
 * the rest for retry. Near the function's deadline it stops taking signals and returns them for retry, so a digest is
 * never cut off mid-send by the timeout. The Lambda handler and the simulator both run this.
 */
public final class DigestBatch {

    /** Stop starting new signals when less than this is left: one digest's worst case (rate wait, SES backoff). */
    public static final Duration START_RESERVE = Duration.ofSeconds(90);

    private final DigestSender sender;
    private final RejectedMessages deadLetters;

    public DigestBatch(DigestSender sender, RejectedMessages deadLetters) {
        this.sender = sender;
        this.deadLetters = deadLetters;
    }

    public record Message(String messageId, String body) {}

    /** What became of one message; only {@link Retry} and {@link Deferred} send it back to the queue. */
    public sealed interface Result {
        String messageId();

        default boolean retried() {
            return this instanceof Retry || this instanceof Deferred;
        }
    }

    public record Handled(String messageId, DigestSignal signal, SendOutcome outcome) implements Result {}

    /** Malformed, or refused permanently by SES: on the dead-letter queue with its reason. */
    public record Parked(String messageId, String reason) implements Result {}

    public record Retry(String messageId, String reason) implements Result {}

    /** Not started: the invocation was too close to its deadline. */
    public record Deferred(String messageId) implements Result {}

    public List<Result> process(List<Message> messages, Deadline deadline) {
        List<Result> results = new ArrayList<>(messages.size());
        for (Message message : messages) {
            if (deadline.remaining().compareTo(START_RESERVE) < 0) {
                results.add(new Deferred(message.messageId()));
                continue;
            }
            results.add(processOne(message, deadline));
        }
        return results;
    }

    private Result processOne(Message message, Deadline deadline) {
        DigestSignal signal;
        try {
            signal = DigestSignalCodec.decode(message.body());
        } catch (DigestSignalCodec.MalformedSignalException e) {
            return park(message, e.getMessage(), new Parked(message.messageId(), e.getMessage()));
        }
        try {
            SendOutcome outcome = sender.handle(signal, deadline);
            Handled handled = new Handled(message.messageId(), signal, outcome);
            if (outcome instanceof SendOutcome.PermanentFailure failure) {
                return park(message, failure.reason(), handled);
            }
            if (outcome instanceof SendOutcome.Quarantined quarantined) {
                return park(message, quarantined.reason(), handled);
            }
            return handled;
        } catch (RuntimeException e) {
            return new Retry(message.messageId(), e.toString());
        }
    }

    private Result park(Message message, String reason, Result parked) {
        try {
            deadLetters.reject(List.of(new RejectedMessages.Rejection(message.messageId(), message.body(), reason)));
            return parked;
        } catch (TransientFailureException e) {
            return new Retry(message.messageId(), "could not park on the dead-letter queue: " + e.getMessage());
        }
    }
}
