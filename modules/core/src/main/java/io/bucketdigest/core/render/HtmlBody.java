package io.bucketdigest.core.render;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.DigestSummary;
import io.bucketdigest.core.digest.ObjectStory.NetOutcome;
import io.bucketdigest.core.digest.ObjectStory;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.text.Utf8;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The text/html body. Email clients strip style sheets and block remote content, so everything is inline CSS in a
 * single max-width column of tables that wrap on a phone; no scripts, images, links or web fonts. The whole body stays
 * under {@link #BUDGET_BYTES}: the entry list stops early when longer keys would pass it, and the note says so.
 */
final class HtmlBody {

    private static final String FONT =
            "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
    private static final String MONO = "ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace";
    private static final String MUTED = "#57606a";
    private static final String RULE = "#d8dee4";
    private static final int CHART_HEIGHT_PX = 60;
    private static final String CELL = "padding:3px 4px;";
    /**
     * Gmail clips a message body past about 102 KB and hides the rest behind a link; staying under 100,000 bytes keeps
     * the end of every digest (the footer, the attachment note) in view.
     */
    static final int BUDGET_BYTES = 100_000;
    /** Room kept for the note that says the list stops early. */
    private static final int NOTE_RESERVE_BYTES = 1_024;
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY_HOUR_MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private HtmlBody() {}

    /** The body and how many objects it lists: the size budget may stop the list before the inline limit. */
    record Result(String html, int listed) {}

    static Result render(Digest digest, String subject, EntryGroups entries, String attachmentName) {
        StringBuilder head = new StringBuilder(16_384);
        head.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(subject)).append("</title>\n</head>\n")
                .append("<body style=\"margin:0;padding:0;background-color:#f6f8fa;\">\n")
                .append("<div style=\"max-width:680px;margin:0 auto;padding:16px;font-family:").append(FONT)
                .append(";font-size:14px;line-height:1.45;color:#1f2328;\">\n");
        head.append("<h1 style=\"font-size:20px;line-height:1.3;margin:0 0 4px;\">").append(Html.escape(subject))
                .append("</h1>\n");
        head.append("<p style=\"margin:0 0 16px;color:").append(MUTED).append(";\">Subscription ")
                .append(Html.escape(digest.subscriptionId())).append(" &middot; ").append(Html.escape(digest.scope()))
                .append("<br>").append(Html.escape(Labels.timeRange(digest))).append("</p>\n");
        Labels.part(digest).ifPresent(line -> head.append("<p style=\"margin:0 0 16px;padding:8px 12px;")
                .append("background-color:#fff8c5;border-left:4px solid #d4a72c;\">").append(Html.escape(line))
                .append("</p>\n"));
        summaryTable(head, digest);
        Labels.excluded(digest).ifPresent(line -> head.append("<p style=\"margin:8px 0 0;color:").append(MUTED)
                .append(";\">").append(Html.escape(line)).append("</p>\n"));

        StringBuilder middle = new StringBuilder(16_384);
        rollupTable(middle, PrefixRollup.of(digest), digest.summary().buckets().size() > 1);
        byWhomTable(middle, Requesters.top(Labels.events(digest), Labels.TOP_REQUESTERS), digest.summary().events());
        chart(middle, ActivityChart.of(digest.summary().eventsPerMinute()), digest.timeZone());

        StringBuilder tail = new StringBuilder(1024);
        tail.append("<p style=\"margin:24px 0 0;padding-top:8px;border-top:1px solid ").append(RULE)
                .append(";font-size:12px;color:").append(MUTED).append(";\">")
                .append(String.join("<br>\n", Labels.footer(digest).lines().map(Html::escape).toList()))
                .append("</p>\n")
                .append("</div>\n</body>\n</html>\n");

        int room = BUDGET_BYTES - NOTE_RESERVE_BYTES - Utf8.length(head) - Utf8.length(middle) - Utf8.length(tail);
        StringBuilder list = new StringBuilder(Math.max(0, Math.min(room, 128 * 1024)));
        int listed = 0;
        int used = 0;
        groups:
        for (EntryGroups.Group group : entries.groups()) {
            String heading = groupHeading(group);
            String close = "</table>\n";
            StringBuilder rows = new StringBuilder();
            int rowsBytes = 0;
            int rowsListed = 0;
            for (ObjectStory story : group.shown()) {
                String row = entryRow(story);
                int bytes = Utf8.length(row);
                if (used + Utf8.length(heading) + rowsBytes + bytes + close.length() > room) {
                    if (rowsListed > 0) {
                        list.append(heading).append(rows).append(close);
                        listed += rowsListed;
                    }
                    break groups;
                }
                rows.append(row);
                rowsBytes += bytes;
                rowsListed++;
            }
            list.append(heading).append(rows).append(close);
            used += Utf8.length(heading) + rowsBytes + close.length();
            listed += rowsListed;
        }

        int unlisted = digest.stories().size() - listed;
        StringBuilder out = new StringBuilder(head.length() + middle.length() + list.length() + tail.length() + 1024);
        out.append(head);
        if (unlisted > 0) {
            String note = listed < entries.shown()
                    ? Labels.budgetNote(unlisted, listed, attachmentName)
                    : Labels.csvNote(unlisted, attachmentName);
            out.append("<p style=\"margin:16px 0;padding:8px 12px;background-color:#fff8c5;\">")
                    .append(Html.escape(note)).append("</p>\n");
        }
        out.append(middle).append(list).append(tail);
        return new Result(out.toString(), listed);
    }

    private static void summaryTable(StringBuilder out, Digest digest) {
        DigestSummary summary = digest.summary();
        out.append(tableOpen());
        summaryRow(out, "Objects", Labels.count(summary.objects()));
        summaryRow(out, "Events", Labels.count(summary.events()));
        if (summary.duplicatesIgnored() > 0) {
            summaryRow(out, "Duplicate deliveries ignored", Labels.count(summary.duplicatesIgnored()));
        }
        summaryRow(out, "Bytes added", HumanBytes.format(summary.bytesAdded()));
        summaryRow(out, Labels.removedSizeUnknown(digest) ? "Bytes removed (at least)" : "Bytes removed",
                HumanBytes.format(summary.bytesRemoved()));
        sectionRow(out, "Objects by outcome");
        for (NetOutcome outcome : NetOutcome.values()) {
            int n = summary.objectsByOutcome().getOrDefault(outcome, 0);
            if (n > 0) {
                summaryRow(out, Labels.outcome(outcome), Labels.count(n));
            }
        }
        sectionRow(out, "Events by kind");
        for (EventKind kind : EventKind.values()) {
            if (summary.count(kind) > 0) {
                summaryRow(out, kind.displayName(), Labels.count(summary.count(kind)));
            }
        }
        out.append("</table>\n");
    }

    private static void chart(StringBuilder out, ActivityChart chart, ZoneId zone) {
        if (chart.bars().isEmpty()) {
            return;
        }
        out.append("<h2 style=\"font-size:16px;margin:24px 0 8px;\">Activity</h2>\n")
                .append("<table role=\"presentation\" style=\"width:100%;border-collapse:collapse;")
                .append("table-layout:fixed;background-color:#ffffff;\">\n<tr style=\"height:")
                .append(CHART_HEIGHT_PX + 8).append("px;\">\n");
        for (ActivityChart.Bar bar : chart.bars()) {
            int height = bar.events() == 0 ? 1
                    : Math.max(2, (int) Math.round((double) bar.events() * CHART_HEIGHT_PX / chart.peak()));
            String color = bar.events() == 0 ? RULE : "#0969da";
            out.append("<td data-bar=\"").append(bar.events()).append("\" title=\"")
                    .append(Html.escape(barTitle(bar, zone))).append("\" style=\"vertical-align:bottom;padding:0 1px;\">")
                    .append("<div style=\"height:").append(height).append("px;background-color:").append(color)
                    .append(";font-size:0;line-height:0;\">&nbsp;</div></td>\n");
        }
        ActivityChart.Bar firstBar = chart.bars().get(0);
        ActivityChart.Bar lastBar = chart.bars().get(chart.bars().size() - 1);
        Instant end = lastBar.start().plusSeconds(60L * lastBar.minutes());
        DateTimeFormatter format = (firstBar.start().atZone(zone).toLocalDate()
                .equals(end.atZone(zone).toLocalDate()) ? HOUR_MINUTE : DAY_HOUR_MINUTE).withZone(zone);
        String per = chart.minutesPerBar() == 1 ? "minute" : Labels.count(chart.minutesPerBar()) + " minutes";
        out.append("</tr>\n</table>\n")
                .append("<table role=\"presentation\" style=\"width:100%;border-collapse:collapse;font-size:12px;")
                .append("color:").append(MUTED).append(";\">\n<tr>")
                .append("<td style=\"text-align:left;\">").append(format.format(firstBar.start())).append("</td>")
                .append("<td style=\"text-align:center;\">events per ").append(per)
                .append(", peak ").append(Labels.count(chart.peak())).append("</td>")
                .append("<td style=\"text-align:right;\">").append(format.format(end)).append(' ')
                .append(Html.escape(Labels.zoneName(zone))).append("</td>")
                .append("</tr>\n</table>\n");
    }

    private static String barTitle(ActivityChart.Bar bar, ZoneId zone) {
        String start = DAY_HOUR_MINUTE.withZone(zone).format(bar.start());
        String range = bar.minutes() == 1 ? start
                : start + "–" + HOUR_MINUTE.withZone(zone).format(bar.start().plusSeconds(60L * bar.minutes()));
        return range + " " + Labels.zoneName(zone) + ": " + Labels.count(bar.events()) + (bar.events() == 1 ? " event" : " events");
    }

    private static String groupHeading(EntryGroups.Group group) {
        return "<h2 style=\"font-size:16px;margin:24px 0 8px;word-break:break-all;\">" + Html.escape(group.heading())
                + " <span style=\"font-weight:normal;color:" + MUTED + ";\">(" + Labels.objects(group.objects())
                + ")</span></h2>\n<table role=\"presentation\" style=\"width:100%;border-collapse:collapse;"
                + "background-color:#ffffff;font-size:13px;\">\n";
    }

    /** Lean markup (code and span inherit the table's font size): it decides how many rows fit the budget. */
    private static String entryRow(ObjectStory story) {
        return "<tr style=\"border-top:1px solid " + RULE + ";\"><td style=\"padding:5px 8px;border-left:3px solid "
                + outcomeColor(story.outcome()) + ";word-break:break-all;\"><code>" + Html.escape(story.key())
                + "</code><br><span style=\"color:" + MUTED + ";\">" + Html.escape(story.story())
                + "</span></td><td style=\"padding:5px 8px;text-align:right;vertical-align:top;\">"
                + Html.escape(Labels.size(story)).replace(" ", "&nbsp;") + "</td></tr>\n";
    }

    /**
     * The folder on a line of its own, its numbers on the line below: six narrow number columns fit a phone, and a long
     * folder name wraps across the whole width instead of squeezing a column.
     */
    private static void rollupTable(StringBuilder out, PrefixRollup rollup, boolean withBucket) {
        out.append("<h2 style=\"font-size:16px;margin:24px 0 8px;\">By folder</h2>\n")
                .append("<table role=\"presentation\" style=\"width:100%;border-collapse:collapse;")
                .append("background-color:#ffffff;font-size:13px;\">\n<tr>");
        for (String title : new String[] {"Objects", "Created", "Overwritten", "Removed", "Bytes added",
                "Bytes removed"}) {
            out.append("<th style=\"padding:4px 6px;text-align:right;vertical-align:bottom;font-size:12px;")
                    .append("font-weight:normal;color:").append(MUTED).append(";\">").append(title).append("</th>");
        }
        out.append("</tr>\n");
        for (PrefixRollup.Row row : rollup.rows()) {
            out.append("<tr style=\"border-top:1px solid ").append(RULE).append(";\"><td colspan=\"6\" ")
                    .append("style=\"padding:5px 6px 0;word-break:break-all;\"><code>")
                    .append(Html.escape(row.label(withBucket))).append("</code></td></tr>\n<tr>");
            numberCell(out, Labels.count(row.objects()));
            numberCell(out, Labels.count(row.created()));
            numberCell(out, Labels.count(row.overwritten()));
            numberCell(out, Labels.count(row.removed()));
            numberCell(out, HumanBytes.format(row.bytesAdded()));
            numberCell(out, HumanBytes.format(row.bytesRemoved()));
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    private static void byWhomTable(StringBuilder out, List<Requesters.Share> shares, int events) {
        out.append("<h2 style=\"font-size:16px;margin:24px 0 8px;\">By whom</h2>\n")
                .append("<table role=\"presentation\" style=\"width:100%;border-collapse:collapse;")
                .append("background-color:#ffffff;font-size:13px;\">\n");
        int listed = 0;
        for (Requesters.Share share : shares) {
            listed += share.events();
            out.append("<tr style=\"border-top:1px solid ").append(RULE).append(";\"><td style=\"")
                    .append(CELL).append("word-break:break-all;\">").append(Html.escape(share.requester()));
            if (!share.sourceIps().isEmpty()) {
                out.append("<br><span style=\"color:").append(MUTED).append(";\">from ")
                        .append(Html.escape(Labels.sourceIps(share))).append("</span>");
            }
            out.append("</td>");
            numberCell(out, Labels.count(share.events()) + (share.events() == 1 ? " event" : " events"));
            out.append("</tr>\n");
        }
        if (listed < events) {
            out.append("<tr style=\"border-top:1px solid ").append(RULE).append(";\"><td style=\"").append(CELL)
                    .append("color:").append(MUTED).append(";\">others</td>");
            numberCell(out, Labels.count(events - listed) + " events");
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    /** A number or a size; on a phone a size may wrap between its value and its unit rather than push the table wider. */
    private static void numberCell(StringBuilder out, String value) {
        out.append("<td style=\"").append(CELL).append("text-align:right;\">")
                .append(Html.escape(value)).append("</td>");
    }

    private static String outcomeColor(NetOutcome outcome) {
        return switch (outcome) {
            case WRITTEN -> "#1a7f37";
            case REMOVED -> "#cf222e";
            case TRANSIENT -> "#9a6700";
            case OTHER -> "#8c959f";
        };
    }

    private static String tableOpen() {
        return "<table role=\"presentation\" style=\"width:100%;border-collapse:collapse;"
                + "background-color:#ffffff;\">\n";
    }

    private static void summaryRow(StringBuilder out, String label, String value) {
        out.append("<tr><td style=\"padding:4px 8px;border-top:1px solid ").append(RULE).append(";\">")
                .append(Html.escape(label)).append("</td><td style=\"padding:4px 8px;border-top:1px solid ")
                .append(RULE).append(";text-align:right;white-space:nowrap;\">").append(Html.escape(value))
                .append("</td></tr>\n");
    }

    private static void sectionRow(StringBuilder out, String title) {
        out.append("<tr><th colspan=\"2\" style=\"padding:12px 8px 4px;text-align:left;font-size:12px;")
                .append("text-transform:uppercase;letter-spacing:0.04em;color:").append(MUTED).append(";\">")
                .append(Html.escape(title)).append("</th></tr>\n");
    }
}
