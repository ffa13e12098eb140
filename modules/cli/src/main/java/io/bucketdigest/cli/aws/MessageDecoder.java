package io.bucketdigest.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketdigest.core.normalize.MalformedMessageException;
import io.bucketdigest.core.normalize.NormalizedMessage;
import io.bucketdigest.core.normalize.S3MessageNormalizer;
import java.io.IOException;

/** Decodes queue bodies with the same normalizer the ingest function uses, so peek shows what ingest saw. */
public final class MessageDecoder {

    private final ObjectMapper mapper = new ObjectMapper();
    private final S3MessageNormalizer normalizer = new S3MessageNormalizer(mapper);

    public DlqMessage.Decoded decode(QueueRole role, String body) {
        return role.carriesS3Notifications() ? decodeIngest(body) : decodeDigest(body);
    }

    private DlqMessage.Decoded decodeIngest(String body) {
        try {
            NormalizedMessage normalized = normalizer.normalize(body);
            if (normalized instanceof NormalizedMessage.TestEvent test) {
                return new DlqMessage.S3TestEvent(test.bucket());
            }
            return new DlqMessage.S3Events(((NormalizedMessage.Events) normalized).events());
        } catch (MalformedMessageException e) {
            return new DlqMessage.Malformed(e.reason());
        }
    }

    private DlqMessage.Decoded decodeDigest(String body) {
        try {
            JsonNode root = mapper.readTree(body == null ? "" : body);
            if (root == null || !root.isObject() || !root.path("subscriptionId").isTextual()) {
                return new DlqMessage.Malformed("not a digest signal: no subscriptionId");
            }
            return new DlqMessage.DigestSignal(root.get("subscriptionId").textValue(),
                    root.path("signalledAt").isTextual() ? root.get("signalledAt").textValue() : null);
        } catch (IOException e) {
            return new DlqMessage.Malformed("not a digest signal: body is not JSON");
        }
    }
}
