package io.bucketdigest.cli.command;

import io.bucketdigest.cli.aws.NotificationEntry;
import io.bucketdigest.cli.output.Json;
import io.bucketdigest.cli.output.Text;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * The before/after view attach and detach print, and what they mean for deploys ({@link StackAttachments}): the
 * deploy command is printed whole on its own line, however wide, so that it can be copied.
 */
final class NotificationReport {

    private NotificationReport() {}

    static void print(BaseCommand command, boolean json, String action, String bucket, String topicArn,
            List<NotificationEntry> before, List<NotificationEntry> after, String policyChange, String verdict,
            boolean dryRun, Optional<StackAttachments.Advice> deploys) {
        PrintWriter out = command.out();
        if (json) {
            Json.writeLine(out, new ReportLine(action, bucket, topicArn, dryRun, !before.equals(after),
                    entries(before, topicArn), entries(after, topicArn), policyChange, verdict,
                    deploys.map(StackAttachments.Advice::json).orElse(null)));
            out.flush();
            return;
        }
        out.println("Bucket s3://" + bucket + " -> topic " + topicArn);
        section(out, "Before", before, topicArn, command.width());
        section(out, "After", after, topicArn, command.width());
        out.println();
        out.println(Text.wrap("Topic policy: " + policyChange, command.width(), 14));
        out.println("Result: " + verdict);
        deploys.ifPresent(advice -> {
            out.println(Text.wrap("Deploys: " + advice.text(), command.width(), 9));
            if (advice.command() != null) {
                out.println("  " + advice.command());
            }
        });
        out.flush();
    }

    private static void section(PrintWriter out, String title, List<NotificationEntry> entries, String topicArn,
            int width) {
        out.println();
        out.println(title + ":");
        if (entries.isEmpty()) {
            out.println("  (no notification configurations)");
            return;
        }
        for (NotificationEntry e : entries) {
            boolean ours = isOurs(e, topicArn);
            out.println((ours ? "* " : "  ") + e.kind() + " " + (e.id() == null || e.id().isEmpty() ? "(no id)"
                    : e.id()) + (ours ? "  (ours)" : ""));
            if (!e.kind().equals("eventbridge")) {
                out.println(Text.wrap("      to      " + e.destination(), width, 14));
                out.println(Text.wrap("      events  " + String.join(", ", e.events()), width, 14));
                out.println(Text.wrap("      keys    " + e.describeFilter(), width, 14));
            }
        }
    }

    private static boolean isOurs(NotificationEntry entry, String topicArn) {
        return entry.kind().equals("topic") && entry.destination().equals(topicArn);
    }

    private static List<EntryLine> entries(List<NotificationEntry> entries, String topicArn) {
        return entries.stream().map(e -> new EntryLine(e.kind(), e.id(), e.destination(), e.events(), e.prefix(),
                e.suffix(), isOurs(e, topicArn))).toList();
    }

    record ReportLine(String action, String bucket, String topicArn, boolean dryRun, boolean changed,
            List<EntryLine> before, List<EntryLine> after, String topicPolicy, String result,
            StackAttachments.Deploys attachedBuckets) {}

    record EntryLine(String type, String id, String destination, List<String> events, String prefix, String suffix,
            boolean ours) {}
}
