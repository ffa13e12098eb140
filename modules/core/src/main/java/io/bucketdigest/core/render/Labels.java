package io.bucketdigest.core.render;

import io.bucketdigest.core.digest.BurstPart;
import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.DigestSummary;
import io.bucketdigest.core.digest.ExcludedEvents;
import io.bucketdigest.core.digest.ObjectStory.NetOutcome;
import io.bucketdigest.core.digest.ObjectStory;
import io.bucketdigest.core.event.ObjectEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Wording and number formats shared by the subject, the text body and the HTML body. */
final class Labels {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private Labels() {}

    static String count(long n) {
        return String.format(Locale.US, "%,d", n);
    }

    static String outcome(NetOutcome outcome) {
        return switch (outcome) {
            case WRITTEN -> "created or overwritten";
            case REMOVED -> "removed";
            case TRANSIENT -> "created and removed";
            case OTHER -> "metadata changed";
        };
    }

    static String objects(long n) {
        return count(n) + (n == 1 ? " object" : " objects");
    }

    /**
     * Size column: the object's size as it ends, followed for an overwrite whose earlier size the history knew by the
     * signed change in parentheses ("1.5 MiB (+512.0 KiB)", "21 B (−300 B)"); for an object that ends removed the
     * size it had ("was 21 B"); blank when no event told it. Never a bare negative number.
     */
    static String size(ObjectStory story) {
        if (story.finalSize() != null) {
            String size = HumanBytes.format(story.finalSize());
            Long before = story.sizeBefore();
            return before == null || story.change() != ObjectStory.Change.OVERWRITTEN
                    ? size : size + " (" + sizeChange(story.finalSize() - before) + ")";
        }
        Long last = lastKnownSize(story);
        return last == null || story.outcome() == NetOutcome.WRITTEN || story.outcome() == NetOutcome.OTHER
                ? "" : "was " + HumanBytes.format(last);
    }

    /** A change in size with its sign: "+512 KiB", "−300 B" (a minus sign, not a hyphen), "±0 B". */
    static String sizeChange(long delta) {
        if (delta == 0) {
            return "±0 B";
        }
        return (delta > 0 ? "+" : "\u2212") + HumanBytes.format(Math.abs(delta));
    }

    /** The last size an event told, or the size the history knew before a removal or metadata change. */
    private static Long lastKnownSize(ObjectStory story) {
        for (int i = story.events().size() - 1; i >= 0; i--) {
            ObjectEvent event = story.events().get(i);
            if (event.size() != null) {
                return event.size();
            }
            if (!event.createsObject() && event.previous() != null && event.previous().size() != null) {
                return event.previous().size();
            }
        }
        return null;
    }

    /** True when an object ends removed and no event told its size, so "bytes removed" is a lower bound. */
    static boolean removedSizeUnknown(Digest digest) {
        for (ObjectStory story : digest.stories()) {
            if (story.change() == ObjectStory.Change.REMOVED && lastKnownSize(story) == null) {
                return true;
            }
        }
        return false;
    }

    /** "2026-03-01 09:00:00 to 09:02:50 UTC", in the subscription's zone; the date repeats only if it changes. */
    static String timeRange(Digest digest) {
        Instant first = digest.summary().firstEventTime();
        Instant last = digest.summary().lastEventTime();
        if (first == null || last == null) {
            return "no events";
        }
        ZonedDateTime from = first.atZone(digest.timeZone());
        ZonedDateTime to = last.atZone(digest.timeZone());
        DateTimeFormatter toFormat = from.toLocalDate().equals(to.toLocalDate()) ? TIME : DATE_TIME;
        return DATE_TIME.format(from) + " to " + toFormat.format(to) + " " + zoneName(digest.timeZone());
    }

