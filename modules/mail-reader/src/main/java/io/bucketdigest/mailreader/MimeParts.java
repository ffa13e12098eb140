package io.bucketdigest.mailreader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads back the digest MIME that core's {@code MimeMessageWriter} produces: the top-level headers and each leaf part
 * with its transfer encoding undone. Enough for the demo, the local outbox, the simulation and the tests; not a general
 * MIME parser, and not in a Lambda jar. It knows no header of ours by name: callers ask for
 * {@code header(MimeMessageWriter.DIGEST_ID_HEADER)}, so the name has one home.
 */
public record MimeParts(Map<String, String> headers, List<Part> parts) {

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]*)\\?=");

    public MimeParts {
        headers = Map.copyOf(headers);
        parts = List.copyOf(parts);
    }

    /** One leaf part: its content type, its Content-Disposition (empty if none) and its decoded bytes. */
    public record Part(String contentType, String disposition, byte[] content) {
        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    public static MimeParts parse(byte[] raw) {
        Entity root = entity(new String(raw, StandardCharsets.UTF_8));
        List<Part> leaves = new ArrayList<>();
        collect(root, leaves);
        return new MimeParts(root.headers(), leaves);
    }

    /** A top-level header as written (unfolded), or null; names are case-insensitive. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The subject with RFC 2047 encoded words decoded. */
    public String subject() {
        String value = header("Subject");
        if (value == null) {
            return "";
        }
        Matcher words = ENCODED_WORD.matcher(value);
        if (!words.find()) {
            return value;
        }
        words.reset();
        // Adjacent encoded words may split one multi-byte character: join their bytes before decoding.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        while (words.find()) {
            bytes.writeBytes(Base64.getDecoder().decode(words.group(1)));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    public Optional<Part> part(String mimeType) {
        return parts.stream()
                .filter(p -> p.contentType().toLowerCase(Locale.ROOT).startsWith(mimeType))
                .findFirst();
    }

    public String text() {
        return part("text/plain").orElseThrow(() -> new IllegalStateException("no text/plain part")).text();
    }

    public String html() {
        return part("text/html").orElseThrow(() -> new IllegalStateException("no text/html part")).text();
    }

    public Optional<String> csv() {
        return part("text/csv").map(Part::text);
    }

    private record Entity(Map<String, String> headers, String body) {}

    private static Entity entity(String text) {
        int split = text.indexOf("\r\n\r\n");
        String head = split < 0 ? text : text.substring(0, split);
        String body = split < 0 ? "" : text.substring(split + 4);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : head.replaceAll("\r\n[ \t]+", " ").split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return new Entity(headers, body);
    }

    private static void collect(Entity entity, List<Part> leaves) {
        String type = entity.headers().getOrDefault("content-type", "text/plain");
        if (type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            String delimiter = "--" + parameter(type, "boundary");
            String[] chunks = entity.body().split(Pattern.quote(delimiter));
            for (int i = 1; i < chunks.length; i++) {
                String chunk = chunks[i];
                if (chunk.startsWith("--")) {
                    break;
                }
                if (chunk.startsWith("\r\n")) {
                    chunk = chunk.substring(2);
                }
                if (chunk.endsWith("\r\n")) {
                    chunk = chunk.substring(0, chunk.length() - 2);
                }
                collect(entity(chunk), leaves);
            }
            return;
        }
        String encoding = entity.headers().getOrDefault("content-transfer-encoding", "7bit");
        byte[] content = encoding.equalsIgnoreCase("base64")
                ? Base64.getMimeDecoder().decode(entity.body().trim())
                : entity.body().getBytes(StandardCharsets.UTF_8);
        leaves.add(new Part(type, entity.headers().getOrDefault("content-disposition", ""), content));
    }

    private static String parameter(String headerValue, String name) {
        for (String piece : headerValue.split(";")) {
            String trimmed = piece.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith(name + "=")) {
                String value = trimmed.substring(name.length() + 1);
                return value.startsWith("\"") ? value.substring(1, value.length() - 1) : value;
            }
        }
        throw new IllegalArgumentException("no " + name + " parameter in " + headerValue);
    }
}
