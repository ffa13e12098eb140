package io.bucketdigest.core.render;

import java.util.regex.Pattern;

/**
 * What every digest says about where it comes from, besides the sender address: the From display name, and where a
 * recipient's "unsubscribe" goes (a mailbox of the operators: only they can change a subscription).
 *
 * @param senderName         the From display name, printable ASCII, or null for a bare address
 * @param unsubscribeAddress the mailto: target of List-Unsubscribe, or null to use the sender address
 */
public record ListHeaders(String senderName, String unsubscribeAddress) {

    public static final ListHeaders NONE = new ListHeaders(null, null);
    public static final String DEFAULT_SENDER_NAME = "Bucket Digest";

    private static final Pattern NAME = Pattern.compile("[\\x20-\\x7E]{1,64}");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=^_`{|}~-]+@[A-Za-z0-9.-]+");

    public ListHeaders {
        if (senderName != null && (!NAME.matcher(senderName).matches() || senderName.isBlank())) {
            throw new IllegalArgumentException(
                    "sender name must be 1-64 printable ASCII characters (got '" + senderName + "')");
        }
        if (unsubscribeAddress != null && !ADDRESS.matcher(unsubscribeAddress).matches()) {
            throw new IllegalArgumentException(
                    "unsubscribe address must be a plain email address (got '" + unsubscribeAddress + "')");
        }
    }
}
