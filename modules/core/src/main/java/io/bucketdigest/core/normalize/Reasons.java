package io.bucketdigest.core.normalize;

import java.util.Locale;

/**
 * Quotes a value from a hostile message for a rejection reason. Reasons travel as SQS message attributes (which refuse
 * most control characters) and into logs, so the value is cut short and every character outside printable ASCII that
 * could forge a line or reorder text is written as {@code \\uXXXX}.
 */
final class Reasons {

    /** Enough of a key or time to recognise it; a 1,025-byte key must not make a 1,025-byte reason. */
    static final int MAX_QUOTED_CHARS = 80;

    private Reasons() {}

    static String quote(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_QUOTED_CHARS) + 8).append('\'');
        int end = Math.min(value.length(), MAX_QUOTED_CHARS);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || isFormatOrSeparator(c)
                    || Character.isSurrogate(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        if (end < value.length()) {
            out.append("…");
        }
        return out.append('\'').toString();
    }

    /** Bidi controls, zero-width characters and the Unicode line/paragraph separators. */
    private static boolean isFormatOrSeparator(char c) {
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
