package io.bucketdigest.core.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.ingest.InMemorySubscriptionStore;
import io.bucketdigest.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubscriptionCatalogTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final Subscription DEFAULT =
            new Subscription("default", List.of("ops@example.com"), null, List.of(), Set.of(), null);
    private static final Subscription PHOTOS = new Subscription("photos", List.of("team@example.com"), "photos-prod",
            List.of("photos/"), Set.of(), null);

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemorySubscriptionStore store = new InMemorySubscriptionStore(PHOTOS);
    private final SubscriptionCatalog catalog =
            new SubscriptionCatalog(store, Optional.of(DEFAULT), Duration.ofSeconds(60), clock);

    private static ObjectEvent event(String bucket, String key) {
        return ObjectEvent.builder(bucket, key, "ObjectCreated:Put", NOW).region("us-east-1").build();
    }

    @Test
    void all_defaultAndStored_defaultFirst() {
        assertThat(catalog.all()).containsExactly(DEFAULT, PHOTOS);
    }

    @Test
    void all_storedSubscriptionWithTheDefaultId_replacesTheEnvironmentDefault() {
        // GIVEN
        Subscription storedDefault = new Subscription("default", List.of("other@example.com"), "photos-prod",
                List.of(), Set.of(), null);
        store.save(storedDefault);

        // WHEN / THEN
        assertThat(catalog.all()).containsExactly(storedDefault, PHOTOS);
    }

    @Test
    void all_withinTheCacheTtl_readsTheStoreOnce() {
        // WHEN
        catalog.all();
        clock.advance(Duration.ofSeconds(59));
        catalog.matching(event("photos-prod", "photos/a.jpg"));
        catalog.find("photos");

        // THEN
        assertThat(store.listCalls()).isEqualTo(1);
    }

    @Test
    void all_afterTheCacheTtl_readsTheStoreAgainAndSeesChanges() {
        // GIVEN
        catalog.all();
        store.remove("photos");

        // WHEN
        clock.advance(Duration.ofSeconds(60));
        List<Subscription> all = catalog.all();

        // THEN
        assertThat(store.listCalls()).isEqualTo(2);
        assertThat(all).containsExactly(DEFAULT);
    }

    @Test
    void matching_returnsTheIdsOfEveryMatchingSubscription() {
        assertThat(catalog.matching(event("photos-prod", "photos/a.jpg"))).containsExactly("default", "photos");
        assertThat(catalog.matching(event("photos-prod", "docs/a.pdf"))).containsExactly("default");
    }

    @Test
    void matching_withoutDefaultAndNoMatch_isEmpty() {
        SubscriptionCatalog noDefault = new SubscriptionCatalog(store, Optional.empty(), Duration.ZERO, clock);

        assertThat(noDefault.matching(event("logs", "x"))).isEmpty();
    }

    @Test
    void find_unknownId_isEmpty() {
        assertThat(catalog.find("photos")).contains(PHOTOS);
        assertThat(catalog.find("nope")).isEmpty();
    }
}
