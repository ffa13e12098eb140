package io.bucketdigest.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bucketdigest.cli.aws.BucketNotifications;
import io.bucketdigest.cli.aws.NotificationEntry;
import io.bucketdigest.cli.aws.Target;
import io.bucketdigest.cli.aws.TopicPolicy;
import io.bucketdigest.cli.config.ResourceKind;
import io.bucketdigest.cli.output.ReportFormatOption;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;

@Command(
        name = "detach",
        mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        sortOptions = false,
        header = "Disconnect a bucket from the pipeline's topic, keeping its other notifications.",
        description = {
            "",
            "Removes every topic configuration that publishes to the deployed topic, and the topic policy "
                + "statement attach added for the bucket. Other configurations stay exactly as they are. When the "
                + "stack's AttachedBuckets lists the bucket (with --stack), detach prints the deploy without it.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {"  bucket-digest detach --bucket photos --dry-run", "  bucket-digest detach --bucket photos"})
public final class DetachCommand extends BaseCommand {

    @Option(names = "--bucket", paramLabel = "NAME", required = true, description = "The bucket to disconnect.")
    String bucket;

    @Option(names = "--no-topic-policy", description = "Leave the topic policy alone.")
    boolean noTopicPolicy;

    @Option(names = "--dry-run", description = "Show the configuration before and after; change nothing.")
    boolean dryRun;

    @Mixin
    ReportFormatOption output;

    @Override
    public Integer call() {
        Target topic = target(ResourceKind.TOPIC);
        BucketNotifications notifications = new BucketNotifications(session().s3(), calls());
        NotificationConfiguration before = notifications.read(bucket);
        NotificationConfiguration after = BucketNotifications.withoutOurs(before, topic.name());
        List<NotificationEntry> beforeEntries = BucketNotifications.entries(before);
        List<NotificationEntry> afterEntries = BucketNotifications.entries(after);
        boolean attached = beforeEntries.size() != afterEntries.size();
        String policyChange = "not checked";
        Optional<ObjectNode> newPolicy = Optional.empty();
        if (!noTopicPolicy) {
            TopicPolicy policies = new TopicPolicy(session().sns(), calls());
            newPolicy = TopicPolicy.withoutStatement(policies.read(topic), bucket);
            policyChange = newPolicy.isPresent()
                    ? (dryRun ? "would remove" : "removed") + " statement " + TopicPolicy.sid(bucket)
                    : "unchanged (no statement added by attach for this bucket)";
        }
        if (!dryRun) {
            if (attached) {
                notifications.write(bucket, after);
            }
            if (newPolicy.isPresent()) {
                new TopicPolicy(session().sns(), calls()).write(topic, newPolicy.get());
            }
        }
        String verdict = !attached ? "not attached; nothing to change"
                : dryRun ? "dry run: nothing was changed" : "detached";
        NotificationReport.print(this, output.json(), "detach", bucket, topic.name(), beforeEntries, afterEntries,
                policyChange, verdict, dryRun, StackAttachments.afterDetach(this, topic, bucket));
        return 0;
    }
}
