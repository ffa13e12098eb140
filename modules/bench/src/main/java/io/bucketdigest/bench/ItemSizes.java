package io.bucketdigest.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB item sizes and capacity units by the published rules (developer guide, "DynamoDB item sizes and formats"
 * and "Read/write capacity"): strings count their UTF-8 bytes, numbers about one byte per two significant digits
 * plus one, lists and maps 3 bytes plus one byte per element, attribute names count too. A write unit covers 1 KB, a
 * read unit 4 KB (strongly consistent; eventually consistent reads cost half).
 */
public final class ItemSizes {

    private ItemSizes() {}

    public static int itemSize(Map<String, AttributeValue> item) {
        if (item == null) {
            return 0;
        }
        int size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += utf8(attribute.getKey()) + valueSize(attribute.getValue());
        }
        return size;
    }

    static int valueSize(AttributeValue value) {
        if (value == null) {
            return 0;
        }
        if (value.s() != null) {
            return utf8(value.s());
        }
        if (value.n() != null) {
            return numberSize(value.n());
        }
        if (value.b() != null) {
            return value.b().asByteArrayUnsafe().length;
        }
        if (value.bool() != null || Boolean.TRUE.equals(value.nul())) {
            return 1;
        }
        if (value.hasSs()) {
            return value.ss().stream().mapToInt(ItemSizes::utf8).sum();
        }
        if (value.hasNs()) {
            return value.ns().stream().mapToInt(ItemSizes::numberSize).sum();
        }
        if (value.hasBs()) {
            return value.bs().stream().mapToInt(b -> b.asByteArrayUnsafe().length).sum();
        }
        if (value.hasL()) {
            List<AttributeValue> list = value.l();
            return 3 + list.stream().mapToInt(v -> valueSize(v) + 1).sum();
        }
        if (value.hasM()) {
            Map<String, AttributeValue> map = value.m();
            return 3 + map.entrySet().stream().mapToInt(e -> utf8(e.getKey()) + valueSize(e.getValue()) + 1).sum();
        }
        return 0;
    }

    static int numberSize(String number) {
        String digits = new BigDecimal(number).abs().stripTrailingZeros().unscaledValue().toString();
        if (digits.equals("0")) {
            return 2;
        }
        return (digits.length() + 1) / 2 + 1;
    }

    public static int writeUnits(int bytes) {
        return Math.max(1, (bytes + 1023) / 1024);
    }

    public static double readUnits(int bytes, boolean consistent) {
        int units = Math.max(1, (bytes + 4095) / 4096);
        return consistent ? units : units / 2.0;
    }

    static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    static int bytes(SdkBytes bytes) {
        return bytes == null ? 0 : bytes.asByteArrayUnsafe().length;
    }
}
