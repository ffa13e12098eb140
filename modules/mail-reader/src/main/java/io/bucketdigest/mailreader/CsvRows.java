package io.bucketdigest.mailreader;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 rows (quoted fields, doubled quotes, CRLF), enough to read the digest's CSV attachment back. */
public final class CsvRows {

    private CsvRows() {}

    /**
     * The words of one column, found by its header name, over every data row: the digest CSV's {@code event_ids}
     * holds each story's event ids separated by spaces. Reading by name keeps working when columns are added.
     */
    public static List<String> wordsOfColumn(String csv, String header) {
        List<List<String>> rows = parse(csv);
        int index = rows.isEmpty() ? -1 : rows.get(0).indexOf(header);
        if (index < 0) {
            throw new IllegalArgumentException("the CSV has no column " + header);
        }
        List<String> words = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            String value = index < row.size() ? row.get(index).trim() : "";
            if (!value.isEmpty()) {
                words.addAll(List.of(value.split(" +")));
            }
        }
        return words;
    }

    public static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
