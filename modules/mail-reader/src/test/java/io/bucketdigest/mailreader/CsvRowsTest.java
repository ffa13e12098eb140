package io.bucketdigest.mailreader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowsTest {

    @Test
    void parse_quotesDoubledQuotesAndNewlinesInFields_givesTheFields() {
        List<List<String>> rows = CsvRows.parse("a,\"b \"\"q\"\"\",\"line\r\nbreak\"\r\nx,,z\r\n");

        assertThat(rows).containsExactly(List.of("a", "b \"q\"", "line\r\nbreak"), List.of("x", "", "z"));
    }
}
