package io.bucketdigest.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Prints rows in the chosen format. JSON and CSV stream (one line per row as it comes); the table waits for all rows
 * to size its columns.
 */
public final class RowPrinter<T> {

    private final PrintWriter out;
    private final OutputFormat format;
    private final List<Column<T>> columns;
    private final List<Column<T>> csvColumns;
    private final Function<T, Map<String, Object>> json;
    private final int width;
    private final List<T> buffered = new ArrayList<>();
    private boolean headerWritten;
    private int count;

    public RowPrinter(PrintWriter out, OutputFormat format, List<Column<T>> columns,
            Function<T, Map<String, Object>> json, int width) {
        this(out, format, columns, columns, json, width);
    }

    public RowPrinter(PrintWriter out, OutputFormat format, List<Column<T>> columns, List<Column<T>> csvColumns,
            Function<T, Map<String, Object>> json, int width) {
        this.out = out;
        this.format = format;
        this.columns = columns;
        this.csvColumns = csvColumns;
        this.json = json;
        this.width = width;
    }

    public void print(T row) {
        count++;
        switch (format) {
            case JSON -> Json.writeLine(out, json.apply(row));
            case CSV -> {
                header();
                Csv.writeRow(out, csvColumns, row);
            }
            case TABLE -> buffered.add(row);
        }
    }

    public int count() {
        return count;
    }

    /** Ends the output; {@code emptyMessage} is printed (table only) when there were no rows. */
    public void finish(String emptyMessage) {
        switch (format) {
            case CSV -> header();
            case TABLE -> {
                if (buffered.isEmpty()) {
                    out.println(emptyMessage);
                } else {
                    TableWriter.write(out, columns, buffered, width);
                }
            }
            case JSON -> { }
        }
        out.flush();
    }

    private void header() {
        if (!headerWritten) {
            Csv.writeHeader(out, csvColumns);
            headerWritten = true;
        }
    }
}
