package io.bucketdigest.core.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads back the digest MIME that {@link MimeMessageWriter} produces: the decoded subject and each leaf part by content type. Enough
 * for the demo, the console and the end-to-end checks; not a general MIME parser.
 */
public final class MimeParts {

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]*)\\?=");
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"([^\"]+)\"");

    private final String subject;
    private final Map<String, String> partsByType;

    private MimeParts(String subject, Map<String, String> partsByType) {
        this.subject = subject;
        this.partsByType = partsByType;
    }

    public static MimeParts parse(byte[] raw) {
        String message = new String(raw, StandardCharsets.UTF_8);
        Map<String, String> parts = new LinkedHashMap<>();
        collect(message, parts);
        return new MimeParts(subject(message), parts);
    }

    public String subject() {
        return subject;
    }

    public Optional<String> text() {
        return part("text/plain");
    }

    public Optional<String> html() {
        return part("text/html");
    }

    public Optional<String> csv() {
        return part("text/csv");
    }

    private Optional<String> part(String type) {
        return Optional.ofNullable(partsByType.get(type));
    }

    public static String subject(String raw) {
        String headers = raw.split("\r\n\r\n", 2)[0].replace("\r\n ", " ").replace("\r\n\t", " ");
        for (String line : headers.split("\r\n")) {
            if (line.regionMatches(true, 0, "Subject:", 0, 8)) {
                String value = line.substring(8).trim();
                Matcher words = ENCODED_WORD.matcher(value);
                if (!words.find()) {
                    return value;
                }
                words.reset();
                StringBuilder decoded = new StringBuilder();
                List<Byte> bytes = new ArrayList<>();
                while (words.find()) {
                    for (byte b : Base64.getDecoder().decode(words.group(1))) {
                        bytes.add(b);
                    }
                }
                byte[] all = new byte[bytes.size()];
                for (int i = 0; i < all.length; i++) {
                    all[i] = bytes.get(i);
                }
                decoded.append(new String(all, StandardCharsets.UTF_8));
                return decoded.toString();
            }
        }
        return "";
    }

    private static void collect(String entity, Map<String, String> parts) {
        String[] headBody = entity.split("\r\n\r\n", 2);
        String headers = headBody[0].replace("\r\n ", " ").replace("\r\n\t", " ");
        String body = headBody.length > 1 ? headBody[1] : "";
        String contentType = headerValue(headers, "Content-Type").orElse("text/plain");
        if (contentType.toLowerCase().startsWith("multipart/")) {
            Matcher boundary = BOUNDARY.matcher(contentType);
            if (!boundary.find()) {
                return;
            }
            String delimiter = "--" + boundary.group(1);
            String[] sections = body.split(Pattern.quote(delimiter));
            for (int i = 1; i < sections.length; i++) {
                String section = sections[i];
                if (section.startsWith("--")) {
                    break;
                }
                collect(section.startsWith("\r\n") ? section.substring(2) : section, parts);
            }
            return;
        }
        String type = contentType.split(";")[0].trim().toLowerCase();
        String encoding = headerValue(headers, "Content-Transfer-Encoding").orElse("7bit").trim().toLowerCase();
        String content = encoding.equals("base64")
                ? new String(Base64.getMimeDecoder().decode(body.trim()), StandardCharsets.UTF_8)
                : body;
        parts.putIfAbsent(type, content);
    }

    private static Optional<String> headerValue(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return Optional.of(line.substring(name.length() + 1).trim());
            }
        }
        return Optional.empty();
    }
}
