package io.bucketdigest.core.normalize;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.text.Utf8;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns one SQS message body into the S3 events it carries. Accepts an SNS envelope (the S3 JSON in its
 * {@code Message} string) and raw message delivery (the S3 JSON is the body). Anything else is a
 * {@link MalformedMessageException} whose reason says what was wrong.
 *
 * <p>It also rejects what S3 never sends but storage and rendering would trust: oversized bodies, more records than a
 * notification carries, duplicate JSON fields, nested envelopes, impossible sizes, keys over S3's limit or not valid
 * Unicode, bucket names that could break the storage key layout, and event times outside a sane window. Keys with
 * control or bidi characters are accepted (S3 allows them); the renderer shows them escaped. docs/input-validation.md
 * lists every rule with its reason.
 */
public final class S3MessageNormalizer {

    /** SQS's maximum message size (256 KiB): a longer body was not delivered by SQS. */
    public static final int MAX_BODY_BYTES = 256 * 1024;
    /**
     * S3 puts one record in each notification. A cap well above that bounds the work (and the all-or-nothing writes)
     * one message can cause.
     */
    public static final int MAX_RECORDS = 100;
    /** S3's key limit, in UTF-8 bytes of the decoded key; storage keys are built from it. */
    public static final int MAX_KEY_BYTES = 1024;
    /** S3's maximum object size, 5 TiB. */
    public static final long MAX_OBJECT_SIZE = 5L * 1024 * 1024 * 1024 * 1024;
    /** Nothing happened in S3 before it launched (March 2006); earlier times are forged or zero values. */
    public static final Instant EARLIEST_EVENT_TIME = Instant.parse("2006-01-01T00:00:00Z");
    /**
     * S3 stamps events with its own (synchronised) clock and delivery only ever delays them, so a time ahead of ours
     * is skew at most. A day absorbs any real skew; later times would sort after every real event of the object.
     */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofDays(1);

