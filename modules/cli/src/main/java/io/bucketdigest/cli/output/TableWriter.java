package io.bucketdigest.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes rows as an aligned text table no wider than the terminal: flexible columns shrink first (cut in the middle,
 * so both the start and the end of an object key stay visible), then the others; as a last resort lines are cut.
 */
public final class TableWriter {

    private static final String GAP = "  ";
    private static final String ELLIPSIS = "...";
    private static final int MIN_FLEXIBLE = 12;

    private TableWriter() {}

    public static <T> void write(PrintWriter out, List<Column<T>> allColumns, List<T> rows, int width) {
        List<Column<T>> columns = allColumns.stream().filter(Column::inTable).toList();
        int n = columns.size();
        List<String[]> cells = new ArrayList<>(rows.size());
        int[] widths = new int[n];
        for (int c = 0; c < n; c++) {
            widths[c] = columns.get(c).header().length();
        }
        for (T row : rows) {
            String[] line = new String[n];
            for (int c = 0; c < n; c++) {
                line[c] = columns.get(c).cell(row);
                widths[c] = Math.max(widths[c], line[c].length());
            }
            cells.add(line);
        }
        fit(columns, widths, width);
        String[] header = new String[n];
        for (int c = 0; c < n; c++) {
            header[c] = columns.get(c).header();
        }
        out.println(line(columns, widths, header, width));
        for (String[] line : cells) {
            out.println(line(columns, widths, line, width));
        }
        out.flush();
    }

    private static <T> void fit(List<Column<T>> columns, int[] widths, int width) {
        int excess = total(widths) - width;
        if (excess <= 0) {
            return;
        }
        excess = shrink(columns, widths, excess, true);
        if (excess > 0) {
            shrink(columns, widths, excess, false);
        }
    }

    /** Takes width from the widest eligible column first, one character at a time, down to each column's minimum. */
    private static <T> int shrink(List<Column<T>> columns, int[] widths, int excess, boolean flexibleOnly) {
        while (excess > 0) {
            int widest = -1;
            for (int c = 0; c < widths.length; c++) {
                Column<T> column = columns.get(c);
                if (flexibleOnly && !column.flexible()) {
                    continue;
                }
                int min = flexibleOnly ? Math.max(MIN_FLEXIBLE, Math.min(column.header().length(), MIN_FLEXIBLE))
                        : Math.max(4, column.header().length());
                if (widths[c] > min && (widest < 0 || widths[c] > widths[widest])) {
                    widest = c;
                }
            }
            if (widest < 0) {
                return excess;
            }
            widths[widest]--;
            excess--;
        }
        return 0;
    }

    private static int total(int[] widths) {
        int sum = GAP.length() * Math.max(0, widths.length - 1);
        for (int w : widths) {
            sum += w;
        }
        return sum;
    }

    private static <T> String line(List<Column<T>> columns, int[] widths, String[] cells, int width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                line.append(GAP);
            }
            String text = shorten(cells[c], widths[c]);
            boolean last = c == cells.length - 1;
            if (columns.get(c).rightAligned()) {
                line.append(" ".repeat(widths[c] - text.length())).append(text);
            } else if (last) {
                line.append(text);
            } else {
                line.append(text).append(" ".repeat(widths[c] - text.length()));
            }
        }
        String result = line.toString();
        if (result.length() > width) {
            result = result.substring(0, width);
        }
        return result.stripTrailing();
    }

    static String shorten(String text, int width) {
        if (text.length() <= width) {
            return text;
        }
        if (width <= ELLIPSIS.length()) {
            return text.substring(0, width);
        }
        int keep = width - ELLIPSIS.length();
        int head = (keep + 1) / 2;
        int tail = keep - head;
        return text.substring(0, head) + ELLIPSIS + text.substring(text.length() - tail);
    }
}
