package io.bucketdigest.core.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.normalize.MalformedMessageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SES event-publishing records (the shapes of the SES developer guide's examples) into mail events. */
class SesEventParserTest {

    private static final DigestId DIGEST = new DigestId("d-20261130T091500Z-00112233445566778899");

    private final SesEventParser parser = new SesEventParser();

    @Test
    void bounce_namesTheBouncedRecipient_theKindAndTheDiagnostic() {
        assertThat(parser.parse(fixture("bounce.json"))).containsExactly(new MailEvent(DIGEST,
                MailEvent.Type.BOUNCE, "gone@example.com", Instant.parse("2026-11-30T09:15:02.669Z"),
                "Permanent/General: smtp; 550 5.1.1 user unknown"));
    }

    @Test
    void complaint_namesTheComplainingRecipient_andTheFeedbackType() {
        assertThat(parser.parse(fixture("complaint.json"))).containsExactly(new MailEvent(DIGEST,
                MailEvent.Type.COMPLAINT, "ops@example.com", Instant.parse("2026-11-30T10:00:00Z"), "abuse"));
    }

    @Test
    void delivery_givesOneEventPerRecipient() {
        assertThat(parser.parse(fixture("delivery.json"))).containsExactly(new MailEvent(DIGEST,
                MailEvent.Type.DELIVERY, "ops@example.com", Instant.parse("2026-11-30T09:15:03.100Z"), ""));
    }

    @Test
    void reject_isAboutTheWholeMail() {
        assertThat(parser.parse(fixture("reject.json"))).containsExactly(new MailEvent(DIGEST,
                MailEvent.Type.REJECT, "", Instant.parse("2026-11-30T09:15:01.012Z"), "Bad content"));
    }

    @Test
    void deliveryDelay_keepsTheDelayTypeAndDiagnostic() {
        assertThat(parser.parse(fixture("delivery-delay.json"))).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(MailEvent.Type.DELIVERY_DELAY);
            assertThat(event.type().isProblem()).isFalse();
            assertThat(event.detail()).isEqualTo("TransientCommunicationFailure: smtp; 421 4.4.1 Unable to connect");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"open-untagged.json", "delivery-untagged.json"})
    void eventsOfMailsWithoutTheDigestTag_orOfTypesWeDoNotRecord_giveNothing(String name) {
        assertThat(parser.parse(fixture(name))).isEmpty();
    }

    @Test
    void theSnsEnvelope_isUnwrapped() {
        String envelope = "{\"Type\":\"Notification\",\"MessageId\":\"1\",\"TopicArn\":\"arn:aws:sns:us-east-1:1:t\","
                + "\"Message\":" + quoted(fixture("bounce.json")) + "}";

        assertThat(parser.parse(envelope)).extracting(MailEvent::type).containsExactly(MailEvent.Type.BOUNCE);
    }

    @Test
    void theClassicNotificationShape_isReadToo() {
        String classic = fixture("bounce.json").replace("\"eventType\"", "\"notificationType\"");

        assertThat(parser.parse(classic)).extracting(MailEvent::recipient).containsExactly("gone@example.com");
    }

    @Test
    void notAnSesEvent_isRefusedWithTheReason() {
        assertThatThrownBy(() -> parser.parse("{\"Records\":[]}")).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("not an SES event");
        assertThatThrownBy(() -> parser.parse("not json")).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> parser.parse("")).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> parser.parse(fixture("bounce.json").replace(DIGEST.value(), "../../etc")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("not a digest id");
        assertThatThrownBy(() -> parser.parse(fixture("bounce.json").replace("2026-11-30T09:15:02.669Z", "yesterday")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("ISO-8601");
    }

    static String fixture(String name) {
        try (InputStream in = SesEventParserTest.class.getResourceAsStream("/ses-events/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture ses-events/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Test
    void everyTypeHasAProblemFlag_thatMatchesWhatAnOperatorMustLookAt() {
        assertThat(List.of(MailEvent.Type.values())).filteredOn(MailEvent.Type::isProblem).containsExactly(
                MailEvent.Type.BOUNCE, MailEvent.Type.COMPLAINT, MailEvent.Type.REJECT,
                MailEvent.Type.RENDERING_FAILURE);
    }
}
