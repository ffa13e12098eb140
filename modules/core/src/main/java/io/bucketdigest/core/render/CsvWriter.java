package io.bucketdigest.core.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * RFC 4180 CSV, the one writer for every CSV the project produces (the digest attachment, the CLI's listings).
 *
 * <p>Spreadsheets run a cell that starts with {@code = + - @}, TAB, CR or NUL as a formula, and S3 keys are chosen by
 * whoever uploads ({@code =HYPERLINK(...)} is a valid key). Such a field gets a leading single quote, which
 * spreadsheets show as text; a program reading the file must strip that quote to get the exact value back. The one
 * exception is a lone {@code -} (the CLI's "none"), which no spreadsheet evaluates. Every other character is kept
 * exactly, control characters included: the CSV is the one place a reader gets the real key. A field is quoted when it
 * holds a comma, a quote, CR or LF, or starts or ends with whitespace.
 */
public final class CsvWriter {

    /** OWASP's leading characters, plus NUL as OWASP ASVS 1.2.10 also lists it (S3 keys may start with one). */
    private static final String FORMULA_STARTS = "=+-@\t\r\0";

    private final Appendable out;
    private final String lineEnd;

    /** @param lineEnd "\r\n" for files others open (RFC 4180), "\n" for a terminal's lines */
    public CsvWriter(Appendable out, String lineEnd) {
        this.out = out;
        this.lineEnd = lineEnd;
    }

    /** One line: every value (null is an empty field) guarded, quoted where needed, joined by commas. */
    public void row(List<String> values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            appendField(line, values.get(i) == null ? "" : values.get(i));
        }
        try {
            out.append(line).append(lineEnd);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CSV", e);
        }
    }

    /** One field, neutralised against formula injection, then quoted if needed. */
    public static String field(String value) {
        return appendField(new StringBuilder(value.length() + 4), value).toString();
    }

    private static StringBuilder appendField(StringBuilder out, String value) {
        boolean formula = !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 && !value.equals("-");
        String text = formula ? "'" + value : value;
        boolean quote = !text.isEmpty()
                && (Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1)));
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            return out.append(text);
        }
        return out.append('"').append(text.replace("\"", "\"\"")).append('"');
    }
}
