package io.bucketdigest.cli.output;

import java.util.function.Function;

/**
 * One column of a table or CSV: its header, how to get the cell text from a row, and whether it may be shortened
 * (with "..." in the middle) to fit the terminal.
 */
public record Column<T>(String header, Function<T, String> value, boolean flexible, boolean rightAligned) {

    public static <T> Column<T> fixed(String header, Function<T, String> value) {
        return new Column<>(header, value, false, false);
    }

    public static <T> Column<T> number(String header, Function<T, String> value) {
        return new Column<>(header, value, false, true);
    }

    public static <T> Column<T> flexible(String header, Function<T, String> value) {
        return new Column<>(header, value, true, false);
    }

    String cell(T row) {
        String text = value.apply(row);
        return text == null ? "" : text.replaceAll("[\\t\\r\\n]+", " ");
    }
}
