package io.bucketdigest.local;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Builds the SQS event JSON exactly as the Lambda service sends it, then deserializes it with the Lambda runtime's own
 * serializer, so the handler sees what it would see in AWS.
 */
final class LambdaSqsEvents {

    private final ObjectMapper mapper = new ObjectMapper();
    private final PojoSerializer<SQSEvent> serializer =
            LambdaEventSerializers.serializerFor(SQSEvent.class, LambdaSqsEvents.class.getClassLoader());

    SQSEvent toEvent(List<Message> messages, String queueArn, String region) {
        return serializer.fromJson(toJson(messages, queueArn, region));
    }

    String toJson(List<Message> messages, String queueArn, String region) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode records = root.putArray("Records");
        for (Message message : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            for (Map.Entry<String, MessageAttributeValue> attribute : message.messageAttributes().entrySet()) {
                ObjectNode value = messageAttributes.putObject(attribute.getKey());
                value.put("stringValue", attribute.getValue().stringValue());
                value.putArray("stringListValues");
                value.putArray("binaryListValues");
                value.put("dataType", attribute.getValue().dataType());
            }
            record.put("md5OfBody", message.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", region);
        }
        return root.toString();
    }
}
