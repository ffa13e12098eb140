package io.bucketdigest.mailreader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowsTest {

    @Test
    void parse_quotesDoubledQuotesAndNewlinesInFields_givesTheFields() {
        List<List<String>> rows = CsvRows.parse("a,\"b \"\"q\"\"\",\"line\r\nbreak\"\r\nx,,z\r\n");

        assertThat(rows).containsExactly(List.of("a", "b \"q\"", "line\r\nbreak"), List.of("x", "", "z"));
    }

    @Test
    void wordsOfColumn_readsTheNamedColumnWhereverItStands() {
        String csv = "bucket,event_ids,requesters\r\nb,e1 e2,x y\r\nb,,z\r\nb,e3,\r\n";

        assertThat(CsvRows.wordsOfColumn(csv, "event_ids")).containsExactly("e1", "e2", "e3");
        assertThatThrownBy(() -> CsvRows.wordsOfColumn(csv, "missing"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    }
}
