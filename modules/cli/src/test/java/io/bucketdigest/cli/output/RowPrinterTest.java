package io.bucketdigest.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowPrinterTest {

    record Row(String key, Long size) {}

    private static final List<Column<Row>> COLUMNS = List.of(
            Column.<Row>flexible("KEY", Row::key).csv("key"),
            Column.<Row>number("SIZE", r -> Text.bytes(r.size())).csv("size", r -> String.valueOf(r.size())),
            Column.csvOnly("key_length", r -> Integer.toString(r.key().length())));

    private static String print(OutputFormat format, Row... rows) {
        StringWriter out = new StringWriter();
        RowPrinter<Row> printer = new RowPrinter<>(new PrintWriter(out), format, COLUMNS, row -> row, 80);
        for (Row row : rows) {
            printer.print(row);
        }
        printer.finish("nothing");
        return out.toString();
    }

    @Test
    void print_oneColumnList_servesTableAndCsvWithTheirOwnHeadersAndValues() {
        assertThat(print(OutputFormat.TABLE, new Row("a.txt", 1536L))).isEqualTo("""
                KEY       SIZE
                a.txt  1.5 KiB
                """);
        assertThat(print(OutputFormat.CSV, new Row("a.txt", 1536L))).isEqualTo("""
                key,size,key_length
                a.txt,1536,5
                """);
    }

    @Test
    void print_json_writesTheRowRecordThroughJackson() {
        assertThat(print(OutputFormat.JSON, new Row("a.txt", null))).isEqualTo("{\"key\":\"a.txt\",\"size\":null}\n");
    }

    @Test
    void print_csvWithHostileKeys_guardsFormulasAndQuotes() {
        String csv = print(OutputFormat.CSV, new Row("=HYPERLINK(\"http://x\")", 1L), new Row("+cmd", 2L),
                new Row("-1+1", 3L), new Row("@SUM(A1)", 4L), new Row("\t=1", 5L), new Row("a,b\nc", 6L));

        assertThat(csv).isEqualTo("""
                key,size,key_length
                "'=HYPERLINK(""http://x"")",1,22
                '+cmd,2,4
                '-1+1,3,4
                '@SUM(A1),4,8
                '\t=1,5,3
                "a,b
                c",6,5
                """);
    }

    @Test
    void finish_noRows_printsTheMessageForTheTableAndTheHeaderForCsv() {
        assertThat(print(OutputFormat.TABLE)).isEqualTo("nothing\n");
        assertThat(print(OutputFormat.CSV)).isEqualTo("key,size,key_length\n");
        assertThat(print(OutputFormat.JSON)).isEmpty();
    }
}
