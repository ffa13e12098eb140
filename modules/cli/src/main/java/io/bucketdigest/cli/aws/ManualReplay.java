package io.bucketdigest.cli.aws;

import io.bucketdigest.cli.StopSignal;
import io.bucketdigest.cli.output.Progress;
import io.bucketdigest.core.ratelimit.TokenBucket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Replay by receive, send, delete: the filtered path, and the fallback where StartMessageMoveTask is missing.
 *
 * <p>Each message is sent to the source queue first and deleted from the dead-letter queue only after the send
 * succeeded, so a crash between the two duplicates that one message and loses none. Messages that do not match (or
 * exceed {@code --max}) stay hidden while the replay runs, so they are not received again, and are made visible at
 * once when it ends, however it ends. On Ctrl-C the message in flight is finished first.
 */
public final class ManualReplay {

    private static final int STALE_ROUNDS = 3;

    public record Options(ReplayFilter filter, long max, Double ratePerSecond, boolean dryRun) {}

    private final Queues queues;
    private final AwsCalls calls;
    private final Clock clock;
    private final StopSignal stop;

    public ManualReplay(Queues queues, AwsCalls calls, Clock clock, StopSignal stop) {
        this.queues = queues;
        this.calls = calls;
        this.clock = clock;
        this.stop = stop;
    }

    public ReplaySummary run(Target deadLetter, Target source, QueueRole role, Options options, long depth,
            Progress progress, Consumer<DlqMessage> listed) {
        TokenBucket rate = options.ratePerSecond() == null ? null
                : new TokenBucket(options.ratePerSecond(), 1, clock);
        int visibility = options.ratePerSecond() == null ? 120
                : (int) Math.min(43_200, Math.max(120, Math.ceil(10 / options.ratePerSecond()) + 60));
        Map<String, String> held = new LinkedHashMap<>();
        Map<String, Boolean> seen = new HashMap<>();
        List<String> failures = new ArrayList<>();
        long moved = 0;
        long skipped = 0;
        long failed = 0;
        long wouldMove = 0;
        long total = !options.filter().isEmpty() ? -1 : options.max() > 0 ? Math.min(options.max(), depth) : depth;
        int staleRounds = 0;
        try {
            while (!stop.requested() && (options.max() <= 0 || moved + wouldMove < options.max())) {
                List<Message> batch = queues.receive(deadLetter, 10, visibility, 1);
                if (batch.isEmpty()) {
                    break;
                }
                boolean fresh = false;
                for (Message message : batch) {
                    if (seen.containsKey(message.messageId())) {
                        held.put(message.messageId(), message.receiptHandle());
                        continue;
                    }
                    fresh = true;
                    seen.put(message.messageId(), Boolean.TRUE);
                    DlqMessage decoded = DlqMessage.of(message, queues.decoder().decode(role, message.body()));
                    boolean budgetLeft = options.max() <= 0 || moved + wouldMove < options.max();
                    if (stop.requested() || !budgetLeft) {
                        held.put(message.messageId(), message.receiptHandle());
                        continue;
                    }
                    if (!options.filter().matches(decoded, clock.instant())) {
                        skipped++;
                        held.put(message.messageId(), message.receiptHandle());
                        continue;
                    }
                    if (options.dryRun()) {
                        wouldMove++;
                        held.put(message.messageId(), message.receiptHandle());
                        listed.accept(decoded);
                        continue;
                    }
                    if (rate != null) {
                        sleep(rate.reserve());
                    }
                    try {
                        calls.run("sqs:SendMessage", source, () -> queues.client().sendMessage(b -> b
                                .queueUrl(source.name())
                                .messageBody(message.body())
                                .messageAttributes(copyAttributes(message.messageAttributes()))));
                    } catch (RuntimeException e) {
                        failed++;
                        failures.add(message.messageId() + ": not sent (" + e.getMessage() + ")");
                        held.put(message.messageId(), message.receiptHandle());
                        continue;
                    }
                    try {
                        calls.run("sqs:DeleteMessage", deadLetter, () -> queues.client().deleteMessage(b -> b
                                .queueUrl(deadLetter.name()).receiptHandle(message.receiptHandle())));
                        moved++;
                    } catch (RuntimeException e) {
                        failed++;
                        failures.add(message.messageId() + ": sent, but not deleted from the dead-letter queue, so "
                                + "it is there twice now (" + e.getMessage() + ")");
                    }
                    progress.update(moved, total, skipped > 0 ? skipped + " skipped" : "");
                }
                staleRounds = fresh ? 0 : staleRounds + 1;
                if (staleRounds >= STALE_ROUNDS) {
                    break;
                }
            }
        } finally {
            try {
                if (!held.isEmpty()) {
                    queues.release(deadLetter, held.values());
                }
            } finally {
                progress.finish(options.dryRun() ? wouldMove : moved, total,
                        skipped > 0 ? skipped + " skipped" : "");
            }
        }
        return new ReplaySummary("receive/send/delete", moved, skipped, failed, wouldMove, options.dryRun(),
                stop.requested(), failures);
    }

    static Map<String, MessageAttributeValue> copyAttributes(Map<String, MessageAttributeValue> attributes) {
        Map<String, MessageAttributeValue> copy = new HashMap<>();
        attributes.forEach((name, value) -> copy.put(name, MessageAttributeValue.builder()
                .dataType(value.dataType())
                .stringValue(value.stringValue())
                .binaryValue(value.binaryValue())
                .build()));
        return copy;
    }

    private static void sleep(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
