package io.bucketdigest.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bucketdigest.cli.CliException;
import io.bucketdigest.cli.aws.BucketNotifications;
import io.bucketdigest.cli.aws.NotificationEntry;
import io.bucketdigest.cli.aws.Target;
import io.bucketdigest.cli.aws.TopicPolicy;
import io.bucketdigest.cli.config.ResourceKind;
import io.bucketdigest.cli.output.ReportFormatOption;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;

@Command(
        name = "attach",
        mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        sortOptions = false,
        header = "Connect an existing bucket to the pipeline's topic (merging with its notifications).",
        description = {
            "",
            "Adds one topic configuration (to the deployed topic) to the bucket's notification configuration "
                + "and keeps every configuration already there. S3 rejects two configurations that share an event "
                + "type for overlapping key filters, so attach refuses (exit 4) and names the one in the way; "
                + "narrow ours with --prefix/--suffix/--events, or change the other one. Attaching again updates "
                + "our configuration.",
            "",
            "The topic policy must let S3 publish for this bucket: attach adds a statement when it does not "
                + "(--no-topic-policy skips that), so events flow at once. The stack owns that policy and rebuilds "
                + "it on every deploy from its AttachedBuckets parameter, so attach prints the deploy that keeps the "
                + "bucket (scripts/deploy --parameter-overrides AttachedBuckets=...; with --stack the list is the "
                + "stack's plus this bucket), or says the stack lists it already. The local pipeline has no deploys. "
                + "S3 sends an s3:TestEvent to the topic on every change; the pipeline ignores it.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  bucket-digest attach --bucket photos --dry-run",
            "  bucket-digest attach --bucket photos --prefix raw/ \\",
            "      --events s3:ObjectCreated:*,s3:ObjectRemoved:*",
            "  bucket-digest --stack bucket-digest-prod attach --bucket legacy-uploads"
        })
public final class AttachCommand extends BaseCommand {

    static final List<String> DEFAULT_EVENTS = List.of("s3:ObjectCreated:*", "s3:ObjectRemoved:*",
            "s3:ObjectRestore:*");

