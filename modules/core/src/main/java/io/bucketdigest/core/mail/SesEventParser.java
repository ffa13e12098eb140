package io.bucketdigest.core.mail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.normalize.MalformedMessageException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one SES event, as the configuration set's event destination publishes it to SNS (the queue receives it in
 * an SNS envelope, or raw), into the mail events of the digest that caused it. The digest is named by the message
 * tag {@value #DIGEST_TAG} the mailer sets. Event types we do not subscribe to (send, open, click) and mails without
 * that tag (a {@code bucket-digest ses test-send}) give no events.
 */
public final class SesEventParser {

    /** The SES message tag that names the digest of a mail. */
    public static final String DIGEST_TAG = "bucket-digest-id";

    private final ObjectMapper mapper = new ObjectMapper();

    /** The events, or empty when the event is not about a digest mail; throws when the body is not an SES event. */
    public List<MailEvent> parse(String body) {
        JsonNode outer = json(body, "message body");
        JsonNode root = outer.has("Type") && outer.has("MessageId") && outer.path("Message").isTextual()
                ? json(outer.path("Message").textValue(), "SNS envelope Message") : outer;
        String eventType = text(root, "eventType").or(() -> text(root, "notificationType")).orElseThrow(() ->
                new MalformedMessageException("not an SES event: no eventType or notificationType"));
        Optional<DigestId> digestId = digestId(root.path("mail"));
        if (digestId.isEmpty()) {
            return List.of();
        }
        DigestId id = digestId.get();
        Instant mailTime = time(root.path("mail"), "timestamp").orElse(Instant.EPOCH);
        return switch (eventType) {
            case "Delivery" -> {
                JsonNode delivery = root.path("delivery");
                Instant at = time(delivery, "timestamp").orElse(mailTime);
                List<MailEvent> events = new ArrayList<>();
                for (JsonNode recipient : delivery.path("recipients")) {
                    events.add(new MailEvent(id, MailEvent.Type.DELIVERY, recipient.asText(), at, ""));
                }
                yield events;
            }
            case "Bounce" -> {
                JsonNode bounce = root.path("bounce");
                Instant at = time(bounce, "timestamp").orElse(mailTime);
                String kind = text(bounce, "bounceType").orElse("Undetermined") + "/"
                        + text(bounce, "bounceSubType").orElse("Undetermined");
                List<MailEvent> events = new ArrayList<>();
                for (JsonNode recipient : bounce.path("bouncedRecipients")) {
                    String diagnostic = text(recipient, "diagnosticCode").map(code -> ": " + code).orElse("");
                    events.add(new MailEvent(id, MailEvent.Type.BOUNCE, text(recipient, "emailAddress").orElse(""),
                            at, kind + diagnostic));
                }
                yield events;
            }
            case "Complaint" -> {
                JsonNode complaint = root.path("complaint");
                Instant at = time(complaint, "timestamp").orElse(mailTime);
                String feedback = text(complaint, "complaintFeedbackType").orElse("no feedback type")
                        + text(complaint, "complaintSubType").map(sub -> "/" + sub).orElse("");
                List<MailEvent> events = new ArrayList<>();
                for (JsonNode recipient : complaint.path("complainedRecipients")) {
                    events.add(new MailEvent(id, MailEvent.Type.COMPLAINT,
                            text(recipient, "emailAddress").orElse(""), at, feedback));
                }
                yield events;
            }
            case "Reject" -> List.of(new MailEvent(id, MailEvent.Type.REJECT, "", mailTime,
                    text(root.path("reject"), "reason").orElse("rejected")));
            case "DeliveryDelay" -> {
                JsonNode delay = root.path("deliveryDelay");
                Instant at = time(delay, "timestamp").orElse(mailTime);
                String kind = text(delay, "delayType").orElse("delayed");
                List<MailEvent> events = new ArrayList<>();
                for (JsonNode recipient : delay.path("delayedRecipients")) {
                    events.add(new MailEvent(id, MailEvent.Type.DELIVERY_DELAY,
                            text(recipient, "emailAddress").orElse(""), at,
                            kind + text(recipient, "diagnosticCode").map(code -> ": " + code).orElse("")));
                }
                yield events;
            }
            case "Rendering Failure" -> List.of(new MailEvent(id, MailEvent.Type.RENDERING_FAILURE, "", mailTime,
                    text(root.path("failure"), "errorMessage").orElse("rendering failed")));
            default -> List.of();
        };
    }

    private Optional<DigestId> digestId(JsonNode mail) {
        JsonNode values = mail.path("tags").path(DIGEST_TAG);
        if (!values.isArray() || values.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DigestId(values.get(0).asText()));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("tag " + DIGEST_TAG + " is not a digest id: " + e.getMessage());
        }
    }

    private JsonNode json(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new MalformedMessageException(what + " is empty");
        }
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || !node.isObject()) {
                throw new MalformedMessageException(what + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException(what + " is not JSON: " + e.getOriginalMessage());
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() && !value.asText().isBlank()
                ? Optional.of(value.asText()) : Optional.empty();
    }

    private static Optional<Instant> time(JsonNode node, String field) {
        try {
            return text(node, field).map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw new MalformedMessageException(field + " is not an ISO-8601 time: " + node.path(field).asText());
        }
    }
}
