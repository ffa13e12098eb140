package io.bucketdigest.core.sender;

import io.bucketdigest.core.port.RejectedMessages;
import io.bucketdigest.core.port.TransientFailureException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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
            return this instanceof Retry || this instanceof Deferred
                    || (this instanceof Handled handled && handled.retryReason() != null);
        }
    }

    /** {@code retryReason} is set when the work was done but its follow-up failed: the signal is retried. */
    public record Handled(String messageId, DigestSignal signal, SendOutcome outcome, String retryReason)
            implements Result {}

    /** Malformed, or refused permanently by SES: on the dead-letter queue with its reason. */
    public record Parked(String messageId, String reason) implements Result {}

    public record Retry(String messageId, String reason) implements Result {}

    /** Not started: the invocation was too close to its deadline. */
    public record Deferred(String messageId) implements Result {}

    public List<Result> process(List<Message> messages, Deadline deadline) {
        return process(messages, deadline, result -> { });
    }

    /**
     * {@code onResult} sees each result as soon as it is known, so what it reports (a digest re-sent after a crash)
     * is not lost if the function is stopped later in the batch.
     */
    public List<Result> process(List<Message> messages, Deadline deadline, Consumer<Result> onResult) {
        List<Result> results = new ArrayList<>(messages.size());
        for (Message message : messages) {
            Result result = deadline.remaining().compareTo(START_RESERVE) < 0
                    ? new Deferred(message.messageId())
                    : processOne(message, deadline);
            onResult.accept(result);
            results.add(result);
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
            return settle(message, new Handled(message.messageId(), signal, sender.handle(signal, deadline), null));
        } catch (DigestSender.FollowUpFailedException e) {
            return settle(message, new Handled(message.messageId(), signal, e.outcome(), e.getMessage()));
        } catch (RuntimeException e) {
            return new Retry(message.messageId(), e.toString());
        }
    }

    private Result settle(Message message, Handled handled) {
        if (handled.outcome() instanceof SendOutcome.PermanentFailure failure) {
            return park(message, failure.reason(), handled);
        }
        if (handled.outcome() instanceof SendOutcome.Quarantined quarantined) {
            return park(message, quarantined.reason(), handled);
        }
        return handled;
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
