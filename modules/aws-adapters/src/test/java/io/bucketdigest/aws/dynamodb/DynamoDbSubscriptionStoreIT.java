package io.bucketdigest.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import io.bucketdigest.testing.RequestCounter;
import io.bucketdigest.testing.SharedMoto;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DynamoDbSubscriptionStoreIT {

    private static final RequestCounter COUNTER = new RequestCounter();
    private static AwsTestClients clients;

    private DynamoDbClient dynamoDb;
    private String table;
    private DynamoDbSubscriptionStore store;

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
        table = HistoryTableFixture.create(dynamoDb, "subscriptions-" + UUID.randomUUID());
        store = new DynamoDbSubscriptionStore(dynamoDb, table);
        COUNTER.reset();
    }

    @Test
    void saveAndList_fullSubscription_roundTripsEveryField() {
        // GIVEN
        Subscription full = new Subscription("photos", List.of("a@example.com", "b@example.com"), "photos-prod",
                List.of("photos/", "raw/"), Set.of(EventKind.CREATED, EventKind.DELETE_MARKER),
                new DigestTiming(Duration.ofSeconds(30), Duration.ofMinutes(5), 500))
                .withExclusions(List.of("**/_temporary/**", "*.tmp", "_SUCCESS"));
        Subscription minimal = new Subscription("all", List.of("ops@example.com"), null, List.of(), Set.of(), null);

        // WHEN
        store.save(full);
        store.save(minimal);
        COUNTER.reset();
        List<Subscription> listed = store.list();

        // THEN
        assertThat(listed).containsExactlyInAnyOrder(full, minimal);
        assertThat(COUNTER.counts()).containsExactly(java.util.Map.entry("Query", 1L));
        assertThat(store.find("photos")).contains(full);
        assertThat(store.find("photos").orElseThrow().exclusionPatterns())
                .containsExactly("**/_temporary/**", "*.tmp", "_SUCCESS");
        assertThat(store.find("all").orElseThrow().exclusions()).isEmpty();
    }

    @Test
    void save_existingId_replacesIt() {
        // GIVEN
        store.save(new Subscription("s", List.of("a@example.com"), null, List.of(), Set.of(), null));
        Subscription replacement = new Subscription("s", List.of("b@example.com"), "b", List.of(), Set.of(), null);

        // WHEN
        store.save(replacement);

        // THEN
        assertThat(store.list()).containsExactly(replacement);
    }

    @Test
    void list_ignoresEveryOtherItemType() {
        // GIVEN events and state items in the same table
        new DynamoDbEventHistory(dynamoDb, table, Duration.ofDays(1)).record(List.of(TestEvents.recording(
                TestEvents.put("b", "k", TestEvents.T0), "m-1", "s")), TestEvents.T0);
        new DynamoDbArrivalLedger(dynamoDb, table).noteArrivals(Set.of("s"), TestEvents.T0);

        // WHEN / THEN
        assertThat(store.list()).isEmpty();
    }

    @Test
    void remove_existingAndUnknown_reportsWhetherSomethingWasRemoved() {
        // GIVEN
        store.save(new Subscription("s", List.of("a@example.com"), null, List.of(), Set.of(), null));

        // WHEN / THEN
        assertThat(store.remove("s")).isTrue();
        assertThat(store.remove("s")).isFalse();
        assertThat(store.find("s")).isEmpty();
    }

    @Test
    void list_tableMissing_isATransientFailureNamingTheTable() {
        DynamoDbSubscriptionStore missing = new DynamoDbSubscriptionStore(dynamoDb, "no-such-table");

        assertThatThrownBy(missing::list)
                .isInstanceOf(TransientFailureException.class)
                .hasMessage("cannot read subscriptions from table no-such-table");
    }
}
