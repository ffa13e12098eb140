package io.bucketdigest.core.render;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.DigestSummary;
import io.bucketdigest.core.digest.ObjectStory;
import io.bucketdigest.core.digest.ObjectStory.NetOutcome;
import io.bucketdigest.core.event.EventKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The text/html body. Email clients strip style sheets and block remote content, so everything is inline CSS in a
 * single max-width column of tables that wrap on a phone; no scripts, images, links or web fonts.
 */
final class HtmlBody {

    private static final String FONT =
            "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
    private static final String MONO = "ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace";
    private static final String MUTED = "#57606a";
    private static final String RULE = "#d8dee4";
    private static final int CHART_HEIGHT_PX = 60;
    private static final DateTimeFormatter HOUR_MINUTE =
            DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_HOUR_MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private HtmlBody() {}

    static String render(Digest digest, String subject, EntryGroups entries, String attachmentName) {
        StringBuilder out = new StringBuilder(4096 + entries.shown() * 400);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(subject)).append("</title>\n</head>\n")
                .append("<body style=\"margin:0;padding:0;background-color:#f6f8fa;\">\n")
                .append("<div style=\"max-width:680px;margin:0 auto;padding:16px;font-family:").append(FONT)
                .append(";font-size:14px;line-height:1.45;color:#1f2328;\">\n");

        out.append("<h1 style=\"font-size:20px;line-height:1.3;margin:0 0 4px;\">").append(Html.escape(subject))
                .append("</h1>\n");
        out.append("<p style=\"margin:0 0 16px;color:").append(MUTED).append(";\">")
                .append(Html.escape(digest.scope())).append(" &middot; ").append(Html.escape(Labels.timeRange(digest)))
                .append("<br>Digest ").append(Html.escape(digest.id().value())).append("</p>\n");

        summaryTable(out, digest.summary());
        chart(out, ActivityChart.of(digest.summary().eventsPerMinute()));
        for (EntryGroups.Group group : entries.groups()) {
            entryTable(out, group);
        }
        if (entries.hidden() > 0) {
            out.append("<p style=\"margin:16px 0;padding:8px 12px;background-color:#fff8c5;\">")
                    .append(Html.escape(Labels.csvNote(entries.hidden(), attachmentName))).append("</p>\n");
        }
        out.append("</div>\n</body>\n</html>\n");
        return out.toString();
    }

    private static void summaryTable(StringBuilder out, DigestSummary summary) {
        out.append(tableOpen());
        summaryRow(out, "Objects", Labels.count(summary.objects()));
        summaryRow(out, "Events", Labels.count(summary.events()));
        if (summary.duplicatesIgnored() > 0) {
            summaryRow(out, "Duplicate deliveries ignored", Labels.count(summary.duplicatesIgnored()));
        }
        summaryRow(out, "Bytes added", HumanBytes.format(summary.bytesAdded()));
        summaryRow(out, Labels.hasRemovals(summary) ? "Bytes removed (at least)" : "Bytes removed",
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

    private static void chart(StringBuilder out, ActivityChart chart) {
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
                    .append(Html.escape(barTitle(bar))).append("\" style=\"vertical-align:bottom;padding:0 1px;\">")
                    .append("<div style=\"height:").append(height).append("px;background-color:").append(color)
                    .append(";font-size:0;line-height:0;\">&nbsp;</div></td>\n");
        }
        ActivityChart.Bar firstBar = chart.bars().get(0);
        ActivityChart.Bar lastBar = chart.bars().get(chart.bars().size() - 1);
        Instant end = lastBar.start().plusSeconds(60L * lastBar.minutes());
        DateTimeFormatter format = firstBar.start().atOffset(ZoneOffset.UTC).toLocalDate()
                .equals(end.atOffset(ZoneOffset.UTC).toLocalDate()) ? HOUR_MINUTE : DAY_HOUR_MINUTE;
        String per = chart.minutesPerBar() == 1 ? "minute" : Labels.count(chart.minutesPerBar()) + " minutes";
        out.append("</tr>\n</table>\n")
                .append("<table role=\"presentation\" style=\"width:100%;border-collapse:collapse;font-size:12px;")
                .append("color:").append(MUTED).append(";\">\n<tr>")
                .append("<td style=\"text-align:left;\">").append(format.format(firstBar.start())).append("</td>")
                .append("<td style=\"text-align:center;\">events per ").append(per)
                .append(", peak ").append(Labels.count(chart.peak())).append("</td>")
                .append("<td style=\"text-align:right;\">").append(format.format(end)).append(" UTC</td>")
                .append("</tr>\n</table>\n");
    }

    private static String barTitle(ActivityChart.Bar bar) {
        String start = DAY_HOUR_MINUTE.format(bar.start());
        String range = bar.minutes() == 1 ? start
                : start + "–" + HOUR_MINUTE.format(bar.start().plusSeconds(60L * bar.minutes()));
        return range + " UTC: " + Labels.count(bar.events()) + (bar.events() == 1 ? " event" : " events");
    }

    private static void entryTable(StringBuilder out, EntryGroups.Group group) {
        out.append("<h2 style=\"font-size:16px;margin:24px 0 8px;word-break:break-all;\">")
                .append(Html.escape(group.heading()))
                .append(" <span style=\"font-weight:normal;color:").append(MUTED).append(";\">(")
                .append(Labels.objects(group.objects())).append(")</span></h2>\n")
                .append(tableOpen());
        for (ObjectStory story : group.shown()) {
            out.append("<tr><td style=\"padding:6px 8px;border-top:1px solid ").append(RULE)
                    .append(";border-left:3px solid ").append(outcomeColor(story.outcome())).append(";\">")
                    .append("<div style=\"font-family:").append(MONO)
                    .append(";font-size:13px;word-break:break-all;overflow-wrap:anywhere;\">")
                    .append(Html.escape(story.key())).append("</div>")
                    .append("<div style=\"color:").append(MUTED).append(";\">").append(Html.escape(story.story()))
                    .append("</div></td>")
                    .append("<td style=\"padding:6px 8px;border-top:1px solid ").append(RULE)
                    .append(";text-align:right;vertical-align:top;white-space:nowrap;width:1%;\">")
                    .append(Html.escape(Labels.size(story))).append("</td></tr>\n");
        }
        out.append("</table>\n");
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
