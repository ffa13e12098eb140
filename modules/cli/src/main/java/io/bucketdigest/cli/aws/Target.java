package io.bucketdigest.cli.aws;

import io.bucketdigest.cli.config.ResourceKind;
import io.bucketdigest.cli.config.Resolved;

/**
 * The resource an AWS call acts on, as error messages name it: what it is, its name, where the name came from, and
 * what to do when it does not exist.
 */
public record Target(String kind, String name, String source, String fixWhenMissing) {

    public static Target of(ResourceKind resource, Resolved resolved) {
        String kind = switch (resource) {
            case TABLE -> "table";
            case TOPIC -> "topic";
            case BUCKET -> "bucket";
            default -> resource.label();
        };
        String fix = switch (resource) {
            case TABLE -> "Did you deploy the stack (scripts/deploy), or pass --stack NAME / --table NAME?";
            case BUCKET -> "Check --bucket-name, or pass --stack NAME.";
            default -> "Did you deploy the stack (scripts/deploy), or pass --stack NAME / " + resource.flag() + "?";
        };
        return new Target(kind, resolved.value(), resolved.source(), fix);
    }

    public static Target bucket(String bucket) {
        return new Target("bucket", bucket, null, "Check the bucket name and the region (--region).");
    }

    public static Target stack(String stack) {
        return new Target("stack", stack, "--stack",
                "Check the stack name, --region and --profile (aws cloudformation describe-stacks).");
    }

    public String describe() {
        return kind + " " + name;
    }
}
