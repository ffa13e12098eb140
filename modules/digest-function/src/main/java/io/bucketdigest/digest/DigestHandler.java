package io.bucketdigest.digest;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketdigest.core.port.RejectedMessages;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.sender.DigestSender;
import io.bucketdigest.core.sender.DigestSignal;
import io.bucketdigest.core.sender.DigestSweep;
import io.bucketdigest.core.sender.SendOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/**
 * Consumes the digest queue: each message names a subscription that may be due. An invocation without Records (the
 * schedule's {@code {"sweep": true}}) runs the overdue sweep instead.
 */
public final class DigestHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {

    private static final Logger LOG = LoggerFactory.getLogger(DigestHandler.class);

    private final DigestSender sender;
    private final DigestSweep sweep;
    private final RejectedMessages deadLetters;
    private final DigestMetrics metrics;
    private final Runnable primer;
    private final ObjectMapper mapper = new ObjectMapper();

    public DigestHandler() {
        this(DigestWiring.fromEnvironment(MetricsFactory.getMetricsInstance()));
    }

    private DigestHandler(DigestWiring wiring) {
        this(wiring.sender(), wiring.sweep(), wiring.deadLetters(), wiring.metrics(), wiring::prime);
        Core.getGlobalContext().register(this);
    }

    /** A handler over an existing wiring (the local runtime and integration tests build theirs). */
    public static DigestHandler from(DigestWiring wiring) {
        return new DigestHandler(wiring);
    }

    public DigestHandler(
            DigestSender sender, DigestSweep sweep, RejectedMessages deadLetters, DigestMetrics metrics,
            Runnable primer) {
        this.sender = sender;
        this.sweep = sweep;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.primer = primer;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(event));
    }

    private SQSBatchResponse handle(SQSEvent event) {
        if (event == null || event.getRecords() == null) {
            List<String> signalled = sweep.sweep();
            LOG.info("sweep done", entry("overdueSubscriptions", signalled.size()));
            return SQSBatchResponse.builder().withBatchItemFailures(List.of()).build();
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SendOutcome> outcomes = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            try {
                DigestSignal signal = parse(message.getBody());
                SendOutcome outcome = sender.handle(signal);
                outcomes.add(outcome);
                log(message.getMessageId(), signal, outcome);
                if (outcome instanceof SendOutcome.PermanentFailure failure) {
                    deadLetters.reject(List.of(new RejectedMessages.Rejection(message.getMessageId(),
                            message.getBody(), failure.reason())));
                }
            } catch (MalformedSignalException e) {
                LOG.warn("digest signal rejected and parked on the dead-letter queue",
                        entry("messageId", message.getMessageId()), entry("reason", e.getMessage()));
                try {
                    deadLetters.reject(List.of(new RejectedMessages.Rejection(message.getMessageId(),
                            message.getBody(), e.getMessage())));
                } catch (TransientFailureException parkFailed) {
                    failures.add(failure(message));
                }
            } catch (RuntimeException e) {
                LOG.warn("digest signal will be retried", entry("messageId", message.getMessageId()),
                        entry("reason", e.toString()));
                failures.add(failure(message));
            }
        }
        metrics.publish(outcomes);
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private static SQSBatchResponse.BatchItemFailure failure(SQSEvent.SQSMessage message) {
        return SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build();
    }

    private DigestSignal parse(String body) {
        JsonNode node;
        try {
            node = mapper.readTree(body == null ? "" : body);
        } catch (Exception e) {
            throw new MalformedSignalException("digest signal is not JSON");
        }
        if (node == null || !node.isObject() || !node.path("subscriptionId").isTextual()) {
            throw new MalformedSignalException("digest signal has no subscriptionId");
        }
        Instant signalledAt;
        try {
            signalledAt = node.hasNonNull("signalledAt") ? Instant.parse(node.get("signalledAt").asText()) : Instant.EPOCH;
        } catch (RuntimeException e) {
            throw new MalformedSignalException("digest signal has an unparseable signalledAt");
        }
        return new DigestSignal(node.get("subscriptionId").asText(), signalledAt);
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
            LOG.warn("finished the cleanup of a digest SES had already accepted", entry("subscriptionId", subscription),
                    entry("digestId", recovered.digestId().value()));
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
        // Credentials and clock are read per call; nothing to refresh.
    }

    private static final class MalformedSignalException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedSignalException(String message) {
            super(message);
        }
    }
}
