package io.bucketdigest.ingest;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.bucketdigest.core.ingest.IncomingMessage;
import io.bucketdigest.core.ingest.IngestReport;
import io.bucketdigest.core.ingest.IngestService;
import io.bucketdigest.core.ingest.MessageOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/** SQS batch in, partial batch response out: only messages that failed for a retryable reason are reported. */
public final class IngestHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {

    private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);

    private final IngestService service;
    private final IngestMetrics metrics;
    private final Runnable primer;

    /** Used by the Lambda runtime: wiring from the environment, built once per execution environment. */
    public IngestHandler() {
        this(IngestWiring.fromEnvironment());
    }

    /** A handler over an existing wiring (the local runtime and integration tests build theirs). */
    public static IngestHandler from(IngestWiring wiring, IngestMetrics metrics) {
        IngestHandler handler = new IngestHandler(wiring.service(), metrics, wiring::prime);
        Core.getGlobalContext().register(handler);
        return handler;
    }

    private IngestHandler(IngestWiring wiring) {
        this(wiring.service(), IngestMetrics.powertools(MetricsFactory.getMetricsInstance()), wiring::prime);
        Core.getGlobalContext().register(this);
    }

    public IngestHandler(IngestService service, IngestMetrics metrics, Runnable primer) {
        this.service = service;
        this.metrics = metrics;
        this.primer = primer;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(event));
    }

    private SQSBatchResponse handle(SQSEvent event) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        List<IncomingMessage> messages = new ArrayList<>(records.size());
        for (SQSEvent.SQSMessage record : records) {
            messages.add(new IncomingMessage(record.getMessageId(), record.getBody(), receiveCount(record)));
        }
        IngestReport report = service.ingest(messages);
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (MessageOutcome outcome : report.outcomes()) {
            log(outcome);
            if (outcome instanceof MessageOutcome.Retry) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(outcome.messageId()).build());
            }
        }
        metrics.publish(report);
        LOG.info("ingest batch done", entry("messages", messages.size()), entry("newEvents", report.newEvents()),
                entry("duplicateEvents", report.duplicateEvents()), entry("retries", failures.size()));
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private static void log(MessageOutcome outcome) {
        if (outcome instanceof MessageOutcome.Recorded recorded) {
            recorded.newEvents().forEach(id -> LOG.debug("event recorded", entry("messageId", recorded.messageId()),
                    entry("eventId", id.value())));
            recorded.duplicates().forEach(id -> LOG.info("duplicate event ignored",
                    entry("messageId", recorded.messageId()), entry("eventId", id.value())));
        } else if (outcome instanceof MessageOutcome.TestEventAcknowledged test) {
            LOG.info("s3:TestEvent acknowledged", entry("messageId", test.messageId()),
                    entry("bucket", String.valueOf(test.bucket())));
        } else if (outcome instanceof MessageOutcome.Rejected rejected) {
            LOG.warn("message rejected and parked on the dead-letter queue", entry("messageId", rejected.messageId()),
                    entry("reason", rejected.reason()));
        } else if (outcome instanceof MessageOutcome.Retry retry) {
            LOG.warn("message will be retried", entry("messageId", retry.messageId()), entry("reason", retry.reason()));
        }
    }

    private static int receiveCount(SQSEvent.SQSMessage record) {
        Map<String, String> attributes = record.getAttributes();
        String count = attributes == null ? null : attributes.get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
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
