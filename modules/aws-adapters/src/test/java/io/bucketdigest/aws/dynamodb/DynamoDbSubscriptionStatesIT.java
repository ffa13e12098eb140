package io.bucketdigest.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.port.Lease;
import io.bucketdigest.core.port.LeaseLostException;
import io.bucketdigest.core.port.SubscriptionStates.State;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import io.bucketdigest.testing.SharedMoto;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The lease on the state item: idempotent for its own owner (an SDK retry of an acquire or release that took effect),
 * exclusive against others, and a release that clears firstPendingAt only when no arrival was noted since the caller
 * read arrivalSeq.
 */
class DynamoDbSubscriptionStatesIT {

    private static final String SUB = "photos";
    private static final Instant T1 = Instant.parse("2026-11-29T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-29T10:00:30Z");
    private static final Instant NOW = Instant.parse("2026-11-29T10:01:00Z");
    private static final Instant EXPIRES = NOW.plus(Duration.ofMinutes(5));

    private static AwsTestClients clients;

    private DynamoDbClient dynamoDb;
    private String table;
    private DynamoDbSubscriptionStates states;
    private DynamoDbArrivalLedger ledger;

    @BeforeAll
    static void startClients() {
        clients = new AwsTestClients(SharedMoto.get().endpoint());
    }

    @AfterAll
    static void closeClients() {
        clients.close();
    }

    @BeforeEach
    void createTable() {
        dynamoDb = clients.dynamoDb();
        table = HistoryTableFixture.create(dynamoDb, "states-" + UUID.randomUUID());
        states = new DynamoDbSubscriptionStates(dynamoDb, table);
        ledger = new DynamoDbArrivalLedger(dynamoDb, table);
    }

