package io.bucketdigest.core.render;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes a {@link RenderedDigest} as a raw RFC 5322 / MIME message, ready for SES SendEmail with raw content:
 * multipart/mixed holding multipart/alternative (text, then HTML) and the CSV attachment when there is one.
 *
 * <p>The output is 7-bit ASCII with CRLF line ends: bodies are base64 in lines of 76 characters, a non-ASCII subject is
 * an RFC 2047 encoded word sequence, and long headers are folded. Boundaries start with "=_", which base64 can never
 * produce, so they need no collision check.
 */
public final class MimeMessageWriter {

    public static final String DIGEST_ID_HEADER = "X-Bucket-Digest-Id";
    /** SES picks the configuration set named in this header when the API call names none. */
    public static final String CONFIGURATION_SET_HEADER = "X-SES-CONFIGURATION-SET";

    private static final String CRLF = "\r\n";
    private static final int MAX_LINE = 78;
    /** 39 UTF-8 bytes make 52 base64 characters: "Subject: " plus one encoded word stays under 78. */
    private static final int ENCODED_WORD_BYTES = 39;
    private static final Pattern HINT = Pattern.compile("[A-Za-z0-9._-]{1,50}");
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x20-\\x7E]*");
    private static final Base64.Encoder BODY_ENCODER =
            Base64.getMimeEncoder(76, CRLF.getBytes(StandardCharsets.US_ASCII));
    private static final Pattern LIST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final ListHeaders list;

    /** A writer of mails without a display name or list headers (tests, tools). */
    public MimeMessageWriter() {
        this(ListHeaders.NONE);
    }

    public MimeMessageWriter(ListHeaders list) {
        this.list = Objects.requireNonNull(list, "list");
    }

    /**
     * @param from                   an ASCII address, optionally with a display name ("Digest &lt;d@example.com&gt;")
     * @param to                     one or more ASCII addresses, written comma-separated
     * @param configurationSetOrNull the SES configuration set for {@value #CONFIGURATION_SET_HEADER}, or null for none
     * @param messageIdHint          1-50 of {@code [A-Za-z0-9._-]}, usually the digest id: it becomes the
     *                               {@value #DIGEST_ID_HEADER} header, the Message-ID's left part and part of the
     *                               boundaries, so the same digest always yields the same bytes
     * @param date                   the Date header, written in RFC 1123 form in GMT
     */
    public byte[] write(
            String from,
            List<String> to,
            String configurationSetOrNull,
            RenderedDigest digest,
            String messageIdHint,
            Instant date) {
        requireHeaderSafe("from", from);
        if (to.isEmpty()) {
            throw new IllegalArgumentException("at least one recipient is required");
        }
        to.forEach(address -> requireHeaderSafe("recipient", address));
        if (configurationSetOrNull != null) {
            requireHeaderSafe("configuration set", configurationSetOrNull);
        }
        if (messageIdHint == null || !HINT.matcher(messageIdHint).matches()) {
            throw new IllegalArgumentException(
                    "messageIdHint must be 1-50 letters, digits, '.', '_' or '-' (got '" + messageIdHint + "')");
        }
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(date, "date");

        String mixed = "=_bd_mixed_" + messageIdHint;
        String alternative = "=_bd_alt_" + messageIdHint;
        StringBuilder out = new StringBuilder(1024 + digest.text().length() * 2 + digest.html().length() * 2);
        header(out, "From", list.senderName() == null || from.contains("<") ? from
                : "\"" + list.senderName().replace("\\", "\\\\").replace("\"", "\\\"") + "\" <" + from + ">");
        addressList(out, "To", to);
        subject(out, digest.subject());
        header(out, "Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(date.atOffset(ZoneOffset.UTC)));
        header(out, "Message-ID", "<" + messageIdHint + "@" + domainOf(from) + ">");
        header(out, "MIME-Version", "1.0");
        header(out, DIGEST_ID_HEADER, messageIdHint);
        String subscription = digest.subscriptionId();
        if (subscription != null && LIST_NAME.matcher(subscription).matches()) {
            // RFC 2919: clients group and filter by it; RFC 2369: the unsubscribe reaches the operators by mail.
            header(out, "List-Id", "Bucket Digest " + subscription + " <" + subscription + ".bucket-digest."
                    + domainOf(from) + ">");
            String operators = list.unsubscribeAddress() != null ? list.unsubscribeAddress() : addressOf(from);
            header(out, "List-Unsubscribe", "<mailto:" + operators + "?subject=unsubscribe%20" + subscription + ">");
        }
        if (configurationSetOrNull != null) {
            header(out, CONFIGURATION_SET_HEADER, configurationSetOrNull);
        }
        header(out, "Content-Type", "multipart/mixed; boundary=\"" + mixed + "\"");
        out.append(CRLF).append("This is a multi-part message in MIME format.").append(CRLF);

        out.append(CRLF).append("--").append(mixed).append(CRLF);
        header(out, "Content-Type", "multipart/alternative; boundary=\"" + alternative + "\"");
        out.append(CRLF);
        out.append(CRLF).append("--").append(alternative).append(CRLF);
        textPart(out, "text/plain; charset=UTF-8", digest.text());
        out.append(CRLF).append("--").append(alternative).append(CRLF);
        textPart(out, "text/html; charset=UTF-8", digest.html());
        out.append(CRLF).append("--").append(alternative).append("--").append(CRLF);

        digest.attachment().ifPresent(attachment -> {
            requireHeaderSafe("attachment content type", attachment.contentType());
            out.append(CRLF).append("--").append(mixed).append(CRLF);
            header(out, "Content-Type",
                    attachment.contentType() + "; " + fileNameParameter("name", attachment.fileName()));
            header(out, "Content-Disposition", "attachment; " + fileNameParameter("filename", attachment.fileName()));
            header(out, "Content-Transfer-Encoding", "base64");
            out.append(CRLF);
            base64(out, attachment.content());
        });
        out.append(CRLF).append("--").append(mixed).append("--").append(CRLF);
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void textPart(StringBuilder out, String contentType, String text) {
        header(out, "Content-Type", contentType);
        header(out, "Content-Transfer-Encoding", "base64");
        out.append(CRLF);
        // Text parts are sent in canonical form: every line break is CRLF (RFC 2046 section 4.1.1).
        String canonical = text.replace("\r\n", "\n").replace('\r', '\n').replace("\n", CRLF);
        base64(out, canonical.getBytes(StandardCharsets.UTF_8));
    }

    private static void base64(StringBuilder out, byte[] content) {
        if (content.length > 0) {
            out.append(new String(BODY_ENCODER.encode(content), StandardCharsets.US_ASCII)).append(CRLF);
        }
    }

    /** Folds at spaces so that lines stay within 78 characters where the value allows it. */
    private static void header(StringBuilder out, String name, String value) {
        int lineLength = name.length() + 2;
        out.append(name).append(": ");
        String[] words = value.split(" ", -1);
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if (i > 0) {
                if (lineLength + 1 + word.length() > MAX_LINE && lineLength > 1) {
                    out.append(CRLF);
                    lineLength = 0;
                }
                out.append(' ');
                lineLength++;
            }
            out.append(word);
            lineLength += word.length();
        }
        out.append(CRLF);
    }

    private static void addressList(StringBuilder out, String name, List<String> addresses) {
        out.append(name).append(": ");
        int lineLength = name.length() + 2;
        for (int i = 0; i < addresses.size(); i++) {
            String address = addresses.get(i);
            if (i > 0) {
                out.append(',');
                lineLength++;
                if (lineLength + 1 + address.length() > MAX_LINE) {
                    out.append(CRLF);
                    lineLength = 0;
                }
                out.append(' ');
                lineLength++;
            }
            out.append(address);
            lineLength += address.length();
        }
        out.append(CRLF);
    }

    private static void subject(StringBuilder out, String subject) {
        String clean = subject.replaceAll("[\\r\\n\\t]+", " ");
        if (PRINTABLE_ASCII.matcher(clean).matches() && !clean.contains("=?")) {
            header(out, "Subject", clean);
            return;
        }
        out.append("Subject:");
        int i = 0;
        while (i < clean.length()) {
            int end = i;
            int bytes = 0;
            while (end < clean.length()) {
                int codePoint = clean.codePointAt(end);
                int size = utf8Length(codePoint);
                if (bytes + size > ENCODED_WORD_BYTES) {
                    break;
                }
                bytes += size;
                end += Character.charCount(codePoint);
            }
            if (i > 0) {
                out.append(CRLF);
            }
            byte[] chunk = clean.substring(i, end).getBytes(StandardCharsets.UTF_8);
            out.append(" =?UTF-8?B?").append(Base64.getEncoder().encodeToString(chunk)).append("?=");
            i = end;
        }
        out.append(CRLF);
    }

    private static int utf8Length(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        return codePoint < 0x10000 ? 3 : 4;
    }

    /** A quoted parameter for plain ASCII names, else the RFC 2231 form {@code name*=UTF-8''%XX}. */
    private static String fileNameParameter(String parameter, String fileName) {
        if (PRINTABLE_ASCII.matcher(fileName).matches() && fileName.indexOf('"') < 0 && fileName.indexOf('\\') < 0) {
            return parameter + "=\"" + fileName + "\"";
        }
        StringBuilder encoded = new StringBuilder(parameter).append("*=UTF-8''");
        for (byte b : fileName.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || ".-_".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return encoded.toString();
    }

    private static String addressOf(String from) {
        int open = from.lastIndexOf('<');
        int close = from.lastIndexOf('>');
        return open >= 0 && close > open ? from.substring(open + 1, close).trim() : from.trim();
    }

    private static String domainOf(String from) {
        int at = from.lastIndexOf('@');
        if (at < 0) {
            return "bucket-digest.invalid";
        }
        String domain = from.substring(at + 1).replace(">", "").trim();
        return domain.isEmpty() ? "bucket-digest.invalid" : domain;
    }

    private static void requireHeaderSafe(String what, String value) {
        if (value == null || value.isBlank() || !PRINTABLE_ASCII.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be non-blank printable ASCII without line breaks");
        }
    }
}
