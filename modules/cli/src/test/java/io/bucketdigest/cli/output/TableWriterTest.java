package io.bucketdigest.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableWriterTest {

    record Row(String time, String key, String size) {}

    private static final List<Column<Row>> COLUMNS = List.of(
            Column.fixed("TIME", Row::time),
            Column.flexible("KEY", Row::key),
            Column.number("SIZE", Row::size));

    private static List<String> render(List<Row> rows, int width) {
        StringWriter out = new StringWriter();
        TableWriter.write(new PrintWriter(out), COLUMNS, rows, width);
        return List.of(out.toString().split("\n"));
    }

    @Test
    void write_fits_alignsColumnsAndRightAlignsNumbers() {
        List<String> lines = render(List.of(new Row("10:00", "a.txt", "5 B"), new Row("10:01", "bb.txt", "10 KiB")),
                80);

        assertThat(lines).containsExactly(
                "TIME   KEY       SIZE",
                "10:00  a.txt      5 B",
                "10:01  bb.txt  10 KiB");
    }

    @Test
    void write_tooWide_shortensTheFlexibleColumnInTheMiddle() {
        String key = "photos/2026/11/29/very/deep/path/to/an/object/with/a/long/name.jpg";

        List<String> lines = render(List.of(new Row("2026-11-29T10:00:00Z", key, "1.2 MiB")), 50);

        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(50));
        assertThat(lines.get(1)).startsWith("2026-11-29T10:00:00Z  photos/").contains("...").contains("name.jpg")
                .endsWith("1.2 MiB");
    }

    @Test
    void write_veryNarrow_stillNeverExceedsTheWidth() {
        List<String> lines = render(List.of(new Row("2026-11-29T10:00:00Z", "k".repeat(100), "123456789 B")), 20);

        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(20));
    }

    @Test
    void shorten_keepsBothEnds() {
        assertThat(TableWriter.shorten("abcdefghijklmnop", 9)).isEqualTo("abc...nop");
        assertThat(TableWriter.shorten("short", 9)).isEqualTo("short");
    }
}
