package io.bucketdigest.core.sender;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads back a raw MIME message the way a mail client would: unfolded headers, and the decoded leaf parts of nested
 * multiparts (base64 or plain). Just enough MIME for the digests MimeMessageWriter writes; test code only.
 */
record MailParts(Map<String, String> headers, List<Part> parts) {

    record Part(String contentType, String disposition, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    static MailParts parse(byte[] raw) {
        String message = new String(raw, StandardCharsets.UTF_8);
        Entity root = entity(message);
        List<Part> leaves = new ArrayList<>();
        collect(root, leaves);
        return new MailParts(root.headers, List.copyOf(leaves));
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String digestId() {
        return header("X-Bucket-Digest-Id");
    }

    Optional<Part> part(String mimeType) {
        return parts.stream().filter(p -> p.contentType().toLowerCase(Locale.ROOT).startsWith(mimeType)).findFirst();
    }

    String text() {
        return part("text/plain").orElseThrow(() -> new AssertionError("no text/plain part")).text();
    }

    String html() {
        return part("text/html").orElseThrow(() -> new AssertionError("no text/html part")).text();
    }

    Optional<String> csv() {
        return part("text/csv").map(Part::text);
    }

    private record Entity(Map<String, String> headers, String body) {}

    private static Entity entity(String text) {
        int split = text.indexOf("\r\n\r\n");
        String head = split < 0 ? text : text.substring(0, split);
        String body = split < 0 ? "" : text.substring(split + 4);
        Map<String, String> headers = new LinkedHashMap<>();
        String unfolded = head.replaceAll("\r\n[ \t]+", " ");
        for (String line : unfolded.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return new Entity(headers, body);
    }

    private static void collect(Entity entity, List<Part> leaves) {
        String type = entity.headers.getOrDefault("content-type", "text/plain");
        if (type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            String boundary = parameter(type, "boundary");
            String delimiter = "--" + boundary;
            String[] chunks = entity.body.split(java.util.regex.Pattern.quote(delimiter));
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
        String encoding = entity.headers.getOrDefault("content-transfer-encoding", "7bit");
        byte[] content = encoding.equalsIgnoreCase("base64")
                ? Base64.getMimeDecoder().decode(entity.body.trim())
                : entity.body.getBytes(StandardCharsets.UTF_8);
        leaves.add(new Part(type, entity.headers.getOrDefault("content-disposition", ""), content));
    }

    private static String parameter(String headerValue, String name) {
        for (String piece : headerValue.split(";")) {
            String trimmed = piece.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith(name + "=")) {
                String value = trimmed.substring(name.length() + 1);
                return value.startsWith("\"") ? value.substring(1, value.length() - 1) : value;
            }
        }
        throw new AssertionError("no " + name + " parameter in " + headerValue);
    }
}
