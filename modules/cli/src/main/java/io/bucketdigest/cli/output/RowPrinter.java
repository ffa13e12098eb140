package io.bucketdigest.cli.output;

import io.bucketdigest.core.render.CsvWriter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Prints rows in the chosen format: JSON through Jackson (one object per line), table and CSV from one column list.
 * JSON and CSV stream (one line per row as it comes); the table waits for all rows to size its columns.
 */
public final class RowPrinter<T> {

    private final PrintWriter out;
    private final OutputFormat format;
    private final List<Column<T>> columns;
    private final Function<T, ?> json;
    private final int width;
    private final CsvWriter csv;
    private final List<T> buffered = new ArrayList<>();
    private boolean headerWritten;
    private int count;

    /** {@code json}: what Jackson writes for a row (a record whose components are the JSON fields). */
    public RowPrinter(PrintWriter out, OutputFormat format, List<Column<T>> columns, Function<T, ?> json, int width) {
        this.out = out;
        this.format = format;
        this.columns = columns;
        this.json = json;
        this.width = width;
        this.csv = new CsvWriter(out, "\n");
    }

    public void print(T row) {
        count++;
        switch (format) {
            case JSON -> Json.writeLine(out, json.apply(row));
            case CSV -> {
                header();
                csv.row(columns.stream().filter(Column::inCsv).map(c -> c.csvValue().apply(row)).toList());
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
            csv.row(columns.stream().filter(Column::inCsv).map(Column::csvHeader).toList());
            headerWritten = true;
        }
    }
}
