package io.bucketdigest.core.mail;

import io.bucketdigest.core.digest.DigestId;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What happened to one digest mail at one recipient after SES accepted it: delivered, bounced, complained about,
 * rejected, delayed or not rendered. SES reports these through the configuration set's event destination.
 *
 * @param digestId  the digest the mail carried (from the mail's tags)
 * @param type      what happened
 * @param recipient the address concerned (empty for events about the whole mail, such as a reject)
 * @param at        when SES says it happened
 * @param detail    SES's words for it: bounce type and subtype with the diagnostic, the complaint's feedback type,
 *                  the reject reason; empty for a delivery
 */
public record MailEvent(DigestId digestId, Type type, String recipient, Instant at, String detail) {

    /** The SES event types a digest mail can have, in SES's own spelling ({@link #sesName()}). */
    public enum Type {
        DELIVERY("Delivery"),
        BOUNCE("Bounce"),
        COMPLAINT("Complaint"),
        REJECT("Reject"),
        DELIVERY_DELAY("DeliveryDelay"),
        RENDERING_FAILURE("Rendering Failure");

        private final String sesName;

        Type(String sesName) {
            this.sesName = sesName;
        }

        public String sesName() {
            return sesName;
        }

        /** Lower-case words, as the CLI shows them ("delivery delay"). */
        public String displayName() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }

        /** Whether the recipient did not get the mail, or does not want it: what an operator must look at. */
        public boolean isProblem() {
            return this != DELIVERY && this != DELIVERY_DELAY;
        }
    }

    /** The recipients each type of event concerns, types in declaration order, addresses sorted. */
    public static Map<Type, SortedSet<String>> recipientsByType(Collection<MailEvent> events) {
        Map<Type, SortedSet<String>> byType = new EnumMap<>(Type.class);
        for (MailEvent event : events) {
            byType.computeIfAbsent(event.type(), type -> new TreeSet<>()).add(event.recipient());
        }
        return byType;
    }

    public MailEvent {
        Objects.requireNonNull(digestId, "digestId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        recipient = recipient == null ? "" : recipient;
        detail = detail == null ? "" : detail;
    }
}
