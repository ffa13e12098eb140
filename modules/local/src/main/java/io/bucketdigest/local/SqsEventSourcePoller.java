package io.bucketdigest.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.bucketdigest.emulator.InProcessContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Feeds a handler from an SQS queue the way Lambda's event source mapping does: batches of up to BatchSize gathered
 * for at most the batching window; a partial batch response deletes only the successes; an exception deletes nothing,
 * so the messages become visible again after the visibility timeout and reach the DLQ after maxReceiveCount.
 */
final class SqsEventSourcePoller implements AutoCloseable {

    /** The mapping's settings, as template.yaml gives them. */
    record Mapping(String functionName, String queueUrl, String queueArn, int batchSize, Duration batchingWindow,
            int concurrency, Duration functionTimeout, int memoryMb) {}

    /** What happened to one invocation, for the console. */
    record BatchResult(String functionName, int messages, int failed, boolean crashed, String error, Duration took) {}

    private final Mapping mapping;
    private final SqsClient sqs;
    private final BiFunction<SQSEvent, Context, SQSBatchResponse> handler;
    private final java.util.function.Consumer<BatchResult> listener;
    private final Clock clock;
    private final LambdaSqsEvents events = new LambdaSqsEvents();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> workers = new ArrayList<>();

    SqsEventSourcePoller(Mapping mapping, SqsClient sqs, BiFunction<SQSEvent, Context, SQSBatchResponse> handler,
            java.util.function.Consumer<BatchResult> listener, Clock clock) {
        this.mapping = mapping;
        this.sqs = sqs;
        this.handler = handler;
        this.listener = listener;
        this.clock = clock;
    }

    void start() {
        for (int i = 0; i < mapping.concurrency(); i++) {
            Thread worker = new Thread(this::pollLoop, mapping.functionName() + "-poller-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    private void pollLoop() {
        while (running.get()) {
            try {
                List<Message> batch = gather();
                if (!batch.isEmpty() && running.get()) {
                    invoke(batch);
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    listener.accept(new BatchResult(mapping.functionName(), 0, 0, true,
                            "poller error: " + e.getMessage(), Duration.ZERO));
                    sleep(1000);
                }
            }
        }
    }

    /** Long-polls in slices of at most 1 s so that shutdown is prompt. */
    private List<Message> gather() {
        List<Message> batch = new ArrayList<>();
        Instant windowEnds = null;
        while (running.get() && batch.size() < mapping.batchSize()) {
            int want = Math.min(10, mapping.batchSize() - batch.size());
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(mapping.queueUrl())
                    .maxNumberOfMessages(want)
                    .waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
            if (!received.isEmpty() && windowEnds == null) {
                windowEnds = clock.instant().plus(mapping.batchingWindow());
            }
            batch.addAll(received);
            if (windowEnds != null && !clock.instant().isBefore(windowEnds)) {
                break;
            }
            if (received.isEmpty() && windowEnds == null) {
                continue;
            }
            if (received.isEmpty() && mapping.batchingWindow().isZero()) {
                break;
            }
        }
        return batch;
    }

    private void invoke(List<Message> batch) {
        Instant started = clock.instant();
        SQSEvent event = events.toEvent(batch, mapping.queueArn(), "us-east-1");
        InProcessContext context = new InProcessContext(mapping.functionName(), UUID.randomUUID().toString(),
                mapping.memoryMb(), mapping.functionTimeout(), clock);
        SQSBatchResponse response;
        try {
            response = handler.apply(event, context);
        } catch (RuntimeException | Error e) {
            listener.accept(new BatchResult(mapping.functionName(), batch.size(), batch.size(), true, e.toString(),
                    Duration.between(started, clock.instant())));
            return;
        }
        Set<String> failed = new HashSet<>();
        if (response != null && response.getBatchItemFailures() != null) {
            response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        }
        List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
        for (Message message : batch) {
            if (!failed.contains(message.messageId())) {
                deletes.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(deletes.size()))
                        .receiptHandle(message.receiptHandle())
                        .build());
            }
        }
        for (int from = 0; from < deletes.size(); from += 10) {
            List<DeleteMessageBatchRequestEntry> chunk = deletes.subList(from, Math.min(deletes.size(), from + 10));
            sqs.deleteMessageBatch(b -> b.queueUrl(mapping.queueUrl()).entries(chunk));
        }
        listener.accept(new BatchResult(mapping.functionName(), batch.size(), failed.size(), false, null,
                Duration.between(started, clock.instant())));
    }

    /** Stops taking new batches; an invocation in progress finishes. */
    void stop() {
        running.set(false);
    }

    @Override
    public void close() {
        stop();
        for (Thread worker : workers) {
            try {
                worker.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
