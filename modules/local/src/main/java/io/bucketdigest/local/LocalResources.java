package io.bucketdigest.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Everything the local pipeline provisioned; its JSON is the READY line and $BUCKET_DIGEST_HOME/local.json. */
public record LocalResources(
        URI endpoint,
        String region,
        String bucket,
        String topicArn,
        String ingestQueueUrl,
        String ingestDlqUrl,
        String deliveryDlqUrl,
        String digestQueueUrl,
        String digestDlqUrl,
        String historyTable,
        String sender,
        List<String> recipients) {

    public String toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode node = mapper.createObjectNode();
        node.put("endpoint", endpoint.toString());
        node.put("region", region);
        node.put("bucket", bucket);
        node.put("topicArn", topicArn);
        node.put("ingestQueueUrl", ingestQueueUrl);
        node.put("ingestDlqUrl", ingestDlqUrl);
        node.put("deliveryDlqUrl", deliveryDlqUrl);
        node.put("digestQueueUrl", digestQueueUrl);
        node.put("digestDlqUrl", digestDlqUrl);
        node.put("historyTable", historyTable);
        node.put("sender", sender);
        recipients.forEach(node.putArray("recipients")::add);
        return node.toString();
    }

    /**
     * Reads a READY line or local.json. Every field is required: a file written by a local pipeline from before the
     * SNS delivery dead-letter queue has no {@code deliveryDlqUrl}, and that is an error naming the fix (restart the
     * pipeline, which provisions the queue), not a silent fallback to a queue that was never created.
     */
    public static LocalResources fromJson(String json) {
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a local pipeline ready line: " + json, e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a local pipeline ready line: " + json);
        }
        List<String> recipients = new ArrayList<>();
        node.path("recipients").forEach(r -> recipients.add(r.asText()));
        return new LocalResources(URI.create(text(node, "endpoint")), text(node, "region"), text(node, "bucket"),
                text(node, "topicArn"), text(node, "ingestQueueUrl"), text(node, "ingestDlqUrl"),
                text(node, "deliveryDlqUrl"), text(node, "digestQueueUrl"), text(node, "digestDlqUrl"),
                text(node, "historyTable"), text(node, "sender"), recipients);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new IllegalArgumentException("the local pipeline ready line has no " + field + ": it was written by "
                    + "an older or different version of the local pipeline; restart it (scripts/local) to provision "
                    + "everything the current template has");
        }
        return value.textValue();
    }
}
