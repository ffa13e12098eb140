package io.bucketdigest.core.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one SQS message body into the S3 events it carries. Accepts an SNS envelope (the S3 JSON in its
 * {@code Message} string) and raw message delivery (the S3 JSON is the body). Anything else is a
 * {@link MalformedMessageException} whose reason says what was wrong.
 */
public final class S3MessageNormalizer {

    private final ObjectMapper mapper;

    public S3MessageNormalizer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public S3MessageNormalizer() {
        this(new ObjectMapper());
    }

    public NormalizedMessage normalize(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedMessageException("empty message body");
        }
        JsonNode root = parse(body, "message body is not JSON");
        if (!root.isObject()) {
            throw new MalformedMessageException("message body is JSON but not an object");
        }
        if (isSnsEnvelope(root)) {
            JsonNode message = root.get("Message");
            if (message == null || message.isNull()) {
                throw new MalformedMessageException("SNS envelope without Message");
            }
            if (!message.isTextual()) {
                throw new MalformedMessageException("SNS envelope Message is not a string");
            }
            JsonNode s3Message = parse(message.textValue(), "SNS envelope Message is not JSON");
            return normalizeS3Message(s3Message);
        }
        return normalizeS3Message(root);
    }

    private static boolean isSnsEnvelope(JsonNode root) {
        return root.has("TopicArn") || (root.has("Type") && root.has("MessageId"));
    }

    private NormalizedMessage normalizeS3Message(JsonNode message) {
        if (!message.isObject()) {
            throw new MalformedMessageException("S3 message is not a JSON object");
        }
        JsonNode event = message.get("Event");
        if (event != null && "s3:TestEvent".equals(event.asText())) {
            return new NormalizedMessage.TestEvent(text(message, "Bucket"));
        }
        JsonNode records = message.get("Records");
        if (records == null) {
            throw new MalformedMessageException(
                    "unknown message shape: neither an SNS envelope, an S3 notification with Records, nor s3:TestEvent");
        }
        if (!records.isArray() || records.isEmpty()) {
            throw new MalformedMessageException("S3 notification with no Records");
        }
        List<ObjectEvent> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            events.add(toEvent(records.get(i), i));
        }
        return new NormalizedMessage.Events(events);
    }

    private static ObjectEvent toEvent(JsonNode record, int index) {
        String where = "Records[" + index + "]";
        JsonNode s3 = record.get("s3");
        if (s3 == null || !s3.isObject()) {
            throw new MalformedMessageException(where + " has no s3 object");
        }
        String bucket = text(s3.path("bucket"), "name");
        if (bucket == null || bucket.isEmpty()) {
            throw new MalformedMessageException(where + " has no s3.bucket.name");
        }
        JsonNode object = s3.get("object");
        String rawKey = object == null ? null : text(object, "key");
        if (rawKey == null || rawKey.isEmpty()) {
            throw new MalformedMessageException(where + " has no s3.object.key");
        }
        String eventName = text(record, "eventName");
        if (eventName == null) {
            throw new MalformedMessageException(where + " has no eventName");
        }
        EventKind kind = EventKind.fromEventName(eventName)
                .orElseThrow(() -> new MalformedMessageException(where + " has unknown eventName '" + eventName + "'"));
        String rawTime = text(record, "eventTime");
        if (rawTime == null) {
            throw new MalformedMessageException(where + " has no eventTime");
        }
        Instant eventTime = parseEventTime(rawTime, where);
        String key = decodeKey(rawKey, where);
        String region = text(record, "awsRegion");
        String versionId = text(object, "versionId");
        String sequencer = text(object, "sequencer");
        String eTag = text(object, "eTag");
        Long size = sizeOf(object, where);
        String requester = text(record.path("userIdentity"), "principalId");
        String sourceIp = text(record.path("requestParameters"), "sourceIPAddress");
        EventId id = EventId.of(region, bucket, key, eventName, eventTime, versionId, sequencer, eTag, size);
        return new ObjectEvent(
                id, bucket, key, kind, eventName, eventTime, region, versionId, sequencer, eTag, size, requester,
                sourceIp);
    }

    /**
     * S3 form-encodes keys: '+' is a space, '%2B' a plus, and multi-byte characters are percent-encoded UTF-8. Escapes
     * that do not decode to valid UTF-8 are rejected rather than turned into U+FFFD, which would record a wrong key.
     */
    static String decodeKey(String rawKey, String where) {
        if (rawKey.indexOf('%') < 0 && rawKey.indexOf('+') < 0) {
            return rawKey;
        }
        try {
            String decoded = URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
            if (decoded.indexOf('\uFFFD') >= 0 && !isValidUtf8(rawKey)) {
                throw new IllegalArgumentException("escapes are not valid UTF-8");
            }
            return decoded;
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(where + " has a badly URL-encoded key '" + rawKey + "'", e);
        }
    }

    /** True when the bytes the key's escapes stand for are well-formed UTF-8 (the key is known to decode). */
    private static boolean isValidUtf8(String rawKey) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawKey.length());
        for (int i = 0; i < rawKey.length(); i++) {
            char c = rawKey.charAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(rawKey.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] literal = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(literal, 0, literal.length);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Real S3 sends {@code 2026-11-29T09:32:43.940Z}; the emulator sends no zone, which we read as UTC. */
    static Instant parseEventTime(String text, String where) {
        try {
            if (text.endsWith("Z")) {
                return Instant.parse(text);
            }
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(
                    text, java.time.OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof LocalDateTime local) {
                return local.toInstant(ZoneOffset.UTC);
            }
            return ((java.time.OffsetDateTime) parsed).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedMessageException(where + " has an unparseable eventTime '" + text + "'", e);
        }
    }

    private static Long sizeOf(JsonNode object, String where) {
        JsonNode size = object.get("size");
        if (size == null || size.isNull()) {
            return null;
        }
        if (size.canConvertToLong() && size.isIntegralNumber()) {
            return size.longValue();
        }
        if (size.isTextual()) {
            try {
                return Long.parseLong(size.textValue());
            } catch (NumberFormatException e) {
                throw new MalformedMessageException(where + " has a non-numeric s3.object.size", e);
            }
        }
        throw new MalformedMessageException(where + " has a non-numeric s3.object.size");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }

    private JsonNode parse(String json, String reason) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException(reason, e);
        }
    }
}
