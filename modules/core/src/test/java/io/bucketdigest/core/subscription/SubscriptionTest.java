package io.bucketdigest.core.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubscriptionTest {

    private static final Instant TIME = Instant.parse("2026-11-29T09:32:43.940Z");
    private static final List<String> ONE_RECIPIENT = List.of("ops@example.com");

    private static ObjectEvent event(String bucket, String key, String eventName) {
        return ObjectEvent.builder(bucket, key, eventName, TIME).region("us-east-1").build();
    }

    @ParameterizedTest(name = "{0}/{1} {2} -> {3}")
    @CsvSource(textBlock = """
            photos-prod, photos/cat.jpg,     ObjectCreated:Put,     true
            photos-prod, raw/cat.cr2,        ObjectCreated:Put,     true
            photos-prod, photos/cat.jpg,     ObjectRemoved:Delete,  true
            photos-prod, docs/a.pdf,         ObjectCreated:Put,     false
            photos-prod, Photos/cat.jpg,     ObjectCreated:Put,     false
            photos-prod, photos/cat.jpg,     ObjectTagging:Put,     false
            logs-prod,   photos/cat.jpg,     ObjectCreated:Put,     false
            """)
    void matches_bucketPrefixesAndKinds_allMustMatch(String bucket, String key, String eventName, boolean expected) {
        // GIVEN
        Subscription subscription = new Subscription("photos", ONE_RECIPIENT, "photos-prod",
                List.of("photos/", "raw/"), Set.of(EventKind.CREATED, EventKind.REMOVED), null);

        // WHEN / THEN
        assertThat(subscription.matches(event(bucket, key, eventName))).isEqualTo(expected);
    }

    @Test
    void explain_match_namesWhatLetTheEventThrough() {
        Subscription subscription = new Subscription("photos", ONE_RECIPIENT, "photos-prod",
                List.of("photos/", "raw/"), Set.of(EventKind.CREATED), null);

        MatchExplanation explanation = subscription.explain(event("photos-prod", "raw/cat.cr2", "ObjectCreated:Put"));

        assertThat(explanation.matches()).isTrue();
        assertThat(explanation.inWords()).isEqualTo("bucket photos-prod, key under raw/, kind created");
    }

    @Test
    void explain_matchWithoutFilters_saysEveryBucketKeyAndKind() {
        Subscription subscription = new Subscription("all", ONE_RECIPIENT, null, List.of(), Set.of(), null);

        assertThat(subscription.explain(event("logs", "a.txt", "ObjectRemoved:Delete")).inWords())
                .isEqualTo("every bucket, every key, every kind");
    }

    @Test
    void explain_mismatch_namesEveryFilterThatStoppedTheEvent() {
        Subscription subscription = new Subscription("audit", ONE_RECIPIENT, "photos-prod", List.of("photos/"),
                Set.of(EventKind.DELETE_MARKER, EventKind.REMOVED), null);

        MatchExplanation explanation = subscription.explain(event("logs-prod", "docs/a.pdf", "ObjectCreated:Put"));

        assertThat(explanation.matches()).isFalse();
        assertThat(explanation.reasons()).containsExactly(
                "bucket is photos-prod, not logs-prod",
                "kinds are removed,delete-marker, not created",
                "key is not under photos/");
        assertThat(explanation.inWords()).isEqualTo("bucket is photos-prod, not logs-prod; "
                + "kinds are removed,delete-marker, not created; key is not under photos/");
    }

    @ParameterizedTest(name = "{0}/{1} {2}")
    @CsvSource(textBlock = """
            photos-prod, photos/cat.jpg,     ObjectCreated:Put
            photos-prod, docs/a.pdf,         ObjectCreated:Put
            photos-prod, photos/cat.jpg,     ObjectTagging:Put
            logs-prod,   photos/cat.jpg,     ObjectCreated:Put
            logs-prod,   raw/x,              ObjectRemoved:Delete
            """)
    void explain_alwaysAgreesWithMatches(String bucket, String key, String eventName) {
        Subscription subscription = new Subscription("photos", ONE_RECIPIENT, "photos-prod",
                List.of("photos/", "raw/"), Set.of(EventKind.CREATED, EventKind.REMOVED), null);
        ObjectEvent event = event(bucket, key, eventName);

        assertThat(subscription.explain(event).matches()).isEqualTo(subscription.matches(event));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "", "  "})
    void constructor_wildcardOrBlankBucket_meansEveryBucket(String bucket) {
        // WHEN
        Subscription subscription = new Subscription("all", ONE_RECIPIENT, bucket, List.of(), Set.of(), null);

        // THEN
        assertThat(subscription.bucketFilter()).isEmpty();
        assertThat(subscription.matches(event("any-bucket", "k", "LifecycleTransition"))).isTrue();
        assertThat(subscription.describeScope()).isEqualTo("all buckets");
    }

    @Test
    void constructor_everythingWrong_listsEveryProblemWithoutEchoingAddresses() {
        // GIVEN
        List<String> recipients = List.of("not-an-address", "ops@example.com", "ops@example.com");
        List<String> prefixes = IntStream.range(0, 21).mapToObj(i -> "p" + i + "/").toList();

        // WHEN
        InvalidSubscriptionException e = catchThrowableOfType(InvalidSubscriptionException.class,
                () -> new Subscription("bad id!", recipients, null, prefixes, Set.of(), null));

        // THEN
        assertThat(e.problems()).containsExactly(
                "id must be 1-64 characters of letters, digits, '.', '_' or '-' (got 'bad id!')",
                "recipient #1 is not a valid email address",
                "recipients contain duplicates",
                "at most 20 prefixes are allowed");
        assertThat(e.getMessage()).doesNotContain("not-an-address").doesNotContain("ops@example.com");
    }

    @Test
    void constructor_noRecipientsOrTooMany_isRefused() {
        List<String> tooMany = IntStream.range(0, 51).mapToObj(i -> "user" + i + "@example.com").toList();

        assertThat(catchThrowableOfType(InvalidSubscriptionException.class,
                () -> new Subscription("s", List.of(), null, List.of(), Set.of(), null)).problems())
                .containsExactly("at least one recipient is required");
        assertThat(catchThrowableOfType(InvalidSubscriptionException.class,
                () -> new Subscription("s", null, null, List.of(), Set.of(), null)).problems())
                .containsExactly("at least one recipient is required");
        assertThat(catchThrowableOfType(InvalidSubscriptionException.class,
                () -> new Subscription("s", tooMany, null, List.of(), Set.of(), null)).problems())
                .containsExactly("at most 50 recipients are allowed (got 51)");
    }

    @Test
    void constructor_emptyPrefix_isRefused() {
        InvalidSubscriptionException e = catchThrowableOfType(InvalidSubscriptionException.class,
                () -> new Subscription("s", ONE_RECIPIENT, null, Collections.singletonList(""), Set.of(), null));

        assertThat(e.problems()).containsExactly("prefixes must be 1-1024 characters");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            ops@example.com,             true
            first.last+tag@sub.example.org, true
            ops@localhost,               false
            ops example.com,             false
            @example.com,                false
            ops@-example.com,            false
            """)
    void isValidAddress_acceptsWhatTheConstructorAccepts(String address, boolean expected) {
        assertThat(Subscription.isValidAddress(address)).isEqualTo(expected);
        assertThat(catchThrowableOfType(InvalidSubscriptionException.class,
                () -> new Subscription("s", List.of(address), null, List.of(), Set.of(), null)) == null)
                .isEqualTo(expected);
    }

    @Test
    void toString_neverContainsRecipientAddresses() {
        // GIVEN
        Subscription subscription = new Subscription("photos", List.of("alice@example.com", "bob@example.org"),
                "photos-prod", List.of("photos/"), Set.of(EventKind.CREATED), null);

        // WHEN
        String text = subscription.toString();

        // THEN
        assertThat(text).doesNotContain("@").contains("recipients=2").contains("photos-prod photos/");
    }

    @Test
    void timing_overrideFieldsLeftNull_fallBackToTheDefaults() {
        // GIVEN
        DigestTiming defaults = new DigestTiming(Duration.ofSeconds(60), Duration.ofMinutes(15), 10_000);
        Subscription overridden = new Subscription("s", ONE_RECIPIENT, null, List.of(), Set.of(),
                new DigestTiming(Duration.ofSeconds(5), null, null));
        Subscription plain = new Subscription("t", ONE_RECIPIENT, null, List.of(), Set.of(), null);

        // WHEN / THEN
        assertThat(overridden.timing(defaults))
                .isEqualTo(new DigestTiming(Duration.ofSeconds(5), Duration.ofMinutes(15), 10_000));
        assertThat(plain.timing(defaults)).isEqualTo(defaults);
    }

    @Test
    void equals_sameFields_areEqualWithTheSameHashCode() {
        Subscription a = new Subscription("s", ONE_RECIPIENT, "b", List.of("p/"), Set.of(EventKind.ACL), null);
        Subscription b = new Subscription("s", ONE_RECIPIENT, "b", List.of("p/"), Set.of(EventKind.ACL), null);
        Subscription c = new Subscription("s", ONE_RECIPIENT, "b", List.of("q/"), Set.of(EventKind.ACL), null);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    }

    @Test
    void matches_excludedKey_isFalse_andExplainNamesThePattern() {
        Subscription subscription = new Subscription("pipelines", ONE_RECIPIENT, "lake", List.of("out/"), Set.of(),
                null).withExclusions(List.of("**/_temporary/**", "*.tmp", "_SUCCESS"));
        ObjectEvent temporary = event("lake", "out/_temporary/0/part-1", "ObjectCreated:Put");
        ObjectEvent success = event("lake", "out/day=1/_SUCCESS", "ObjectCreated:Put");
        ObjectEvent data = event("lake", "out/day=1/part-1.parquet", "ObjectCreated:Put");

        assertThat(subscription.matches(temporary)).isFalse();
        assertThat(subscription.wouldMatch(temporary)).isTrue();
        assertThat(subscription.explain(temporary).matches()).isFalse();
        assertThat(subscription.explain(temporary).inWords()).isEqualTo("excluded by **/_temporary/**");
        assertThat(subscription.explain(success).inWords()).isEqualTo("excluded by _SUCCESS");
        assertThat(subscription.matches(data)).isTrue();
        assertThat(subscription.exclusionOf(data)).isEmpty();
    }

    @Test
    void withExclusions_invalidPatterns_listsEveryProblem() {
        Subscription subscription = new Subscription("s", ONE_RECIPIENT, null, List.of(), Set.of(), null);

        InvalidSubscriptionException e = catchThrowableOfType(
                () -> subscription.withExclusions(List.of("", "a/***", "ok/*")), InvalidSubscriptionException.class);

        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0)).contains("must not be empty");
        assertThat(e.problems().get(1)).contains("'a/***'");
    }

    @Test
    void withExclusions_tooManyOrDuplicates_isRefused() {
        Subscription subscription = new Subscription("s", ONE_RECIPIENT, null, List.of(), Set.of(), null);
        List<String> many = IntStream.rangeClosed(1, Subscription.MAX_EXCLUSIONS + 1).mapToObj(i -> "*." + i).toList();

        assertThat(catchThrowableOfType(() -> subscription.withExclusions(many), InvalidSubscriptionException.class)
                .problems()).containsExactly("at most 20 exclusions are allowed (got 21)");
        assertThat(catchThrowableOfType(() -> subscription.withExclusions(List.of("*.tmp", "*.tmp")),
                InvalidSubscriptionException.class).problems()).containsExactly("exclusions contain duplicates");
    }

    @Test
    void withExclusions_keepsEveryOtherField_andEqualsComparesThePatterns() {
        Subscription plain = new Subscription("s", ONE_RECIPIENT, "b", List.of("p/"), Set.of(EventKind.CREATED),
                null).withTimeZone(java.time.ZoneId.of("Europe/Berlin"));

        Subscription excluding = plain.withExclusions(List.of("*.tmp"));

        assertThat(excluding.exclusionPatterns()).containsExactly("*.tmp");
        assertThat(excluding.withExclusions(List.of())).isEqualTo(plain);
        assertThat(excluding).isEqualTo(plain.withExclusions(List.of("*.tmp")))
                .hasSameHashCodeAs(plain.withExclusions(List.of("*.tmp")));
        assertThat(excluding).isNotEqualTo(plain);
        assertThat(excluding.withTimeZone(null).exclusionPatterns()).containsExactly("*.tmp");
    }
}
