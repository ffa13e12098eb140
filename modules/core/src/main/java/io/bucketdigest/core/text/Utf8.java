package io.bucketdigest.core.text;

/**
 * UTF-8 sizes without encoding: SQS and S3 limits and the mail size budget count bytes, Java strings count UTF-16
 * units, and keys may hold any character. An unpaired surrogate counts as the 3 bytes of its replacement character.
 */
public final class Utf8 {

    private Utf8() {}

    public static int length(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
