package io.bucketdigest.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Counts SDK calls per stage and operation, and derives DynamoDB write and read units from the item sizes (the
 * emulator's ConsumedCapacity is a constant placeholder: moto answers 1.0 for any PutItem and any BatchWriteItem, and
 * nothing for TransactWriteItems). Sizes of items as stored are tracked in a shadow map from the writes seen; after an
 * UpdateItem or a transactional Update the item is read back (uncounted) to learn its new size.
 *
 * <p>Rules applied (DynamoDB developer guide): a write costs ceil(size / 1 KB) units of the larger of the old and new
 * item; a delete costs the deleted item's size; a failed conditional write still costs the existing item's size (at
 * least 1); every write to an item that is (or was) in the ALL-projected GSI costs the same again for the index; a
 * TransactWriteItems action costs twice (ConditionCheck included; the index write of a transactional action is counted
 * at the same 2x); reads cost ceil(size / 4 KB) per item for GetItem and BatchGetItem (at least 1 per key, missing
 * keys included) and ceil(total / 4 KB) for a Query, halved when eventually consistent.
 */
public final class RequestLedger {

    public static final RequestLedger INSTANCE = new RequestLedger();

    /** Calls made while a stage is NOT_COUNTED (the harness setting up or inspecting) are ignored. */
    public static final String NOT_COUNTED = "-";

    private static final String GSI_PK = "gsi1pk";

    private volatile String stage = NOT_COUNTED;
    private final ThreadLocal<Boolean> reading = ThreadLocal.withInitial(() -> false);
    private final Map<String, Map<String, Long>> calls = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Double>> writeUnits = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Double>> readUnits = new ConcurrentHashMap<>();
    private final Map<String, Double> reportedCapacity = new ConcurrentHashMap<>();
    private final Map<String, Long> sqsMessages = new ConcurrentHashMap<>();
    private final Map<String, Long> itemsRead = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Long>> itemsReadByOperation = new ConcurrentHashMap<>();
    private final Map<String, List<byte[]>> sentMail = new ConcurrentHashMap<>();
    private final Map<String, Long> sesRecipients = new ConcurrentHashMap<>();
    private final Map<String, Long> sesBytes = new ConcurrentHashMap<>();
    private final Map<String, Stored> shadow = new ConcurrentHashMap<>();
    private volatile DynamoDbClient reader;

    private record Stored(int size, boolean indexed) {}

    private RequestLedger() {}

    public void stage(String name) {
        this.stage = name;
    }

    /** The client used to read items back after updates; its own calls are never counted. */
    public void reader(DynamoDbClient client) {
        this.reader = client;
    }

    public void reset() {
        calls.clear();
        writeUnits.clear();
        readUnits.clear();
        reportedCapacity.clear();
        sqsMessages.clear();
        itemsRead.clear();
        itemsReadByOperation.clear();
        sentMail.clear();
        sesRecipients.clear();
        sesBytes.clear();
        shadow.clear();
    }

    void succeeded(String name, SdkRequest request, SdkResponse response) {
        if (skip()) {
            return;
        }
        String current = stage;
        count(calls, current, name, 1L);
        reportedCapacity.merge(current, reported(response), Double::sum);
        try {
            reading.set(true);
            account(current, name, request, response);
        } finally {
            reading.set(false);
        }
    }

    void failed(String name, SdkRequest request, Throwable error) {
        if (skip()) {
            return;
        }
        String current = stage;
        count(calls, current, name + " (failed)", 1L);
        if (error instanceof ConditionalCheckFailedException && request instanceof PutItemRequest put) {
            Stored old = shadow.get(key(put.tableName(), put.item()));
            add(writeUnits, current, name + " (failed)", ItemSizes.writeUnits(old == null ? 1 : old.size()));
        } else if (error instanceof ConditionalCheckFailedException && request instanceof UpdateItemRequest update) {
            Stored old = shadow.get(key(update.tableName(), update.key()));
            add(writeUnits, current, name + " (failed)", ItemSizes.writeUnits(old == null ? 1 : old.size()));
        }
    }

    private boolean skip() {
        return NOT_COUNTED.equals(stage) || reading.get();
    }

