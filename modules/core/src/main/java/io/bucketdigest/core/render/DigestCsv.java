package io.bucketdigest.core.render;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.ObjectStory;
import io.bucketdigest.core.event.ObjectEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Every story of a digest as RFC 4180 CSV (CRLF line ends, UTF-8, one header row).
 *
 * <p>Spreadsheets run a cell that starts with {@code = + - @} (or tab/CR) as a formula, and an S3 key is attacker
 * controlled. Such fields get a leading single quote, which spreadsheets show as text; a program reading the file must
 * strip that quote to get the exact key back. Keys keep every other character exactly, control characters included:
 * the CSV is the one place a reader gets the real key.
 */
public final class DigestCsv {

    /** OWASP's leading characters, plus NUL as OWASP ASVS 1.2.10 also lists it (S3 keys may start with one). */
    private static final String FORMULA_STARTS = "=+-@\t\r\0";

    public static final String CONTENT_TYPE = "text/csv; charset=UTF-8";
    static final String HEADER =
            "bucket,key,story,outcome,events,final_size_bytes,first_event_time,last_event_time,event_ids";

    private DigestCsv() {}

    public static String fileName(DigestId id) {
        return "digest-" + id.value() + ".csv";
    }

    public static RenderedDigest.Attachment attachment(Digest digest) {
        return new RenderedDigest.Attachment(
                fileName(digest.id()), CONTENT_TYPE, render(digest).getBytes(StandardCharsets.UTF_8));
    }

    public static String render(Digest digest) {
        StringBuilder out = new StringBuilder(HEADER.length() + 2 + digest.stories().size() * 160);
        out.append(HEADER).append("\r\n");
        for (ObjectStory story : digest.stories()) {
            Instant first = null;
            Instant last = null;
            StringBuilder ids = new StringBuilder(story.events().size() * 33);
            for (ObjectEvent event : story.events()) {
                first = first == null || event.eventTime().isBefore(first) ? event.eventTime() : first;
                last = last == null || event.eventTime().isAfter(last) ? event.eventTime() : last;
                if (ids.length() > 0) {
                    ids.append(' ');
                }
                ids.append(event.id().value());
            }
            appendField(out, story.bucket()).append(',');
            appendField(out, story.key()).append(',');
            appendField(out, story.story()).append(',');
            appendField(out, story.outcome().name()).append(',');
            out.append(story.events().size()).append(',');
            out.append(story.finalSize() == null ? "" : story.finalSize().toString()).append(',');
            appendField(out, first == null ? "" : first.toString()).append(',');
            appendField(out, last == null ? "" : last.toString()).append(',');
            appendField(out, ids.toString()).append("\r\n");
        }
        return out.toString();
    }

    /**
     * A spreadsheet opening a CSV runs a cell that starts with {@code = + - @}, TAB, CR or NUL as a formula, and S3 keys
     * are chosen by whoever uploads: such a value gets a leading {@code '}, which makes it text. Every CSV the project
     * writes goes through this (the CLI's included). A number and a lone "-" (the CLI's "none") are left alone: a
     * spreadsheet reads them as what they are.
     */
    public static String formulaSafe(String value) {
        if (value.isEmpty() || FORMULA_STARTS.indexOf(value.charAt(0)) < 0 || value.equals("-")
                || value.matches("[-+]?[0-9]+(\\.[0-9]+)?")) {
            return value;
        }
        return "'" + value;
    }

    /** One field, neutralised against formula injection, then quoted if it holds a comma, quote, CR or LF. */
    static String field(String value) {
        return appendField(new StringBuilder(value.length() + 4), value).toString();
    }

    private static StringBuilder appendField(StringBuilder out, String value) {
        boolean formula = !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0;
        String text = formula ? "'" + value : value;
        boolean quote = false;
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            return out.append(text);
        }
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        return out.append('"');
    }
}
