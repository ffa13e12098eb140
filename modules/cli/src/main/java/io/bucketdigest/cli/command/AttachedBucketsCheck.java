package io.bucketdigest.cli.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bucketdigest.cli.CliException;
import io.bucketdigest.cli.aws.AwsCalls;
import io.bucketdigest.cli.aws.BucketNotifications;
import io.bucketdigest.cli.aws.Target;
import io.bucketdigest.cli.aws.TopicPolicy;
import io.bucketdigest.cli.config.AttachedBuckets;
import io.bucketdigest.cli.config.ResourceKind;
import io.bucketdigest.cli.config.Resolved;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Status's look at the buckets connected with attach, with a stack only (the list is the stack's). For each bucket
 * in AttachedBuckets: does its notification configuration still publish to our topic, and does the topic policy
 * still let S3 publish for it. For each statement attach added by hand: is its bucket in AttachedBuckets, or will the
 * next deploy drop it. Every problem names the command that fixes it. A statement left for a bucket that no longer
 * exists is only listed, not a problem: the next deploy drops it.
 */
final class AttachedBucketsCheck {

    /**
     * @param notifications "ok", "missing" (no topic configuration of ours), "no such bucket", or why it is unknown
     * @param topicPolicy   "ok" or "missing"
     * @param statement     the Sid of a statement attach added for it, or null
     */
    record BucketState(String bucket, boolean listed, String notifications, String topicPolicy,
            @JsonProperty("attachStatement") String statement) {}

    record Result(String source, List<BucketState> buckets, List<String> problems) {}

    private static final String GONE = "no such bucket";

    private AttachedBucketsCheck() {}

    private static String alsoFixes(AttachedBuckets desired, AttachedBuckets justThis) {
        return desired.equals(justThis) ? "" : " (the same deploy for every " + AttachedBuckets.NAME
                + " warning here: it lists " + desired.describe() + ")";
    }

    static Optional<Result> run(BaseCommand command) {
        Optional<String> stack = command.resolver().stackName();
        Optional<Resolved> topicName = command.resolver().find(ResourceKind.TOPIC);
        if (stack.isEmpty() || topicName.isEmpty()) {
            return Optional.empty();
        }
        Target topic = Target.of(ResourceKind.TOPIC, topicName.get());
        Optional<Resolved> setting = command.resolver().stackSetting(AttachedBuckets.NAME);
        AttachedBuckets listed = AttachedBuckets.parse(setting.map(Resolved::value).orElse(""));
        String source = setting.map(Resolved::source).orElse("stack " + stack.get() + " (no " + AttachedBuckets.NAME
                + ": deployed from an older template)");
        List<String> problems = new ArrayList<>();
        ObjectNode policy;
        try {
            policy = new TopicPolicy(command.session().sns(), command.calls()).read(topic);
        } catch (CliException e) {
            problems.add("cannot read the topic policy to check the attached buckets: " + e.getMessage());
            return Optional.of(new Result(source, List.of(), problems));
        }
        Map<String, String> statements = new LinkedHashMap<>();
        for (TopicPolicy.AttachStatement statement : TopicPolicy.attachStatements(policy)) {
            statement.buckets().forEach(b -> statements.putIfAbsent(b, statement.sid()));
        }
        List<String> buckets = new ArrayList<>(listed.buckets());
        statements.keySet().stream().filter(b -> !buckets.contains(b)).forEach(buckets::add);

        String attach = "bucket-digest --stack " + stack.get() + " attach --bucket ";
        String partition = topic.name().split(":")[1];
        BucketNotifications notifications = new BucketNotifications(command.session().s3(), command.calls());
        List<BucketState> states = new ArrayList<>();
        for (String bucket : buckets) {
            String notified = notificationState(notifications, bucket, topic.name());
            boolean covered = TopicPolicy.allowsBucket(policy, topic.name(), "arn:" + partition + ":s3:::" + bucket);
            states.add(new BucketState(bucket, listed.contains(bucket), notified, covered ? "ok" : "missing",
                    statements.get(bucket)));
        }
        // One list for every deploy this prints (gone buckets out, hand-attached ones in), so any of them fixes all.
        AttachedBuckets desired = listed;
        for (BucketState state : states) {
            if (state.listed() && state.notifications().equals(GONE)) {
                desired = desired.minus(state.bucket());
            } else if (!state.listed() && state.notifications().equals("ok")) {
                desired = desired.plus(state.bucket());
            }
        }
        String deploy = desired.deployCommand(stack, StackAttachments.region(command));
        for (BucketState state : states) {
            String bucket = state.bucket();
            if (state.listed()) {
                if (state.notifications().equals(GONE)) {
                    problems.add("attached bucket " + bucket + " (in " + AttachedBuckets.NAME + ") does not exist: "
                            + "drop it from the stack: `" + deploy + "`" + alsoFixes(desired, listed.minus(bucket)));
                    continue;
                }
                if (state.notifications().equals("missing")) {
                    problems.add("attached bucket " + bucket + " (in " + AttachedBuckets.NAME + ") no longer "
                            + "publishes to the topic: its notification configuration has none of ours (replaced by "
                            + "someone else's?). Attach it again: `" + attach + bucket + "`");
                } else if (!state.notifications().equals("ok")) {
                    problems.add("cannot check attached bucket " + bucket + ": " + state.notifications());
                }
                if (state.topicPolicy().equals("missing")) {
                    problems.add("the topic policy no longer lets S3 publish for attached bucket " + bucket
                            + " (in " + AttachedBuckets.NAME + "; someone edited the stack's policy?), so its events "
                            + "are refused. Add a statement now: `" + attach + bucket + "`");
                }
            } else if (state.notifications().equals("ok")) {
                problems.add("bucket " + bucket + " was attached by hand (topic policy statement " + state.statement()
                        + ") but the stack's " + AttachedBuckets.NAME + " does not list it: the next deploy drops the "
                        + "statement and its events stop. Keep it: `" + deploy + "`"
                        + alsoFixes(desired, listed.plus(bucket)) + "; or, if it should not be attached, "
                        + "`bucket-digest --stack " + stack.get() + " detach --bucket " + bucket + "`");
            } else if (state.notifications().equals("missing")) {
                problems.add("topic policy statement " + state.statement() + " is left over: bucket " + bucket
                        + " is not in " + AttachedBuckets.NAME + " and does not publish to the topic. Remove it: "
                        + "`bucket-digest --stack " + stack.get() + " detach --bucket " + bucket + "`");
            } else if (!state.notifications().equals(GONE)) {
                problems.add("cannot check bucket " + bucket + " (topic policy statement " + state.statement()
                        + "): " + state.notifications());
            }
        }
        return Optional.of(new Result(source, states, problems));
    }

    private static String notificationState(BucketNotifications notifications, String bucket, String topicArn) {
        try {
            boolean ours = notifications.read(bucket).topicConfigurations().stream()
                    .anyMatch(c -> BucketNotifications.isOurs(c, topicArn));
            return ours ? "ok" : "missing";
        } catch (CliException e) {
            if ("NoSuchBucket".equals(AwsCalls.sdkCause(e) == null ? "" : AwsCalls.errorCode(AwsCalls.sdkCause(e)))) {
                return GONE;
            }
            return e.getMessage();
        }
    }
}
