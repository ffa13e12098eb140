package io.bucketdigest.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escape_replacesMarkupCharacters() {
        assertThat(Html.escape("a<b&\"c\".txt")).isEqualTo("a&lt;b&amp;&quot;c&quot;.txt");
        assertThat(Html.escape("it's <script>alert(1)</script>"))
                .isEqualTo("it&#39;s &lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void escape_keepsUnicodeAndPlainText() {
        assertThat(Html.escape("café ☃ 日本 😀")).isEqualTo("café ☃ 日本 😀");
        assertThat(Html.escape("")).isEmpty();
    }

    @Test
    void escape_alreadyEscapedText_isEscapedAgain() {
        assertThat(Html.escape("&amp;")).isEqualTo("&amp;amp;");
    }

    @Test
    void escape_controlAndBidiCharacters_becomeVisible() {
        assertThat(Html.escape("a\nb\u0000c\u202Ed")).isEqualTo("a\\u000Ab\\u0000c\\u202Ed");
    }
}
