package io.bucketdigest.cli.command;

import io.bucketdigest.cli.aws.Target;
import io.bucketdigest.cli.config.AttachedBuckets;
import io.bucketdigest.cli.config.Resolved;
import java.util.List;
import java.util.Optional;

/**
 * What attach and detach say about deploys. The stack owns the topic policy and rebuilds it from its AttachedBuckets
 * parameter on every deploy (docs/deployment.md, "Attached buckets across deploys"), so the statement attach adds
 * lasts until the next deploy unless the list names the bucket. With {@code --stack} the current list is the
 * stack's (its output, else its parameter); without a stack the CLI cannot know it and says so; the local pipeline
 * has no deploys, so nothing is said there.
 */
final class StackAttachments {

    /**
     * @param text    one sentence for people
     * @param command the deploy to run, or null when none is needed
     * @param json    the same for programs
     */
    record Advice(String text, String command, Deploys json) {}

    /** What JSON says about deploys: the stack, where its list came from, the list, whether it names the bucket. */
    record Deploys(String stack, String source, List<String> current, Boolean listed, String deployCommand) {}

    private StackAttachments() {}

    static Optional<Advice> afterAttach(BaseCommand command, Target topic, String bucket) {
        if (isLocalPipeline(command, topic)) {
            return Optional.empty();
        }
        Optional<String> stack = command.resolver().stackName();
        if (stack.isEmpty()) {
            String deploy = AttachedBuckets.parse(bucket).deployCommand(Optional.empty(), Optional.empty());
            return Optional.of(new Advice("the stack owns the topic policy, so the next deploy resets it and S3 can "
                    + "no longer publish for " + bucket + " unless the stack's " + AttachedBuckets.NAME + " lists it. "
                    + "Deploy with the following, adding the buckets the stack already lists (run with --stack NAME "
                    + "to have them filled in):", deploy, new Deploys(null, null, null, null, deploy)));
        }
        Optional<Resolved> setting = command.resolver().stackSetting(AttachedBuckets.NAME);
        AttachedBuckets current = AttachedBuckets.parse(setting.map(Resolved::value).orElse(""));
        String source = setting.map(Resolved::source).orElse(null);
        if (current.contains(bucket)) {
            return Optional.of(new Advice("stack " + stack.get() + " lists " + bucket + " in "
                    + AttachedBuckets.NAME + " (" + source + "): deploys keep it attached.", null,
                    new Deploys(stack.get(), source, current.buckets(), true, null)));
        }
        String deploy = current.plus(bucket).deployCommand(stack, region(command));
        String now = setting.isEmpty() ? "the stack has no " + AttachedBuckets.NAME + " yet: it was deployed from an "
                + "older template" : "now: " + current.describe();
        return Optional.of(new Advice("stack " + stack.get() + " does not list " + bucket + " in "
                + AttachedBuckets.NAME + " (" + now + "), so the next deploy resets the topic policy and S3 can no "
                + "longer publish for " + bucket + ". To keep it attached, deploy with:", deploy,
                new Deploys(stack.get(), source, current.buckets(), false, deploy)));
    }

    static Optional<Advice> afterDetach(BaseCommand command, Target topic, String bucket) {
        if (isLocalPipeline(command, topic)) {
            return Optional.empty();
        }
        Optional<String> stack = command.resolver().stackName();
        if (stack.isEmpty()) {
            return Optional.of(new Advice("if the stack's " + AttachedBuckets.NAME + " lists " + bucket + ", its "
                    + "topic policy still lets S3 publish for it: deploy without it (run with --stack NAME to see "
                    + "the command).", null, new Deploys(null, null, null, null, null)));
        }
        Optional<Resolved> setting = command.resolver().stackSetting(AttachedBuckets.NAME);
        AttachedBuckets current = AttachedBuckets.parse(setting.map(Resolved::value).orElse(""));
        String source = setting.map(Resolved::source).orElse(null);
        if (!current.contains(bucket)) {
            return Optional.of(new Advice("stack " + stack.get() + " does not list " + bucket + " in "
                    + AttachedBuckets.NAME + ": no deploy needed.", null,
                    new Deploys(stack.get(), source, current.buckets(), false, null)));
        }
        String deploy = current.minus(bucket).deployCommand(stack, region(command));
        return Optional.of(new Advice("stack " + stack.get() + " lists " + bucket + " in " + AttachedBuckets.NAME
                + " (" + source + "), so its topic policy still lets S3 publish for it. To drop it from the stack "
                + "too, deploy with:", deploy, new Deploys(stack.get(), source, current.buckets(), true, deploy)));
    }

    /** No stack, and the topic comes from the local pipeline's file: there is nothing to deploy. */
    static boolean isLocalPipeline(BaseCommand command, Target topic) {
        return command.resolver().stackName().isEmpty() && command.resolver().localPipeline()
                .map(p -> p.describe().equals(topic.source())).orElse(false);
    }

    static Optional<String> region(BaseCommand command) {
        return Optional.of(command.resolver().connection().region());
    }
}
