package io.bucketdigest.cli.aws;

import io.bucketdigest.cli.CliException;
import io.bucketdigest.cli.StopSignal;
import io.bucketdigest.cli.output.Progress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskResponse;

/**
 * The native redrive: StartMessageMoveTask from the dead-letter queue to its source queue, then ListMessageMoveTasks
 * until the task ends. {@link #run} returns empty when the endpoint does not implement the API (moto answers HTTP
 * 500), so the caller falls back to receive/send/delete.
 */
public final class NativeRedrive {

    private static final Set<String> UNSUPPORTED = Set.of(
            "InvalidAction", "UnknownOperationException", "UnsupportedOperation", "NotImplemented",
            "AWS.SimpleQueueService.UnsupportedOperation", "InternalFailure", "InternalError");

    private final SqsClient sqs;
    private final AwsCalls calls;
    private final StopSignal stop;
    private final Duration pollInterval;

    public NativeRedrive(SqsClient sqs, AwsCalls calls, StopSignal stop, Duration pollInterval) {
        this.sqs = sqs;
        this.calls = calls;
        this.stop = stop;
        this.pollInterval = pollInterval;
    }

    /** Why the native API was not used, when {@link #run} returned empty. */
    private String unavailableReason;

    public String unavailableReason() {
        return unavailableReason;
    }

    public Optional<ReplaySummary> run(Target deadLetter, String deadLetterArn, String sourceArn, Double rate,
            long depth, Progress progress) {
        List<ListMessageMoveTasksResultEntry> existing;
        try {
            existing = sqs.listMessageMoveTasks(b -> b.sourceArn(deadLetterArn).maxResults(1)).results();
        } catch (SdkException e) {
            if (unsupported(e)) {
                unavailableReason = "ListMessageMoveTasks is not available here (HTTP " + AwsCalls.statusCode(e) + ")";
                return Optional.empty();
            }
            throw calls.translate(e, "sqs:ListMessageMoveTasks", deadLetter);
        }
        if (!existing.isEmpty() && "RUNNING".equals(existing.get(0).status())) {
            ListMessageMoveTasksResultEntry running = existing.get(0);
            throw CliException.conflict("a message move task is already running on " + deadLetter.describe()
                    + " (" + running.approximateNumberOfMessagesMoved() + " moved so far). Wait for it (bucket-digest "
                    + "dlq stats), or cancel it: aws sqs cancel-message-move-task --task-handle "
                    + running.taskHandle());
        }
        StartMessageMoveTaskResponse started;
        try {
            started = sqs.startMessageMoveTask(b -> {
                b.sourceArn(deadLetterArn).destinationArn(sourceArn);
                if (rate != null) {
                    b.maxNumberOfMessagesPerSecond((int) Math.max(1, Math.min(500, Math.round(rate))));
                }
            });
        } catch (SdkException e) {
            if (unsupported(e)) {
                unavailableReason = "StartMessageMoveTask is not available here (HTTP " + AwsCalls.statusCode(e) + ")";
                return Optional.empty();
            }
            throw calls.translate(e, "sqs:StartMessageMoveTask", deadLetter);
        }
        String handle = started.taskHandle();
        long moved = 0;
        long toMove = depth;
        while (true) {
            if (stop.requested()) {
                progress.finish(moved, toMove, "");
                return Optional.of(new ReplaySummary("StartMessageMoveTask", moved, 0, 0, 0, false, true,
                        List.of("the move task continues in SQS; cancel it with: aws sqs cancel-message-move-task "
                                + "--task-handle " + handle)));
            }
            ListMessageMoveTasksResultEntry task = calls.call("sqs:ListMessageMoveTasks", deadLetter,
                    () -> sqs.listMessageMoveTasks(b -> b.sourceArn(deadLetterArn).maxResults(1))).results().stream()
                    .findFirst().orElse(null);
            if (task != null) {
                moved = task.approximateNumberOfMessagesMoved() == null ? moved : task.approximateNumberOfMessagesMoved();
                if (task.approximateNumberOfMessagesToMove() != null && task.approximateNumberOfMessagesToMove() > 0) {
                    toMove = task.approximateNumberOfMessagesToMove();
                }
                String status = task.status();
                progress.update(moved, toMove, status == null ? "" : status.toLowerCase(java.util.Locale.ROOT));
                if ("COMPLETED".equals(status) || "CANCELLED".equals(status) || "FAILED".equals(status)) {
                    progress.finish(moved, toMove, status.toLowerCase(java.util.Locale.ROOT));
                    boolean failed = "FAILED".equals(status);
                    long notMoved = failed ? Math.max(0, toMove - moved) : 0;
                    List<String> failures = failed
                            ? List.of("the move task failed: " + task.failureReason()) : List.of();
                    if ("CANCELLED".equals(status)) {
                        failures = List.of("the move task was cancelled");
                    }
                    return Optional.of(new ReplaySummary("StartMessageMoveTask", moved, 0, notMoved, 0, false,
                            false, failures));
                }
            }
            sleep(pollInterval);
        }
    }

    private static boolean unsupported(SdkException e) {
        return AwsCalls.statusCode(e) >= 500 || UNSUPPORTED.contains(AwsCalls.errorCode(e));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
