package io.bucketdigest.aws.dynamodb;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An upper bound of an item's DynamoDB size (the size write units are charged on): attribute names and string values
 * in UTF-8 bytes, numbers at most 21 bytes, sets as the sum of their members.
 */
final class ItemSize {

    private ItemSize() {}

    static int upperBoundBytes(Map<String, AttributeValue> item) {
        int size = 0;
        for (Map.Entry<String, AttributeValue> entry : item.entrySet()) {
            size += utf8(entry.getKey()) + valueBytes(entry.getValue());
        }
        return size;
    }

    /** Write units per (non-transactional) write of this item: one per started kilobyte. */
    static int kilobytes(Map<String, AttributeValue> item) {
        return (upperBoundBytes(item) + 1023) / 1024;
    }

    private static int valueBytes(AttributeValue value) {
        if (value.s() != null) {
            return utf8(value.s());
        }
        if (value.n() != null) {
            return 21;
        }
        if (value.hasSs()) {
            return value.ss().stream().mapToInt(ItemSize::utf8).sum();
        }
        if (value.hasL()) {
            return 3 + value.l().stream().mapToInt(v -> 1 + valueBytes(v)).sum();
        }
        if (value.bool() != null) {
            return 1;
        }
        throw new IllegalArgumentException("unexpected attribute type " + value.type());
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
