package io.bucketdigest.core.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.digest.BurstPart;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Schedule;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Fixed schedules and bursts spread over several digests, on the in-memory store: when a scheduled digest goes out,
 * how max entries and the max delay cut a burst into parts, and how each part says so.
 */
class ScheduleAndPartsTest {

    private static final String SUB = Subscription.DEFAULT_ID;
    /** DigestWorld's clock starts at 2026-03-02T10:00Z; the next 09:00 in Berlin (UTC+1 in March) is this. */
    static final Instant NEXT_BERLIN_NINE = Instant.parse("2026-03-03T08:00:00Z");

    static Subscription daily(int maxEntries) {
        return new Subscription(SUB, List.of("ops@example.com"), null, List.of(), Set.of(),
                new DigestTiming(null, null, maxEntries, Schedule.parse("daily 09:00")), ZoneId.of("Europe/Berlin"));
    }

    @Test
    void daily_nothingGoesOutBeforeTheSlot_everythingGoesOutAtIt() {
        DigestWorld world = new DigestWorld();
        world.subscribe(daily(10_000));
        world.upload(DigestWorld.keys(1, 5));
        world.clock.advance(Duration.ofHours(3));
        world.upload(DigestWorld.keys(10, 3));

        world.runUntilIdle(world.sender());

        assertThat(world.mailer.accepted()).singleElement().satisfies(mail -> {
            assertThat(mail.keys()).hasSize(8);
            assertThat(mail.parts().text()).contains("Its digests go out daily at 09:00 (Europe/Berlin).")
                    .doesNotContain("Part ");
        });
        DigestRecord record = world.store.records().get(0);
        assertThat(record.createdAt()).isAfterOrEqualTo(NEXT_BERLIN_NINE)
                .isBefore(NEXT_BERLIN_NINE.plus(Duration.ofMinutes(15)));
        assertThat(record.part()).isEqualTo(BurstPart.WHOLE);
        Guarantees.assertHeld(world);
    }

    @Test
    void daily_withMaxEntries_sendsEveryPartAtTheSlot_numberedAndLinked() {
        DigestWorld world = new DigestWorld();
        world.subscribe(daily(10));
        world.upload(DigestWorld.keys(1, 25));

        world.runUntilIdle(world.sender());

        List<DigestRecord> records = byCreation(world);
        assertThat(records).extracting(DigestRecord::entryCount).containsExactly(10, 10, 5);
        assertThat(records).allSatisfy(r -> assertThat(r.createdAt()).isAfterOrEqualTo(NEXT_BERLIN_NINE)
                .isBefore(NEXT_BERLIN_NINE.plus(Duration.ofMinutes(1))));
        assertThat(records).extracting(r -> r.part().number()).containsExactly(1, 2, 3);
        assertThat(records).extracting(r -> r.part().cut())
                .containsExactly(BurstPart.Cut.MAX_ENTRIES, BurstPart.Cut.MAX_ENTRIES, BurstPart.Cut.NONE);
        assertThat(records.get(1).part().previous()).isEqualTo(records.get(0).id());
        assertThat(records.get(2).part().previous()).isEqualTo(records.get(1).id());
        assertThat(world.sent()).extracting(SendOutcome.Sent::subject).containsExactly(
                "10 objects created in my-bucket (part 1, more follows)",
                "10 objects created in my-bucket (part 2, more follows)",
                "5 objects created in my-bucket (part 3)");
        assertThat(world.mailer.accepted().get(1).parts().text())
                .contains("Part 2 of a burst, continuing digest " + records.get(0).id().value() + " of 2026-03-03 "
                        + "09:00:00 Europe/Berlin. More follows: more objects are pending than one digest holds");
        assertThat(world.mailer.accepted().get(2).parts().html()).contains("This part ends it.");
        Guarantees.assertHeld(world);
    }

