package io.bucketdigest.cli.output;

import io.bucketdigest.core.render.DigestCsv;
import java.io.PrintWriter;
import java.util.List;

/**
 * RFC 4180 CSV: a header row, CRLF-free lines ending in \n, fields quoted when they contain , " or a line break, and
 * every field neutralised against formula injection first ({@link DigestCsv#formulaSafe}: keys are attacker-chosen).
 */
public final class Csv {

    private Csv() {}

    public static <T> void writeHeader(PrintWriter out, List<Column<T>> columns) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            if (c > 0) {
                line.append(',');
            }
            line.append(quote(columns.get(c).header()));
        }
        out.println(line);
    }

    public static <T> void writeRow(PrintWriter out, List<Column<T>> columns, T row) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            if (c > 0) {
                line.append(',');
            }
            String value = columns.get(c).value().apply(row);
            line.append(quote(value == null ? "" : value));
        }
        out.println(line);
    }

    static String quote(String raw) {
        String value = DigestCsv.formulaSafe(raw);
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0
                && (value.isEmpty() || !Character.isWhitespace(value.charAt(0))
                        && !Character.isWhitespace(value.charAt(value.length() - 1)))) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
