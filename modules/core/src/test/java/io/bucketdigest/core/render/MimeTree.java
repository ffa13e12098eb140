package io.bucketdigest.core.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough of a MIME reader to check what {@link MimeMessageWriter} wrote: headers, multipart, base64. */
record MimeTree(Map<String, String> headers, String body) {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"([^\"]+)\"");
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]*)\\?=");

    static MimeTree parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        String headerBlock = raw.substring(0, end).replace("\r\n ", " ").replace("\r\n\t", "\t");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : headerBlock.split("\r\n")) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return new MimeTree(headers, raw.substring(end + 4));
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String contentType() {
        return header("Content-Type");
    }

    List<MimeTree> children() {
        Matcher matcher = BOUNDARY.matcher(contentType());
        if (!matcher.find()) {
            throw new IllegalStateException("not multipart: " + contentType());
        }
        String delimiter = "--" + matcher.group(1);
        List<MimeTree> parts = new ArrayList<>();
        StringBuilder current = null;
        boolean closed = false;
        for (String line : body.split("\r\n", -1)) {
            if (line.equals(delimiter) || line.equals(delimiter + "--")) {
                if (current != null) {
                    String content = current.toString();
                    parts.add(parse(content.endsWith("\r\n") ? content.substring(0, content.length() - 2) : content));
                }
                closed = line.endsWith("--");
                current = closed ? null : new StringBuilder();
            } else if (current != null) {
                current.append(line).append("\r\n");
            }
        }
        if (!closed) {
            throw new IllegalStateException("no closing delimiter " + delimiter + "--");
        }
        return parts;
    }

    byte[] decoded() {
        if (!"base64".equalsIgnoreCase(header("Content-Transfer-Encoding"))) {
            throw new IllegalStateException("not base64");
        }
        return Base64.getMimeDecoder().decode(body);
    }

    String decodedText() {
        return new String(decoded(), StandardCharsets.UTF_8);
    }

    /** Decodes each RFC 2047 encoded word on its own, as a reader must be able to; whitespace between is dropped. */
    static String decodeHeader(String value) {
        Matcher matcher = ENCODED_WORD.matcher(value);
        if (!matcher.find()) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        matcher.reset();
        while (matcher.find()) {
            out.append(new String(Base64.getDecoder().decode(matcher.group(1)), StandardCharsets.UTF_8));
        }
        return out.toString();
    }
}
