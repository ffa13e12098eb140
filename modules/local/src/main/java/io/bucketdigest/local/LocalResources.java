package io.bucketdigest.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;

/** Everything the local pipeline provisioned; its JSON is the READY line and $BUCKET_DIGEST_HOME/local.json. */
public record LocalResources(
        URI endpoint,
        String region,
        String bucket,
        String topicArn,
        String ingestQueueUrl,
        String ingestDlqUrl,
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
        node.put("digestQueueUrl", digestQueueUrl);
        node.put("digestDlqUrl", digestDlqUrl);
        node.put("historyTable", historyTable);
        node.put("sender", sender);
        recipients.forEach(node.putArray("recipients")::add);
        return node.toString();
    }

    public static LocalResources fromJson(String json) {
        try {
            var node = new ObjectMapper().readTree(json);
            List<String> recipients = new java.util.ArrayList<>();
            node.path("recipients").forEach(r -> recipients.add(r.asText()));
            return new LocalResources(URI.create(node.get("endpoint").asText()), node.get("region").asText(),
                    node.get("bucket").asText(), node.get("topicArn").asText(), node.get("ingestQueueUrl").asText(),
                    node.get("ingestDlqUrl").asText(), node.get("digestQueueUrl").asText(),
                    node.get("digestDlqUrl").asText(), node.get("historyTable").asText(), node.get("sender").asText(),
                    recipients);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a local pipeline ready line: " + json, e);
        }
    }
}