    private void account(String stage, String name, SdkRequest request, SdkResponse response) {
        if (request instanceof PutItemRequest put) {
            add(writeUnits, stage, name, put(put.tableName(), put.item(), 1));
        } else if (request instanceof BatchWriteItemRequest batch) {
            BatchWriteItemResponse result = (BatchWriteItemResponse) response;
            int unprocessed = result.hasUnprocessedItems()
                    ? result.unprocessedItems().values().stream().mapToInt(List::size).sum() : 0;
            if (unprocessed > 0) {
                count(calls, stage, name + " unprocessed items", (long) unprocessed);
            }
            double units = 0;
            for (Map.Entry<String, List<WriteRequest>> table : batch.requestItems().entrySet()) {
                for (WriteRequest write : table.getValue()) {
                    if (write.putRequest() != null) {
                        units += put(table.getKey(), write.putRequest().item(), 1);
                    } else if (write.deleteRequest() != null) {
                        units += delete(table.getKey(), write.deleteRequest().key(), 1);
                    }
                }
            }
            add(writeUnits, stage, name, units);
        } else if (request instanceof DeleteItemRequest delete) {
            add(writeUnits, stage, name, delete(delete.tableName(), delete.key(), 1));
        } else if (request instanceof UpdateItemRequest update) {
            add(writeUnits, stage, name, update(update.tableName(), update.key(), 1));
        } else if (request instanceof TransactWriteItemsRequest transact) {
            double units = 0;
            for (TransactWriteItem action : transact.transactItems()) {
                if (action.put() != null) {
                    units += put(action.put().tableName(), action.put().item(), 2);
                } else if (action.update() != null) {
                    units += update(action.update().tableName(), action.update().key(), 2);
                } else if (action.delete() != null) {
                    units += delete(action.delete().tableName(), action.delete().key(), 2);
                } else if (action.conditionCheck() != null) {
                    Stored checked = shadow.get(key(action.conditionCheck().tableName(), action.conditionCheck().key()));
                    units += 2 * ItemSizes.writeUnits(checked == null ? 1 : checked.size());
                }
            }
            add(writeUnits, stage, name, units);
        } else if (request instanceof GetItemRequest get) {
            GetItemResponse result = (GetItemResponse) response;
            int size = result.hasItem() ? ItemSizes.itemSize(result.item()) : 0;
            countRead(stage, name, result.hasItem() ? 1L : 0L);
            add(readUnits, stage, name, ItemSizes.readUnits(size, Boolean.TRUE.equals(get.consistentRead())));
        } else if (request instanceof QueryRequest query) {
            QueryResponse result = (QueryResponse) response;
            int total = result.items().stream().mapToInt(ItemSizes::itemSize).sum();
            countRead(stage, name, result.items().size());
            add(readUnits, stage, name, ItemSizes.readUnits(total, Boolean.TRUE.equals(query.consistentRead())));
        } else if (request instanceof BatchGetItemRequest batchGet) {
            BatchGetItemResponse result = (BatchGetItemResponse) response;
            countRead(stage, name, result.hasResponses()
                    ? result.responses().values().stream().mapToLong(List::size).sum() : 0L);
            double units = 0;
            for (Map.Entry<String, KeysAndAttributes> table : batchGet.requestItems().entrySet()) {
                boolean consistent = Boolean.TRUE.equals(table.getValue().consistentRead());
                for (Map<String, AttributeValue> key : table.getValue().keys()) {
                    Stored stored = shadow.get(key(table.getKey(), key));
                    units += ItemSizes.readUnits(stored == null ? 0 : stored.size(), consistent);
                }
            }
            int unprocessed = result.hasUnprocessedKeys()
                    ? result.unprocessedKeys().values().stream().mapToInt(k -> k.keys().size()).sum() : 0;
            if (unprocessed > 0) {
                count(calls, stage, name + " unprocessed keys", (long) unprocessed);
            }
            add(readUnits, stage, name, units);
        } else if (request instanceof SendMessageBatchRequest batch) {
            sqsMessages.merge(stage, (long) batch.entries().size(), Long::sum);
        } else if (request instanceof SendMessageRequest) {
            sqsMessages.merge(stage, 1L, Long::sum);
        } else if (request instanceof SendEmailRequest email) {
            long recipients = email.destination() == null ? 0
                    : email.destination().toAddresses().size() + email.destination().ccAddresses().size()
                            + email.destination().bccAddresses().size();
            sesRecipients.merge(stage, recipients, Long::sum);
            long bytes = email.content() != null && email.content().raw() != null
                    ? ItemSizes.bytes(email.content().raw().data()) : 0;
            sesBytes.merge(stage, bytes, Long::sum);
            if (bytes > 0) {
                sentMail.computeIfAbsent(stage, s -> new java.util.concurrent.CopyOnWriteArrayList<>())
                        .add(email.content().raw().data().asByteArray());
            }
        }
    }

    private double put(String table, Map<String, AttributeValue> item, int factor) {
        String key = key(table, item);
        Stored old = shadow.get(key);
        int size = ItemSizes.itemSize(item);
        boolean indexed = item.containsKey(GSI_PK);
        double units = ItemSizes.writeUnits(Math.max(size, old == null ? 0 : old.size()));
        if (indexed || (old != null && old.indexed())) {
            units += ItemSizes.writeUnits(size);
        }
        shadow.put(key, new Stored(size, indexed));
        return factor * units;
    }

