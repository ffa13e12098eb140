package io.bucketdigest.digest;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.bucketdigest.core.mail.MailEvent;
import io.bucketdigest.core.mail.SesEventParser;
import io.bucketdigest.core.normalize.MalformedMessageException;
import io.bucketdigest.core.port.MailEvents;
import io.bucketdigest.core.port.TransientFailureException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Consumes the mail-event queue: SES's bounce, complaint, reject, delivery and delay events of digest mails, which
 * the configuration set publishes to an SNS topic. Each is recorded against the digest that caused it. A message that
 * is not an SES event, or that cannot be recorded now, is reported as a batch item failure: it is retried and, after
 * MaxReceiveCount receives, kept on the dead-letter queue. Addresses are never logged.
 */
public final class MailEventHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(MailEventHandler.class);

    private final SesEventParser parser = new SesEventParser();
    private final MailEvents events;

    public MailEventHandler() {
        this(MailEventWiring.fromEnvironment().events());
    }

    public MailEventHandler(MailEvents events) {
        this.events = events;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(event));
    }

    private SQSBatchResponse handle(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of()
                : event.getRecords();
        for (SQSEvent.SQSMessage message : records) {
            try {
                List<MailEvent> parsed = parser.parse(message.getBody());
                parsed.forEach(events::record);
                for (MailEvent mailEvent : parsed) {
                    String text = "mail event recorded";
                    if (mailEvent.type().isProblem()) {
                        // Not the detail: SES diagnostics quote the address.
                        LOG.warn(text, entry("digestId", mailEvent.digestId().value()),
                                entry("mailEvent", mailEvent.type().name()));
                    } else {
                        LOG.info(text, entry("digestId", mailEvent.digestId().value()),
                                entry("mailEvent", mailEvent.type().name()));
                    }
                }
                if (parsed.isEmpty()) {
                    LOG.info("SES event not about a digest mail (no digest tag, or a type we do not record)",
                            entry("messageId", message.getMessageId()));
                }
            } catch (MalformedMessageException e) {
                LOG.error("not an SES event; left to the dead-letter queue", entry("messageId", message.getMessageId()),
                        entry("reason", e.getMessage()));
                failures.add(failure(message));
            } catch (TransientFailureException e) {
                LOG.warn("mail event not recorded; will be retried", entry("messageId", message.getMessageId()),
                        entry("reason", String.valueOf(e.getMessage())));
                failures.add(failure(message));
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private static SQSBatchResponse.BatchItemFailure failure(SQSEvent.SQSMessage message) {
        return SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build();
    }
}
