package io.bucketdigest.core.render;

/** HTML escaping for text content and double- or single-quoted attribute values. */
public final class Html {

    private Html() {}

    /**
     * Escapes {@code & < > " '}; other characters pass through (the document is UTF-8). Control characters are made
     * visible first (see {@link DisplayText#visible(String)}), since HTML cannot carry most of them.
     */
    public static String escape(String text) {
        String visible = DisplayText.visible(text);
        StringBuilder out = null;
        for (int i = 0; i < visible.length(); i++) {
            char c = visible.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(visible.length() + 16).append(visible, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? visible : out.toString();
    }
}
