package io.bucketdigest.digest;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.bucketdigest.core.port.RejectedMessages;
import io.bucketdigest.core.sender.Deadline;
import io.bucketdigest.core.sender.DigestBatch;
import io.bucketdigest.core.sender.DigestSender;
import io.bucketdigest.core.sender.DigestSignal;
import io.bucketdigest.core.sender.SendOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/**
 * Consumes the digest queue: each message names a subscription that may be due. The overdue sweep has its own
 * handler, {@link DigestSweepHandler}, on the schedule's event.
 */
public final class DigestHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {

    private static final Logger LOG = LoggerFactory.getLogger(DigestHandler.class);

    private final DigestBatch batch;
    private final DigestMetrics metrics;
    private final Runnable primer;

    public DigestHandler() {
        this(DigestWiring.fromEnvironment(DigestMetrics.powertools(MetricsFactory.getMetricsInstance())));
    }

    private DigestHandler(DigestWiring wiring) {
        this(wiring.sender(), wiring.deadLetters(), wiring.metrics(), wiring::prime);
        Core.getGlobalContext().register(this);
    }

    /** A handler over an existing wiring (the local runtime and integration tests build theirs). */
    public static DigestHandler from(DigestWiring wiring) {
        return new DigestHandler(wiring);
    }

    public DigestHandler(
            DigestSender sender, RejectedMessages deadLetters, DigestMetrics metrics, Runnable primer) {
        this.batch = new DigestBatch(sender, deadLetters);
        this.metrics = metrics;
        this.primer = primer;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(event, context));
    }

    private SQSBatchResponse handle(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        List<DigestBatch.Message> messages = records.stream()
                .map(m -> new DigestBatch.Message(m.getMessageId(), m.getBody())).toList();
        Deadline deadline = context == null ? Deadline.NONE
                : () -> Duration.ofMillis(context.getRemainingTimeInMillis());
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SendOutcome> outcomes = new ArrayList<>();
        batch.process(messages, deadline, result -> {
            if (result instanceof DigestBatch.Handled handled) {
                outcomes.add(handled.outcome());
                log(handled.messageId(), handled.signal(), handled.outcome());
                if (handled.retryReason() != null) {
                    LOG.warn("digest signal done but will be retried for its leftovers",
                            entry("messageId", handled.messageId()), entry("reason", handled.retryReason()));
                }
            } else if (result instanceof DigestBatch.Parked parked) {
                LOG.warn("digest signal rejected and parked on the dead-letter queue",
                        entry("messageId", parked.messageId()), entry("reason", parked.reason()));
            } else if (result instanceof DigestBatch.Retry retry) {
                LOG.warn("digest signal will be retried", entry("messageId", retry.messageId()),
                        entry("reason", retry.reason()));
            } else if (result instanceof DigestBatch.Deferred deferred) {
                LOG.info("digest signal returned to the queue: too close to the function's deadline",
                        entry("messageId", deferred.messageId()));
            }
            if (result.retried()) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(result.messageId()).build());
            }
        });
        metrics.publish(outcomes);
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private static void log(String messageId, DigestSignal signal, SendOutcome outcome) {
        String subscription = signal.subscriptionId();
        if (outcome instanceof SendOutcome.Sent sent) {
            if (sent.resentAfterCrash()) {
                LOG.error("digest re-sent after a crash between the SES call and recording it; recipients may get "
                                + "it twice", entry("subscriptionId", subscription),
                        entry("digestId", sent.digestId().value()));
            }
            LOG.info("digest sent", entry("messageId", messageId), entry("subscriptionId", subscription),
                    entry("digestId", sent.digestId().value()), entry("entries", sent.entries()),
                    entry("subject", sent.subject()), entry("sesMessageId", sent.sesMessageId()));
        } else if (outcome instanceof SendOutcome.Recovered recovered) {
            if (recovered.possibleDuplicate()) {
                LOG.error("finished the cleanup of a digest that was re-sent after an uncertain send; recipients may "
                        + "have it twice", entry("subscriptionId", subscription),
                        entry("digestId", recovered.digestId().value()));
            } else {
                LOG.warn("finished the cleanup of a digest SES had already accepted",
                        entry("subscriptionId", subscription), entry("digestId", recovered.digestId().value()));
            }
        } else if (outcome instanceof SendOutcome.Quarantined quarantined) {
            LOG.error("digest quarantined after repeated failures; its entries are parked for an operator "
                            + "(bucket-digest digests retry|abandon)", entry("subscriptionId", subscription),
                    entry("digestId", quarantined.digestId().value()), entry("reason", quarantined.reason()));
        } else if (outcome instanceof SendOutcome.SubscriptionDeleted deleted) {
            LOG.warn("signal for a deleted subscription: its unsent entries were discarded",
                    entry("subscriptionId", subscription), entry("discardedEntries", deleted.discardedEntries()));
        } else if (outcome instanceof SendOutcome.PermanentFailure failure) {
            LOG.error("digest refused permanently; signal parked on the digest dead-letter queue",
                    entry("subscriptionId", subscription), entry("digestId", failure.digestId().value()),
                    entry("reason", failure.reason()));
        } else {
            LOG.info("digest signal handled", entry("messageId", messageId), entry("subscriptionId", subscription),
                    entry("outcome", outcome.getClass().getSimpleName()));
        }
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        primer.run();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh. A SnapStart function has no credentials in its environment: the clients share one
        // DefaultCredentialsProvider (AwsClients) that fetches the role's credentials from Lambda's container
        // credentials endpoint and fetches new ones by itself once those cached before the snapshot are stale.
        // The clock is read per call.
    }
}
