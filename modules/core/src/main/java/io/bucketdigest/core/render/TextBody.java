package io.bucketdigest.core.render;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.DigestSummary;
import io.bucketdigest.core.digest.ObjectStory.NetOutcome;
import io.bucketdigest.core.digest.ObjectStory;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.text.Utf8;
import java.util.List;
import java.util.Locale;

/** The text/plain body: header, summary, the rollup by folder, then the entries grouped by prefix, then who sent it. */
final class TextBody {

    private static final int FOLDER_COLUMN = 28;

    private TextBody() {}

    /** Like the HTML body's budget: keys of up to 1,024 characters, each control character shown as six. */
    static final int BUDGET_BYTES = 100_000;

    /** The body and how many objects it lists: at most {@code maxListed}, fewer if the budget stops the list. */
    record Result(String text, int listed) {}

    static Result render(Digest digest, EntryGroups entries, int maxListed, String attachmentName) {
        DigestSummary summary = digest.summary();
        StringBuilder out = new StringBuilder(1024 + entries.shown() * 96);
        out.append("Subscription: ").append(DisplayText.visible(digest.subscriptionId())).append('\n');
        out.append("Scope:  ").append(DisplayText.visible(digest.scope())).append('\n');
        out.append("Events: ").append(Labels.timeRange(digest)).append("\n\n");
        Labels.part(digest).ifPresent(line -> out.append(line).append("\n\n"));

        out.append("Summary\n");
        row(out, "Objects", Labels.count(summary.objects()), "");
        int duplicates = summary.duplicatesIgnored();
        row(out, "Events", Labels.count(summary.events()), duplicates == 0 ? ""
                : Labels.count(duplicates) + (duplicates == 1 ? " duplicate delivery" : " duplicate deliveries")
                        + " ignored");
        row(out, "Bytes added", HumanBytes.format(summary.bytesAdded()), "");
        row(out, "Bytes removed", HumanBytes.format(summary.bytesRemoved()),
                Labels.removedSizeUnknown(digest) ? "at least: some removed objects' sizes are unknown" : "");
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
        Labels.excluded(digest).ifPresent(line -> out.append('\n').append(line).append('\n'));
        StringBuilder middle = new StringBuilder(4096);
        rollup(middle, PrefixRollup.of(digest), summary.buckets().size() > 1);
        byWhom(middle, Requesters.top(Labels.events(digest), Labels.TOP_REQUESTERS), summary.events());
        String tail = "\n-- \n" + Labels.footer(digest) + "\n";

        int room = BUDGET_BYTES - 1_024 - Utf8.length(out) - Utf8.length(middle) - Utf8.length(tail);
        StringBuilder list = new StringBuilder();
        int listed = 0;
        int used = 0;
        list:
        for (EntryGroups.Group group : entries.groups()) {
            String heading = "\n" + DisplayText.visible(group.heading()) + "  (" + Labels.objects(group.objects())
                    + ")\n";
            boolean headed = false;
            for (ObjectStory story : group.shown()) {
                // The story quotes parts of S3's eventName (e.g. "replication missed threshold"); events stored
                // before ingest checked names could carry line breaks there, so it is made visible like the key.
                String size = Labels.size(story);
                String line = "  " + DisplayText.visible(story.key()) + "  " + DisplayText.visible(story.story())
                        + (size.isEmpty() ? "" : "  " + size) + "\n";
                String next = headed ? line : heading + line;
                int bytes = Utf8.length(next);
                if (listed >= maxListed || used + bytes > room) {
                    break list;
                }
                list.append(next);
                used += bytes;
                headed = true;
                listed++;
            }
        }

        int unlisted = digest.stories().size() - listed;
        if (unlisted > 0) {
            String note = listed < entries.shown()
                    ? Labels.budgetNote(unlisted, listed, attachmentName)
                    : Labels.csvNote(unlisted, attachmentName);
            out.append('\n').append(note).append('\n');
        }
        out.append(middle).append(list);
        if (unlisted > 0) {
            out.append("\n… ").append(Labels.objects(unlisted)).append(" more in ").append(attachmentName).append('\n');
        }
        return new Result(out.append(tail).toString(), listed);
    }

    private static void byWhom(StringBuilder out, List<Requesters.Share> shares, int events) {
        out.append("\nBy whom\n");
        int listed = 0;
        for (Requesters.Share share : shares) {
            listed += share.events();
            out.append(String.format(Locale.ROOT, "  %-" + FOLDER_COLUMN + "s %8s %s",
                    Labels.middleCut(DisplayText.visible(share.requester()), FOLDER_COLUMN),
                    Labels.count(share.events()), share.events() == 1 ? "event" : "events"));
            if (!share.sourceIps().isEmpty()) {
                out.append("  from ").append(DisplayText.visible(Labels.sourceIps(share)));
            }
            out.append('\n');
        }
        if (listed < events) {
            out.append("  ").append(Labels.count(events - listed)).append(" more events by others\n");
        }
    }

    /** The rollup as aligned columns; a folder name longer than the column is cut in the middle. */
    private static void rollup(StringBuilder out, PrefixRollup rollup, boolean withBucket) {
        out.append("\nBy folder\n");
        String format = "  %-" + FOLDER_COLUMN + "s %8s %8s %11s %8s %11s %13s\n";
        out.append(String.format(Locale.ROOT, format, "Folder", "Objects", "Created", "Overwritten", "Removed",
                "Bytes added", "Bytes removed"));
        for (PrefixRollup.Row row : rollup.rows()) {
            out.append(String.format(Locale.ROOT, format,
                    Labels.middleCut(DisplayText.visible(row.label(withBucket)), FOLDER_COLUMN),
                    Labels.count(row.objects()), Labels.count(row.created()), Labels.count(row.overwritten()),
                    Labels.count(row.removed()), HumanBytes.format(row.bytesAdded()),
                    HumanBytes.format(row.bytesRemoved())));
        }
    }

    private static void row(StringBuilder out, String label, String value, String note) {
        out.append(String.format(Locale.ROOT, "  %-26s %12s", label, value));
        if (!note.isEmpty()) {
            out.append("  (").append(note).append(')');
        }
        out.append('\n');
    }
}