    private Map<String, AttributeValue> stateItem() {
        return dynamoDb.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("SUBSTATE#" + SUB), "sk", AttributeValue.fromS("STATE")))).item();
    }

    // ---- excludedCount ----

    @Test
    void noteArrivals_withExcludedCounts_addsThemInTheSameRequest_andReadReturnsTheSum() {
        // WHEN
        ledger.noteArrivals(Set.of(SUB), Map.of(SUB, 3L), T1);
        ledger.noteArrivals(Set.of(SUB), Map.of(SUB, 2L), T2);

        // THEN
        State state = states.read(SUB).orElseThrow();
        assertThat(state.excludedCount()).isEqualTo(5);
        assertThat(state.arrivalSeq()).isEqualTo(2);
        assertThat(stateItem().get("excludedCount").n()).isEqualTo("5");
    }

    @Test
    void noteArrivals_onlyExcluded_countsWithoutStartingAPendingPeriod_andAcquireStillWorks() {
        // WHEN
        ledger.noteArrivals(Set.of(), Map.of(SUB, 4L), T1);

        // THEN
        State state = states.read(SUB).orElseThrow();
        assertThat(state.excludedCount()).isEqualTo(4);
        assertThat(state.firstPendingAt()).isNull();
        assertThat(state.lastArrivalAt()).isNull();
        assertThat(state.arrivalSeq()).isZero();
        assertThat(states.acquire(SUB, "owner-1", NOW, EXPIRES)).isPresent();
    }

    @Test
    void subtractExcluded_keepsWhatWasAddedMeanwhile() {
        // GIVEN a digest read 5, then 2 more were counted before it was sent
        ledger.noteArrivals(Set.of(SUB), Map.of(SUB, 5L), T1);
        ledger.noteArrivals(Set.of(), Map.of(SUB, 2L), T2);

        // WHEN
        states.subtractExcluded(SUB, 5);

        // THEN
        assertThat(states.read(SUB).orElseThrow().excludedCount()).isEqualTo(2);
    }

    @Test
    void subtractExcluded_stateItemGone_createsNothing() {
        // WHEN
        states.subtractExcluded("deleted", 3);

        // THEN
        assertThat(states.read("deleted")).isEmpty();
    }

    // ---- arrivalSeq ----

    @Test
    void noteArrivals_storesAnArrivalSequenceStartingAtOneThatReadReturns() {
        // WHEN
        ledger.noteArrivals(Set.of(SUB), T1);

        // THEN
        assertThat(stateItem().get("arrivalSeq").n()).isEqualTo("1");
        assertThat(states.read(SUB).orElseThrow().arrivalSeq()).isEqualTo(1);

        // WHEN a second note
        ledger.noteArrivals(Set.of(SUB), T2);

        // THEN
        assertThat(stateItem().get("arrivalSeq").n()).isEqualTo("2");
        State state = states.read(SUB).orElseThrow();
        assertThat(state.arrivalSeq()).isEqualTo(2);
        assertThat(state.firstPendingAt()).isEqualTo(T1);
        assertThat(state.lastArrivalAt()).isEqualTo(T2);
    }

    // ---- acquire ----

    @Test
    void acquire_freeLease_isGrantedWithTheStoredState() {
        // GIVEN
        ledger.noteArrivals(Set.of(SUB), T1);

        // WHEN
        Optional<State> state = states.acquire(SUB, "sender-a", NOW, EXPIRES);

        // THEN
        assertThat(state).isPresent();
        assertThat(state.get().leaseOwner()).isEqualTo("sender-a");
        assertThat(state.get().leaseExpiresAt()).isEqualTo(EXPIRES);
        assertThat(state.get().firstPendingAt()).isEqualTo(T1);
        assertThat(state.get().arrivalSeq()).isEqualTo(1);
    }

    @Test
    void acquire_sameOwnerAgain_isGrantedAgain_anSdkRetryOfASuccessfulAcquireIsNotBusy() {
        // GIVEN
        ledger.noteArrivals(Set.of(SUB), T1);
        states.acquire(SUB, "sender-a", NOW, EXPIRES).orElseThrow();

        // WHEN the same request again (what an SDK retry after a lost answer sends)
        Optional<State> again = states.acquire(SUB, "sender-a", NOW, EXPIRES);

        // THEN
        assertThat(again).isPresent();
        assertThat(again.get().leaseOwner()).isEqualTo("sender-a");
    }

    @Test
    void acquire_anotherOwnerWhileHeld_isEmptyAndLeavesTheLease() {
        // GIVEN
        ledger.noteArrivals(Set.of(SUB), T1);
        states.acquire(SUB, "sender-a", NOW, EXPIRES).orElseThrow();

        // WHEN
        Optional<State> other = states.acquire(SUB, "sender-b", NOW.plusSeconds(10), EXPIRES.plusSeconds(10));

        // THEN
        assertThat(other).isEmpty();
        State state = states.read(SUB).orElseThrow();
        assertThat(state.leaseOwner()).isEqualTo("sender-a");
        assertThat(state.leaseExpiresAt()).isEqualTo(EXPIRES);
    }

    @Test
    void acquire_anotherOwnerAfterExpiry_isGranted() {
        // GIVEN
        ledger.noteArrivals(Set.of(SUB), T1);
        states.acquire(SUB, "sender-a", NOW, EXPIRES).orElseThrow();

        // WHEN
        Instant later = EXPIRES.plusMillis(1);
        Optional<State> other = states.acquire(SUB, "sender-b", later, later.plus(Duration.ofMinutes(5)));

        // THEN
        assertThat(other).isPresent();
        assertThat(other.get().leaseOwner()).isEqualTo("sender-b");
        assertThat(states.read(SUB).orElseThrow().leaseOwner()).isEqualTo("sender-b");
    }

    @Test
    void acquire_noStateItem_isEmptyAndCreatesNothing() {
        // WHEN
        Optional<State> state = states.acquire(SUB, "sender-a", NOW, EXPIRES);

        // THEN
        assertThat(state).isEmpty();
        assertThat(states.read(SUB)).isEmpty();
    }

    // ---- release ----

    @Test
    void release_repeatedBySameOwner_returnsTrueAgain_anSdkRetryOfAReleaseThatTookEffect() {
        // GIVEN
        ledger.noteArrivals(Set.of(SUB), T1);
        State held = states.acquire(SUB, "sender-a", NOW, EXPIRES).orElseThrow();
        Lease lease = new Lease(SUB, "sender-a", EXPIRES);
        assertThat(states.release(lease, Optional.empty(), held.arrivalSeq())).isTrue();

        // WHEN
        boolean again = states.release(lease, Optional.empty(), held.arrivalSeq());

        // THEN
        assertThat(again).isTrue();
        State state = states.read(SUB).orElseThrow();
        assertThat(state.leaseOwner()).isNull();
        assertThat(state.firstPendingAt()).isNull();
    }

    @Test
    void release_byAStranger_throwsLeaseLostAndLeavesTheLease() {
        // GIVEN
        ledger.noteArrivals(Set.of(SUB), T1);
        State held = states.acquire(SUB, "sender-a", NOW, EXPIRES).orElseThrow();

        // WHEN / THEN
        Lease stranger = new Lease(SUB, "sender-b", EXPIRES);
        assertThatThrownBy(() -> states.release(stranger, Optional.empty(), held.arrivalSeq()))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> states.release(stranger, Optional.of(T1), held.arrivalSeq()))
                .isInstanceOf(LeaseLostException.class);
        assertThat(states.read(SUB).orElseThrow().leaseOwner()).isEqualTo("sender-a");
    }

    @Test
    void release_afterAnotherOwnerTookOverAndReleased_throwsLeaseLost() {
        // GIVEN sender-a's lease expired, sender-b took it and released it
        ledger.noteArrivals(Set.of(SUB), T1);
        states.acquire(SUB, "sender-a", NOW, EXPIRES).orElseThrow();
        Instant later = EXPIRES.plusSeconds(1);
        State b = states.acquire(SUB, "sender-b", later, later.plusSeconds(300)).orElseThrow();
        assertThat(states.release(new Lease(SUB, "sender-b", later.plusSeconds(300)), Optional.empty(),
                b.arrivalSeq())).isTrue();

        // WHEN / THEN sender-a's late release is not mistaken for its own retry
        assertThatThrownBy(() -> states.release(new Lease(SUB, "sender-a", EXPIRES), Optional.empty(),
                b.arrivalSeq())).isInstanceOf(LeaseLostException.class);
    }

    @Test
    void release_nothingRemainingButAnArrivalNotedSince_returnsFalseAndKeepsLeaseAndFirstPending() {
        // GIVEN the sender read arrivalSeq 1, then a new arrival was noted
        ledger.noteArrivals(Set.of(SUB), T1);
        State held = states.acquire(SUB, "sender-a", NOW, EXPIRES).orElseThrow();
        ledger.noteArrivals(Set.of(SUB), T2);

        // WHEN
        boolean released = states.release(new Lease(SUB, "sender-a", EXPIRES), Optional.empty(), held.arrivalSeq());

        // THEN
        assertThat(released).isFalse();
        State state = states.read(SUB).orElseThrow();
        assertThat(state.leaseOwner()).isEqualTo("sender-a");
        assertThat(state.firstPendingAt()).isEqualTo(T1);
        assertThat(state.arrivalSeq()).isEqualTo(2);
    }

    @Test
    void release_nothingRemainingWithTheCurrentArrivalSeq_clearsFirstPendingAndTheLease() {
        // GIVEN
        ledger.noteArrivals(Set.of(SUB), T1);
        states.acquire(SUB, "sender-a", NOW, EXPIRES).orElseThrow();
        ledger.noteArrivals(Set.of(SUB), T2);
        long current = states.read(SUB).orElseThrow().arrivalSeq();

        // WHEN
        boolean released = states.release(new Lease(SUB, "sender-a", EXPIRES), Optional.empty(), current);

        // THEN
        assertThat(released).isTrue();
        State state = states.read(SUB).orElseThrow();
        assertThat(state.leaseOwner()).isNull();
        assertThat(state.leaseExpiresAt()).isNull();
        assertThat(state.firstPendingAt()).isNull();
        assertThat(state.lastArrivalAt()).isEqualTo(T2);
        assertThat(state.arrivalSeq()).isEqualTo(2);
    }

    @Test
    void release_withEntriesRemaining_setsFirstPendingToTheOldestWhateverArrivedSince() {
        // GIVEN
        ledger.noteArrivals(Set.of(SUB), T1);
        State held = states.acquire(SUB, "sender-a", NOW, EXPIRES).orElseThrow();
        ledger.noteArrivals(Set.of(SUB), T2);

        // WHEN
        boolean released = states.release(new Lease(SUB, "sender-a", EXPIRES), Optional.of(T2), held.arrivalSeq());

        // THEN
        assertThat(released).isTrue();
        State state = states.read(SUB).orElseThrow();
        assertThat(state.leaseOwner()).isNull();
        assertThat(state.firstPendingAt()).isEqualTo(T2);
    }
}
