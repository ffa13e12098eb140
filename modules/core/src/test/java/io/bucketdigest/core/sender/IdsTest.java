package io.bucketdigest.core.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.digest.DigestId;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Digest ids and lease owners come from an injected generator: the same random state gives the same sequence (why
 * production must use SecureRandom, which Lambda reseeds after a SnapStart restore, and why the simulator can replay a
 * seed), and new ids carry 80 random bits while the old 32-bit ids are still read.
 */
class IdsTest {

    private static final Instant CREATED = Instant.parse("2026-03-02T10:15:30.123456Z");

    @Test
    void ids_twoGeneratorsWithTheSameRandomState_giveTheSameSequence() {
        // GIVEN two restored snapshots that share one random state
        Ids first = new Ids(new SplittableRandom(42));
        Ids second = new Ids(new SplittableRandom(42));

        // WHEN / THEN
        List<String> a = IntStream.range(0, 5).mapToObj(i -> first.newOwner() + "/" + first.newDigestId(CREATED))
                .toList();
        List<String> b = IntStream.range(0, 5).mapToObj(i -> second.newOwner() + "/" + second.newDigestId(CREATED))
                .toList();
        assertThat(a).isEqualTo(b).doesNotHaveDuplicates();
        assertThat(new Ids(new SplittableRandom(43)).newOwner()).isNotEqualTo(new Ids(new SplittableRandom(42))
                .newOwner());
    }

    @Test
    void secure_digestIdsAreEightyBitsAndOwnersAreUnique() {
        Ids ids = Ids.secure();
        Set<String> values = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            DigestId id = ids.newDigestId(CREATED);
            assertThat(id.value()).matches("d-20260302T101530Z-[0-9a-f]{20}");
            values.add(id.value());
        }
        assertThat(values).hasSize(1000);
        assertThat(ids.newOwner()).matches("[0-9a-f]{32}").isNotEqualTo(ids.newOwner());
    }

    @Test
    void newId_wholeSecondCreationTime_isStampedWithoutFraction() {
        DigestId id = DigestId.newId(Instant.parse("2026-03-02T10:15:00Z"), new SplittableRandom(1));
        assertThat(id.value()).startsWith("d-20260302T101500Z-").hasSize("d-20260302T101500Z-".length() + 20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"d-20260302T101530Z-0000abcd", "d-20260302T101530Z-0123456789abcdef0123"})
    void digestId_oldEightHexAndNewTwentyHexIds_areAccepted(String value) {
        assertThat(new DigestId(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "d-20260302T101530Z-0000abc",
        "d-20260302T101530Z-0123456789abcdef",
        "d-20260302T101530Z-0123456789abcdef01234",
        "d-20260302T101530Z-0000ABCD",
        "d-20260302T101530-0000abcd",
        "x-20260302T101530Z-0000abcd",
        ""})
    void digestId_otherShapes_areRejected(String value) {
        assertThatThrownBy(() -> new DigestId(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a digest id");
    }
}