    private double delete(String table, Map<String, AttributeValue> keyAttributes, int factor) {
        Stored old = shadow.remove(key(table, keyAttributes));
        if (old == null) {
            return factor;
        }
        double units = ItemSizes.writeUnits(old.size());
        if (old.indexed()) {
            units += ItemSizes.writeUnits(old.size());
        }
        return factor * units;
    }

    private double update(String table, Map<String, AttributeValue> keyAttributes, int factor) {
        String key = key(table, keyAttributes);
        Stored old = shadow.get(key);
        Map<String, AttributeValue> now = readBack(table, keyAttributes);
        int size = now == null ? 0 : ItemSizes.itemSize(now);
        boolean indexed = now != null && now.containsKey(GSI_PK);
        double units = ItemSizes.writeUnits(Math.max(size, old == null ? 0 : old.size()));
        if (indexed || (old != null && old.indexed())) {
            units += ItemSizes.writeUnits(size);
        }
        if (now != null) {
            shadow.put(key, new Stored(size, indexed));
        }
        return factor * units;
    }

    private Map<String, AttributeValue> readBack(String table, Map<String, AttributeValue> keyAttributes) {
        DynamoDbClient client = reader;
        if (client == null) {
            return null;
        }
        GetItemResponse response = client.getItem(b -> b.tableName(table).key(keyAttributes).consistentRead(true));
        return response.hasItem() ? response.item() : null;
    }

    private static String key(String table, Map<String, AttributeValue> item) {
        AttributeValue pk = item.get("pk");
        AttributeValue sk = item.get("sk");
        return table + "\u0000" + (pk == null ? "" : pk.s()) + "\u0000" + (sk == null ? "" : sk.s());
    }

    private static double reported(SdkResponse response) {
        if (response == null) {
            return 0;
        }
        Object value = response.getValueForField("ConsumedCapacity", Object.class).orElse(null);
        if (value instanceof ConsumedCapacity single) {
            return single.capacityUnits() == null ? 0 : single.capacityUnits();
        }
        if (value instanceof List<?> list) {
            return list.stream().filter(ConsumedCapacity.class::isInstance).map(ConsumedCapacity.class::cast)
                    .mapToDouble(c -> c.capacityUnits() == null ? 0 : c.capacityUnits()).sum();
        }
        return 0;
    }

    private static void count(Map<String, Map<String, Long>> map, String stage, String name, Long n) {
        map.computeIfAbsent(stage, s -> new ConcurrentHashMap<>()).merge(name, n, Long::sum);
    }

    private void countRead(String stage, String operation, long items) {
        itemsRead.merge(stage, items, Long::sum);
        itemsReadByOperation.computeIfAbsent(stage, s -> new ConcurrentHashMap<>()).merge(operation, items, Long::sum);
    }

    private static void add(Map<String, Map<String, Double>> map, String stage, String name, double units) {
        map.computeIfAbsent(stage, s -> new ConcurrentHashMap<>()).merge(name, units, Double::sum);
    }

    public Map<String, Long> calls(String stage) {
        return new TreeMap<>(calls.getOrDefault(stage, Map.of()));
    }

    public Map<String, Double> writeUnits(String stage) {
        return new TreeMap<>(writeUnits.getOrDefault(stage, Map.of()));
    }

    public Map<String, Double> readUnits(String stage) {
        return new TreeMap<>(readUnits.getOrDefault(stage, Map.of()));
    }

    public double totalWriteUnits(String stage) {
        return writeUnits(stage).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public double totalReadUnits(String stage) {
        return readUnits(stage).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public double reportedCapacity(String stage) {
        return reportedCapacity.getOrDefault(stage, 0.0);
    }

    public long sqsMessagesSent(String stage) {
        return sqsMessages.getOrDefault(stage, 0L);
    }

    /** Items returned by GetItem, Query and BatchGetItem (what the read amplification divides). */
    public long itemsRead(String stage) {
        return itemsRead.getOrDefault(stage, 0L);
    }

    /** {@link #itemsRead} by operation ("DynamoDb:Query", ...). */
    public Map<String, Long> itemsReadByOperation(String stage) {
        return new TreeMap<>(itemsReadByOperation.getOrDefault(stage, Map.of()));
    }

    /** The raw MIME of every SendEmail made in the stage (what the recipients got). */
    public List<byte[]> sentMail(String stage) {
        return List.copyOf(sentMail.getOrDefault(stage, List.of()));
    }

    public long sesRecipients(String stage) {
        return sesRecipients.getOrDefault(stage, 0L);
    }

    public long sesBytes(String stage) {
        return sesBytes.getOrDefault(stage, 0L);
    }
}
