package io.bucketdigest.core.render;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.DigestSummary;
import io.bucketdigest.core.digest.ObjectStory;
import io.bucketdigest.core.digest.ObjectStory.NetOutcome;
import io.bucketdigest.core.event.EventKind;
import java.util.Locale;

/** The text/plain body: header, summary table, then the entries grouped by prefix. */
final class TextBody {

    private TextBody() {}

    static String render(Digest digest, EntryGroups entries, String attachmentName) {
        DigestSummary summary = digest.summary();
        StringBuilder out = new StringBuilder(256 + entries.shown() * 96);
        out.append("Bucket Digest ").append(digest.id()).append('\n');
        out.append("Scope:  ").append(DisplayText.visible(digest.scope())).append('\n');
        out.append("Events: ").append(Labels.timeRange(digest)).append("\n\n");

        out.append("Summary\n");
        row(out, "Objects", Labels.count(summary.objects()), "");
        int duplicates = summary.duplicatesIgnored();
        row(out, "Events", Labels.count(summary.events()), duplicates == 0 ? ""
                : Labels.count(duplicates) + (duplicates == 1 ? " duplicate delivery" : " duplicate deliveries")
                        + " ignored");
        row(out, "Bytes added", HumanBytes.format(summary.bytesAdded()), "");
        row(out, "Bytes removed", HumanBytes.format(summary.bytesRemoved()),
                Labels.hasRemovals(summary) ? "at least: S3 delete events carry no size" : "");
        out.append("\n  Objects by outcome\n");
        for (NetOutcome outcome : NetOutcome.values()) {
            int n = summary.objectsByOutcome().getOrDefault(outcome, 0);
            if (n > 0) {
                row(out, "  " + Labels.outcome(outcome), Labels.count(n), "");
            }
        }
        out.append("\n  Events by kind\n");
        for (EventKind kind : EventKind.values()) {
            if (summary.count(kind) > 0) {
                row(out, "  " + kind.displayName(), Labels.count(summary.count(kind)), "");
            }
        }

        for (EntryGroups.Group group : entries.groups()) {
            out.append('\n').append(DisplayText.visible(group.heading()))
                    .append("  (").append(Labels.objects(group.objects())).append(")\n");
            for (ObjectStory story : group.shown()) {
                // The story quotes parts of S3's eventName (e.g. "replication missed threshold"); events stored
                // before ingest checked names could carry line breaks there, so it is made visible like the key.
                out.append("  ").append(DisplayText.visible(story.key()))
                        .append("  ").append(DisplayText.visible(story.story()));
                String size = Labels.size(story);
                if (!size.isEmpty()) {
                    out.append("  ").append(size);
                }
                out.append('\n');
            }
        }
        if (entries.hidden() > 0) {
            out.append('\n').append(Labels.csvNote(entries.hidden(), attachmentName)).append('\n');
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String label, String value, String note) {
        out.append(String.format(Locale.ROOT, "  %-26s %12s", label, value));
        if (!note.isEmpty()) {
            out.append("  (").append(note).append(')');
        }
        out.append('\n');
    }
}