    /** "UTC", or the IANA name: a reader knows "Europe/Berlin" better than an offset that changes twice a year. */
    static String zoneName(ZoneId zone) {
        return zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    /**
     * Where the digest stands in a burst spread over several digests, e.g. "Part 2 of a burst, continuing digest
     * d-... of 1 Dec 10:15 UTC. More follows: ...", or empty for a digest that is the whole of its burst.
     */
    static Optional<String> part(Digest digest) {
        BurstPart part = digest.part();
        if (!part.partOfSeveral()) {
            return Optional.empty();
        }
        StringBuilder line = new StringBuilder("Part ").append(part.number()).append(" of a burst");
        if (part.previous() != null) {
            line.append(", continuing digest ").append(part.previous().value()).append(" of ")
                    .append(DATE_TIME.format(part.previousCreatedAt().atZone(digest.timeZone()))).append(' ')
                    .append(zoneName(digest.timeZone()));
        }
        line.append('.');
        switch (part.cut()) {
            case MAX_ENTRIES -> line.append(" More follows: more objects are pending than one digest holds (its"
                    + " max entries); the next digest goes out right after this one.");
            case MAX_DELAY -> line.append(" More follows: objects were still arriving when the maximum delay ran"
                    + " out; what arrives next comes in the next digest.");
            case NONE -> line.append(" This part ends it.");
        }
        return Optional.of(line.toString());
    }

    /** The subject's tail for a part: " (part 2, more follows)", " (part 3)", or empty for a whole digest. */
    static String subjectPart(Digest digest) {
        BurstPart part = digest.part();
        if (!part.partOfSeveral()) {
            return "";
        }
        return " (part " + part.number() + (part.moreFollows() ? ", more follows)" : ")");
    }

    static String csvNote(int hidden, String fileName) {
        return count(hidden) + (hidden == 1 ? " object is" : " objects are")
                + " not listed below: the complete list is attached as " + fileName;
    }

    /** Requesters named in the "by whom" summary; the rest are counted in one line. */
    static final int TOP_REQUESTERS = 5;

    static List<ObjectEvent> events(Digest digest) {
        List<ObjectEvent> events = new ArrayList<>();
        digest.stories().forEach(story -> events.addAll(story.events()));
        return events;
    }

    static String sourceIps(Requesters.Share share) {
        return String.join(", ", share.sourceIps())
                + (share.moreSourceIps() > 0 ? " and " + count(share.moreSourceIps()) + " more" : "");
    }

    static String budgetNote(int unlisted, int listed, String fileName) {
        return count(unlisted) + (unlisted == 1 ? " object is" : " objects are") + " not listed below: this mail lists "
                + count(listed) + " to stay small enough for every mail client. The complete list is attached as "
                + fileName;
    }

    /** {@code text} cut to {@code width} characters by eliding its middle, so both the root and the leaf stay readable. */
    static String middleCut(String text, int width) {
        if (text.length() <= width) {
            return text;
        }
        int head = (width - 1) / 2;
        int tail = width - 1 - head;
        return text.substring(0, head) + "…" + text.substring(text.length() - tail);
    }

    /** Why the reader gets this mail and how to change it: the last lines of both bodies. */
    static String footer(Digest digest) {
        String id = digest.subscriptionId();
        return "You get this as a recipient of subscription " + id + " (" + DisplayText.visible(digest.scope()) + ").\n"
                + (digest.delivery() == null ? "" : "Its digests go out " + digest.delivery() + ".\n")
                + "Change it: bucket-digest subscriptions update " + id + " --help\n"
                + "Stop it:   bucket-digest subscriptions remove " + id;
    }

    /** How many patterns the excluded-events line names before "and N more". */
    static final int EXCLUSIONS_NAMED = 5;

    /**
     * "412 events matched your exclusions (**&#47;_temporary/**, *.tmp) and are not listed; they stay in the history",
     * or empty when nothing was excluded. The patterns are the operator's text, shown as {@link DisplayText} does.
     */
    static Optional<String> excluded(Digest digest) {
        ExcludedEvents excluded = digest.excluded();
        if (excluded.count() == 0) {
            return Optional.empty();
        }
        List<String> patterns = excluded.patterns();
        String named = patterns.stream().limit(EXCLUSIONS_NAMED)
                .map(p -> middleCut(DisplayText.visible(p), 60))
                .collect(Collectors.joining(", "));
        if (patterns.size() > EXCLUSIONS_NAMED) {
            named += " and " + (patterns.size() - EXCLUSIONS_NAMED) + " more";
        }
        String what = excluded.count() == 1 ? " event matched your exclusions" : " events matched your exclusions";
        String which = named.isEmpty() ? "" : " (" + named + ")";
        String verb = excluded.count() == 1 ? " and is not listed; it stays in the history"
                : " and are not listed; they stay in the history";
        return Optional.of(count(excluded.count()) + what + which + verb);
    }
}
