package io.bucketdigest.bench;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SQS events as the event source mapping hands them to a handler. */
final class SqsEvents {

    private SqsEvents() {}

    static SQSEvent of(List<String> bodies, String queueArn) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>(bodies.size());
        for (String body : bodies) {
            records.add(message(UUID.randomUUID().toString(), body, "1", queueArn, null));
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    static SQSEvent.SQSMessage message(String id, String body, String receiveCount, String queueArn, String receipt) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setReceiptHandle(receipt == null ? id : receipt);
        message.setBody(body);
        message.setAttributes(Map.of("ApproximateReceiveCount", receiveCount, "SentTimestamp",
                Long.toString(System.currentTimeMillis())));
        message.setMessageAttributes(Map.of());
        message.setEventSource("aws:sqs");
        message.setEventSourceArn(queueArn);
        message.setAwsRegion("us-east-1");
        return message;
    }
}
