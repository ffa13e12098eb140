package io.bucketdigest.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.port.ArrivalLedger.Arrivals;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import io.bucketdigest.testing.RequestCounter;
import io.bucketdigest.testing.SharedMoto;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbArrivalLedgerIT {

    private static final Instant T1 = Instant.parse("2026-11-29T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-29T10:00:30Z");

    private static final RequestCounter COUNTER = new RequestCounter();
    private static AwsTestClients clients;

    private DynamoDbClient dynamoDb;
    private String table;
    private DynamoDbArrivalLedger ledger;

    @BeforeAll
    static void startClients() {
        clients = new AwsTestClients(SharedMoto.get().endpoint(), COUNTER);
    }

    @AfterAll
    static void closeClients() {
        clients.close();
    }

    @BeforeEach
    void createTable() {
        dynamoDb = clients.dynamoDb();
        table = HistoryTableFixture.create(dynamoDb, "ledger-" + UUID.randomUUID());
        ledger = new DynamoDbArrivalLedger(dynamoDb, table);
        COUNTER.reset();
    }

    @Test
    void noteArrivals_firstArrival_setsFirstPendingAndLastArrivalOnTheStateItem() {
        // WHEN
        Map<String, Arrivals> states = ledger.noteArrivals(Set.of("default", "photos"), T1);

        // THEN
        assertThat(states).containsOnlyKeys("default", "photos");
        assertThat(states.get("default")).isEqualTo(new Arrivals(T1, T1));
        assertThat(COUNTER.counts()).containsExactly(Map.entry("UpdateItem", 2L));
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS("SUBSTATE#default"), "sk", AttributeValue.fromS("STATE")))).item();
        assertThat(item.get("type").s()).isEqualTo("STATE");
        assertThat(item.get("subscriptionId").s()).isEqualTo("default");
        assertThat(item.get("firstPendingAt").s()).isEqualTo("2026-11-29T10:00:00.000000Z");
        assertThat(item.get("lastArrivalAt").s()).isEqualTo("2026-11-29T10:00:00.000000Z");
    }

    @Test
    void noteArrivals_laterArrival_movesLastArrivalAndKeepsFirstPending() {
        // GIVEN
        ledger.noteArrivals(Set.of("default"), T1);

        // WHEN
        Map<String, Arrivals> states = ledger.noteArrivals(Set.of("default"), T2);

        // THEN
        assertThat(states.get("default")).isEqualTo(new Arrivals(T1, T2));
    }

    @Test
    void noteArrivals_olderArrivalFromASlowerBatch_isOneRequestThatStillCountsTheArrival() {
        // GIVEN a faster batch already noted T2
        ledger.noteArrivals(Set.of("default"), T2);
        COUNTER.reset();

        // WHEN a slower batch notes T1 < T2
        Map<String, Arrivals> states = ledger.noteArrivals(Set.of("default"), T1);

        // THEN one request: the sequence the sender's release compares moved, firstPendingAt stayed, and lastArrivalAt
        // holds the latest note (the quiet period then ends up to one clock skew sooner, never later)
        assertThat(states.get("default")).isEqualTo(new Arrivals(T2, T1));
        assertThat(COUNTER.count("UpdateItem")).isEqualTo(1);
        assertThat(stateItem().get("arrivalSeq").n()).isEqualTo("2");
    }

    @Test
    void noteArrivals_sameTimeTwice_stillIncrementsTheArrivalSequence() {
        // GIVEN
        ledger.noteArrivals(Set.of("default"), T1);

        // WHEN
        Map<String, Arrivals> states = ledger.noteArrivals(Set.of("default"), T1);

        // THEN
        assertThat(states.get("default")).isEqualTo(new Arrivals(T1, T1));
        assertThat(stateItem().get("arrivalSeq").n()).isEqualTo("2");
    }

    private Map<String, AttributeValue> stateItem() {
        return dynamoDb.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("SUBSTATE#default"), "sk", AttributeValue.fromS("STATE")))).item();
    }

    @Test
    void noteArrivals_afterTheDigestClearedFirstPending_startsANewPendingPeriod() {
        // GIVEN the digest stage removed firstPendingAt after sending
        ledger.noteArrivals(Set.of("default"), T1);
        dynamoDb.updateItem(b -> b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("SUBSTATE#default"), "sk", AttributeValue.fromS("STATE")))
                .updateExpression("REMOVE firstPendingAt"));

        // WHEN
        Map<String, Arrivals> states = ledger.noteArrivals(Set.of("default"), T2);

        // THEN
        assertThat(states.get("default")).isEqualTo(new Arrivals(T2, T2));
    }

    @Test
    void noteArrivals_tableMissing_isATransientFailure() {
        // GIVEN
        DynamoDbArrivalLedger missing = new DynamoDbArrivalLedger(dynamoDb, "no-such-table");

        // WHEN / THEN
        assertThatThrownBy(() -> missing.noteArrivals(Set.of("default"), T1))
                .isInstanceOf(TransientFailureException.class)
                .hasMessageContaining("default");
    }
}