    @Option(names = "--bucket", paramLabel = "NAME", required = true, description = "The bucket to connect.")
    String bucket;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "Only keys starting with this.")
    String prefix;

    @Option(names = "--suffix", paramLabel = "SUFFIX", description = "Only keys ending with this.")
    String suffix;

    @Option(names = "--events", paramLabel = "EVENT", split = ",",
            description = "S3 event types (default: s3:ObjectCreated:*, s3:ObjectRemoved:*, s3:ObjectRestore:*).")
    List<String> events;

    @Option(names = "--id", paramLabel = "ID",
            description = "Configuration id (default: the topic's name, prefixed with bucket-digest- unless it "
                    + "starts with that).")
    String id;

    @Option(names = "--bucket-account", paramLabel = "ACCOUNT",
            description = "The bucket owner's account id for the topic policy (default: the topic's account).")
    String bucketAccount;

    @Option(names = "--no-topic-policy", description = "Do not check or change the topic policy.")
    boolean noTopicPolicy;

    @Option(names = "--dry-run", description = "Show the configuration before and after; change nothing.")
    boolean dryRun;

    @Mixin
    ReportFormatOption output;

    @Override
    public Integer call() {
        Target topic = target(ResourceKind.TOPIC);
        String topicArn = topic.name();
        List<String> eventTypes = normalize(events == null || events.isEmpty() ? DEFAULT_EVENTS : events);
        String topicName = topicArn.substring(topicArn.lastIndexOf(':') + 1);
        String configurationId = id != null ? id
                : topicName.startsWith("bucket-digest") ? topicName : "bucket-digest-" + topicName;
        BucketNotifications notifications = new BucketNotifications(session().s3(), calls());
        NotificationConfiguration before = notifications.read(bucket);
        TopicConfiguration ours = BucketNotifications.topicConfiguration(configurationId, topicArn, eventTypes, prefix,
                suffix);
        NotificationEntry oursEntry = BucketNotifications.entries(
                NotificationConfiguration.builder().topicConfigurations(ours).build()).get(0);
        NotificationConfiguration others = BucketNotifications.withoutOurs(before, topicArn);
        List<String> conflicts = new ArrayList<>();
        for (NotificationEntry other : BucketNotifications.entries(others)) {
            if (!other.kind().equals("eventbridge") && oursEntry.overlaps(other)) {
                conflicts.add(other.kind() + " configuration '" + other.id() + "' -> " + other.destination()
                        + " (" + String.join(", ", other.events()) + "; " + other.describeFilter() + ") shares "
                        + String.join(", ", oursEntry.sharedEvents(other)));
            }
        }
        if (!conflicts.isEmpty()) {
            throw CliException.conflict("cannot attach s3://" + bucket + ": S3 rejects configurations that share an "
                    + "event type for overlapping keys, and ours (" + String.join(", ", eventTypes) + "; "
                    + oursEntry.describeFilter() + ") overlaps:\n  - " + String.join("\n  - ", conflicts)
                    + "\nFix: narrow ours with --prefix/--suffix/--events so they no longer overlap, or change or "
                    + "remove that configuration (e.g. point it at the topic instead).");
        }
        NotificationConfiguration after = BucketNotifications.with(others, ours);
        List<NotificationEntry> beforeEntries = BucketNotifications.entries(before);
        List<NotificationEntry> afterEntries = BucketNotifications.entries(after);
        boolean unchanged = beforeEntries.equals(afterEntries);

        String policyChange = "not checked";
        ObjectNode newPolicy = null;
        if (!noTopicPolicy) {
            TopicPolicy policies = new TopicPolicy(session().sns(), calls());
            ObjectNode policy = policies.read(topic);
            String partition = topicArn.split(":")[1];
            String bucketArn = "arn:" + partition + ":s3:::" + bucket;
            if (TopicPolicy.allowsBucket(policy, topicArn, bucketArn)) {
                policyChange = "unchanged (already lets S3 publish for this bucket)";
            } else {
                String account = bucketAccount != null ? bucketAccount : topicArn.split(":")[4];
                newPolicy = TopicPolicy.withStatement(policy, topicArn, bucket, bucketArn, account);
                policyChange = (dryRun ? "would add" : "added") + " statement " + TopicPolicy.sid(bucket)
                        + " (s3.amazonaws.com may publish for " + bucketArn + ")";
            }
        }
        if (!dryRun) {
            if (newPolicy != null) {
                new TopicPolicy(session().sns(), calls()).write(topic, newPolicy);
            }
            if (!unchanged) {
                notifications.write(bucket, after);
            }
        }
        String verdict = unchanged ? "already attached; nothing to change"
                : dryRun ? "dry run: nothing was changed" : "attached";
        NotificationReport.print(this, output.json(), "attach", bucket, topicArn, beforeEntries, afterEntries, policyChange,
                verdict, dryRun, StackAttachments.afterAttach(this, topic, bucket));
        return 0;
    }

    static List<String> normalize(List<String> events) {
        List<String> normalized = new ArrayList<>();
        for (String event : events) {
            String e = event.trim();
            if (e.isEmpty()) {
                continue;
            }
            if (!e.startsWith("s3:")) {
                e = "s3:" + e;
            }
            if (!e.matches("s3:[A-Za-z]+(:[A-Za-z*]+)?")) {
                throw CliException.usage("--events: '" + event + "' is not an S3 event type such as "
                        + "s3:ObjectCreated:* or s3:ObjectRemoved:Delete");
            }
            normalized.add(e);
        }
        if (normalized.isEmpty()) {
            throw CliException.usage("--events: give at least one event type");
        }
        return normalized;
    }
}