    /** Legacy us-east-1 rules, the widest S3 ever allowed; keeps '#' (the storage key separator) out. */
    private static final Pattern BUCKET_NAME = Pattern.compile("[A-Za-z0-9._-]{1,255}");
    /** S3 event names are CamelCase words joined by ':' ("s3:ObjectCreated:Put"). */
    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9:]{1,128}");
    private static final String DUPLICATE_FIELD = "Duplicate field '";

    private final ObjectReader reader;
    private final Clock clock;

    /** @param clock "now" for the event time window */
    public S3MessageNormalizer(ObjectMapper mapper, Clock clock) {
        // Jackson keeps the last of two equal fields; a second "key" could hide behind the first for other readers.
        // Floats as BigDecimal: a size of 1e400 must compare as too big, not overflow a double to Infinity.
        this.reader = mapper.reader()
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.clock = clock;
    }

    public S3MessageNormalizer(ObjectMapper mapper) {
        this(mapper, Clock.systemUTC());
    }

    public S3MessageNormalizer(Clock clock) {
        this(new ObjectMapper(), clock);
    }

    public S3MessageNormalizer() {
        this(new ObjectMapper());
    }

    public NormalizedMessage normalize(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedMessageException("empty message body");
        }
        long bytes = Utf8.length(body);
        if (bytes > MAX_BODY_BYTES) {
            throw new MalformedMessageException("message body is " + bytes + " bytes, over the " + MAX_BODY_BYTES
                    + "-byte SQS maximum message size");
        }
        JsonNode root = parse(body, "message body");
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
            JsonNode s3Message = parse(message.textValue(), "SNS envelope Message");
            if (s3Message.isObject() && isSnsEnvelope(s3Message)) {
                // S3 publishes to SNS once; an envelope in an envelope is a forwarding loop or forged.
                throw new MalformedMessageException("SNS envelope inside an SNS envelope");
            }
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
        if (records.size() > MAX_RECORDS) {
            throw new MalformedMessageException("S3 notification with " + records.size()
                    + " Records, over the limit of " + MAX_RECORDS + " (S3 sends one per message)");
        }
        List<ObjectEvent> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            events.add(toEvent(records.get(i), i));
        }
        return new NormalizedMessage.Events(events);
    }

    private ObjectEvent toEvent(JsonNode record, int index) {
        String where = "Records[" + index + "]";
        JsonNode s3 = record.get("s3");
        if (s3 == null || !s3.isObject()) {
            throw new MalformedMessageException(where + " has no s3 object");
        }
        String bucket = text(s3.path("bucket"), "name");
        if (bucket == null || bucket.isEmpty()) {
            throw new MalformedMessageException(where + " has no s3.bucket.name");
        }
        if (!BUCKET_NAME.matcher(bucket).matches()) {
            throw new MalformedMessageException(where + " has an invalid s3.bucket.name " + Reasons.quote(bucket)
                    + " (S3 allows only letters, digits, '.', '-' and '_', at most 255)");
        }
        JsonNode object = s3.get("object");
        JsonNode keyNode = object == null ? null : object.get("key");
        if (keyNode != null && !keyNode.isNull() && !keyNode.isTextual()) {
            throw new MalformedMessageException(where + " has a non-string s3.object.key");
        }
        String rawKey = object == null ? null : text(object, "key");
        if (rawKey == null || rawKey.isEmpty()) {
            throw new MalformedMessageException(where + " has no s3.object.key");
        }
        String eventName = text(record, "eventName");
        if (eventName == null) {
            throw new MalformedMessageException(where + " has no eventName");
        }
        if (!EVENT_NAME.matcher(eventName).matches()) {
            // The story line reuses parts of the name, so nothing but S3's alphabet may get through.
            throw new MalformedMessageException(where + " has a malformed eventName " + Reasons.quote(eventName)
                    + " (S3 event names are letters, digits and ':')");
        }
        EventKind kind = EventKind.fromEventName(eventName)
                .orElseThrow(() -> new MalformedMessageException(
                        where + " has unknown eventName " + Reasons.quote(eventName)));
        String rawTime = text(record, "eventTime");
        if (rawTime == null) {
            throw new MalformedMessageException(where + " has no eventTime");
        }
        Instant eventTime = parseEventTime(rawTime, where);
        requireSaneEventTime(eventTime, rawTime, where);
        String key = decodeKey(rawKey, where);
        requireStorableKey(key, where);
        String region = text(record, "awsRegion");
        String versionId = text(object, "versionId");
        String sequencer = text(object, "sequencer");
        String eTag = text(object, "eTag");
        Long size = sizeOf(object, where);
        String requester = text(record.path("userIdentity"), "principalId");
        String sourceIp = text(record.path("requestParameters"), "sourceIPAddress");
        return ObjectEvent.builder(bucket, key, eventName, eventTime)
                .kind(kind)
                .region(region)
                .versionId(versionId)
                .sequencer(sequencer)
                .eTag(eTag)
                .size(size)
                .requestedBy(requester, sourceIp)
                .build();
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
            throw new MalformedMessageException(where + " has a badly URL-encoded key " + Reasons.quote(rawKey), e);
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
            throw new MalformedMessageException(where + " has an unparseable eventTime " + Reasons.quote(text), e);
        }
    }

    /**
     * Storage sort keys format times with a four-digit year and digests span first to last event, so a time from
     * year 10000 or 1970 would corrupt ordering and windows. The window is [2006-01-01, now + 1 day].
     */
    private void requireSaneEventTime(Instant eventTime, String rawTime, String where) {
        if (eventTime.isBefore(EARLIEST_EVENT_TIME)) {
            throw new MalformedMessageException(
                    where + " has eventTime " + Reasons.quote(rawTime) + ", before 2006 when S3 launched");
        }
        if (eventTime.isAfter(clock.instant().plus(MAX_FUTURE_SKEW))) {
            throw new MalformedMessageException(
                    where + " has eventTime " + Reasons.quote(rawTime) + ", more than 1 day in the future");
        }
    }

    /**
     * The key becomes part of storage keys (DynamoDB caps those at 2,048 bytes), so S3's own 1,024-byte limit is
     * enforced, and it must be valid Unicode: an unpaired surrogate (possible through a JSON {@code \uD800} escape)
     * has no UTF-8 form and would be stored as '?', a different key.
     */
    private static void requireStorableKey(String key, String where) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new MalformedMessageException(
                        where + " has an s3.object.key that is not valid Unicode (unpaired surrogate)");
            }
        }
        long bytes = Utf8.length(key);
        if (bytes > MAX_KEY_BYTES) {
            throw new MalformedMessageException(where + " has an s3.object.key of " + bytes + " bytes, over S3's "
                    + MAX_KEY_BYTES + "-byte limit");
        }
    }

    /**
     * Sizes feed byte totals and the human-readable sizes in a digest, which cannot show a negative number, and a long
     * sum must not overflow: so a size must be a whole number from 0 to S3's 5 TiB maximum.
     */
    private static Long sizeOf(JsonNode object, String where) {
        JsonNode size = object.get("size");
        if (size == null || size.isNull()) {
            return null;
        }
        String shown = size.isTextual() ? size.textValue() : size.asText();
        BigDecimal value = decimal(size);
        if (value == null) {
            throw new MalformedMessageException(where + " has a non-numeric s3.object.size");
        }
        if (value.signum() < 0) {
            throw new MalformedMessageException(where + " has a negative s3.object.size " + Reasons.quote(shown));
        }
        if (value.compareTo(BigDecimal.valueOf(MAX_OBJECT_SIZE)) > 0) {
            throw new MalformedMessageException(where + " has s3.object.size " + Reasons.quote(shown)
                    + ", over S3's 5 TiB maximum object size");
        }
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
            throw new MalformedMessageException(where + " has a non-integer s3.object.size " + Reasons.quote(shown));
        }
        return value.longValue();
    }

    /** The size as a number, or null if it is not one; texts are read too (the docs' template quotes the size). */
    private static BigDecimal decimal(JsonNode size) {
        if (size.isNumber()) {
            return size.decimalValue();
        }
        if (size.isTextual() && size.textValue().length() <= 32) {
            try {
                return new BigDecimal(size.textValue());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }

    /** @param what "message body" or "SNS envelope Message", to start the reason with */
    private JsonNode parse(String json, String what) {
        try {
            return reader.readTree(json);
        } catch (StreamConstraintsException e) {
            throw new MalformedMessageException(what + " exceeds the JSON parser limits (" + limitOf(e) + ")", e);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith(DUPLICATE_FIELD)) {
                int end = message.indexOf('\'', DUPLICATE_FIELD.length());
                String field = message.substring(DUPLICATE_FIELD.length(), end < 0 ? message.length() : end);
                throw new MalformedMessageException(
                        what + " has a duplicate JSON field " + Reasons.quote(field), e);
            }
            throw new MalformedMessageException(what + " is not JSON", e);
        }
    }

    private static String limitOf(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("nesting depth")) {
            return "nesting depth";
        }
        if (message.contains("Number value length")) {
            return "number length";
        }
        if (message.contains("String value length")) {
            return "string length";
        }
        return "size";
    }
}
