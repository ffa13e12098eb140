package io.bucketdigest.cli.output;

import java.util.function.Function;

/**
 * One column of a listing, for the table and for CSV. The table shows {@code header} and {@code value} (null header:
 * CSV only); CSV writes {@code csvHeader} and {@code csvValue} (null: table only), the raw value where the table
 * shows a human one. {@code flexible} columns may be shortened (with "..." in the middle) to fit the terminal.
 */
public record Column<T>(String header, Function<T, String> value, boolean flexible, boolean rightAligned,
        String csvHeader, Function<T, String> csvValue) {

    public static <T> Column<T> fixed(String header, Function<T, String> value) {
        return new Column<>(header, value, false, false, header, value);
    }

    public static <T> Column<T> number(String header, Function<T, String> value) {
        return new Column<>(header, value, false, true, header, value);
    }

    public static <T> Column<T> flexible(String header, Function<T, String> value) {
        return new Column<>(header, value, true, false, header, value);
    }

    /** A column only CSV writes. */
    public static <T> Column<T> csvOnly(String header, Function<T, String> value) {
        return new Column<>(null, null, false, false, header, value);
    }

    /** The same column, written to CSV under this header with this (raw) value. */
    public Column<T> csv(String header, Function<T, String> value) {
        return new Column<>(this.header, this.value, flexible, rightAligned, header, value);
    }

    /** The same column with CSV's own header and the table's value. */
    public Column<T> csv(String header) {
        return csv(header, value);
    }

    /** The same column, left out of CSV. */
    public Column<T> tableOnly() {
        return csv(null, null);
    }

    boolean inTable() {
        return header != null;
    }

    boolean inCsv() {
        return csvHeader != null;
    }

    String cell(T row) {
        String text = value.apply(row);
        return text == null ? "" : text.replaceAll("[\\t\\r\\n]+", " ");
    }
}
