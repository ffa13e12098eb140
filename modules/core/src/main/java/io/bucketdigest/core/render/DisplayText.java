package io.bucketdigest.core.render;

import java.util.Locale;

/**
 * S3 keys may contain any character, including line breaks and bidirectional overrides that would let a key forge
 * lines in a text email or reorder what the reader sees. Bodies show such characters as {@code \\uXXXX}.
 */
public final class DisplayText {

    private DisplayText() {}

    public static String visible(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean hide = Character.isISOControl(c) || isBidiControl(c) || c == '\u2028' || c == '\u2029';
            if (hide && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (hide) {
                    out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F'
                || c == '\u061C';
    }
}