    @Test
    void daily_eventsAfterTheSlot_waitForTheNextDay_andStartANewBurst() {
        DigestWorld world = new DigestWorld();
        world.subscribe(daily(10));
        world.upload(DigestWorld.keys(1, 12));
        world.runUntilIdle(world.sender());
        world.clock.advance(Duration.ofHours(1));
        world.upload(DigestWorld.keys(100, 2));

        world.runUntilIdle(world.sender());

        List<DigestRecord> records = byCreation(world);
        assertThat(records).extracting(DigestRecord::entryCount).containsExactly(10, 2, 2);
        assertThat(records.get(2).createdAt()).isAfterOrEqualTo(NEXT_BERLIN_NINE.plus(Duration.ofDays(1)));
        assertThat(records.get(2).part()).as("a day later is not the same burst").isEqualTo(BurstPart.WHOLE);
        Guarantees.assertHeld(world);
    }

    @Test
    void burstMode_maxEntries_cutsIntoParts_theLastOneEndsIt() {
        DigestWorld world = new DigestWorld(new DigestTiming(Duration.ofSeconds(60), Duration.ofMinutes(15), 10));
        world.upload(DigestWorld.keys(1, 15));
        world.clock.advance(Duration.ofSeconds(60));

        world.runUntilIdle(world.sender());

        List<DigestRecord> records = byCreation(world);
        assertThat(records).extracting(r -> r.part().number()).containsExactly(1, 2);
        assertThat(world.sent()).extracting(SendOutcome.Sent::subject).containsExactly(
                "10 objects created in my-bucket (part 1, more follows)", "5 objects created in my-bucket (part 2)");
        Guarantees.assertHeld(world);
    }

    @Test
    void burstMode_maxDelay_whileObjectsKeepArriving_saysMoreFollows_andTheNextPartRefersBack() {
        DigestWorld world = new DigestWorld(new DigestTiming(Duration.ofSeconds(60), Duration.ofMinutes(5), 10_000));
        // One object every 30 s for 8 minutes: the quiet period never passes, the max delay cuts the burst.
        for (int i = 0; i < 16; i++) {
            world.upload(DigestWorld.keys(i, 1));
            world.clock.advance(Duration.ofSeconds(30));
            world.deliverVisible(world.sender());
        }
        world.runUntilIdle(world.sender());

        List<DigestRecord> records = byCreation(world);
        assertThat(records).hasSizeGreaterThanOrEqualTo(2);
        assertThat(records.get(0).part().cut()).isEqualTo(BurstPart.Cut.MAX_DELAY);
        assertThat(records.get(1).part().number()).isEqualTo(2);
        assertThat(records.get(1).part().previous()).isEqualTo(records.get(0).id());
        assertThat(world.mailer.accepted().get(0).parts().text())
                .contains("More follows: objects were still arriving when the maximum delay ran out");
        assertThat(records.get(records.size() - 1).part().cut()).isEqualTo(BurstPart.Cut.NONE);
        Guarantees.assertHeld(world);
    }

    @Test
    void burstMode_aDigestAfterAQuietGap_isNotAPart() {
        DigestWorld world = new DigestWorld(new DigestTiming(Duration.ofSeconds(60), Duration.ofMinutes(15), 10));
        world.upload(DigestWorld.keys(1, 10));
        world.clock.advance(Duration.ofSeconds(60));
        world.runUntilIdle(world.sender());
        world.clock.advance(Duration.ofMinutes(10));
        world.upload(DigestWorld.keys(100, 3));
        world.clock.advance(Duration.ofSeconds(60));

        world.runUntilIdle(world.sender());

        assertThat(byCreation(world)).extracting(DigestRecord::part).containsOnly(BurstPart.WHOLE);
        assertThat(world.sent()).extracting(SendOutcome.Sent::subject).noneMatch(s -> s.contains("part"));
    }

    private static List<DigestRecord> byCreation(DigestWorld world) {
        // Claim order: several parts can be claimed at the same instant of the test clock.
        return world.store.claimedEvents().keySet().stream().map(world.store::record).toList();
    }
}
