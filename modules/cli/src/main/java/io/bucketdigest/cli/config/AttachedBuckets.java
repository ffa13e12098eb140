package io.bucketdigest.cli.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stack's {@code AttachedBuckets}: the buckets its topic policy lets S3 publish for besides its own (a
 * CommaDelimitedList parameter; the output of the same name joins it with commas). The stack owns the attachments
 * (docs/deployment.md, "Attached buckets across deploys"), so changing the list is a deploy, and this builds its
 * command line. Bucket, stack and region names need no shell quoting.
 */
public record AttachedBuckets(List<String> buckets) {

    public static final String NAME = "AttachedBuckets";

    public AttachedBuckets {
        buckets = List.copyOf(buckets);
    }

    /** The comma-joined form; blanks and repeats are dropped, the order is kept. */
    public static AttachedBuckets parse(String value) {
        List<String> buckets = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(",")) {
                String bucket = part.trim();
                if (!bucket.isEmpty() && !buckets.contains(bucket)) {
                    buckets.add(bucket);
                }
            }
        }
        return new AttachedBuckets(buckets);
    }

    public boolean contains(String bucket) {
        return buckets.contains(bucket);
    }

    public AttachedBuckets plus(List<String> more) {
        List<String> all = new ArrayList<>(buckets);
        more.stream().filter(b -> !all.contains(b)).forEach(all::add);
        return new AttachedBuckets(all);
    }

    public AttachedBuckets plus(String bucket) {
        return plus(List.of(bucket));
    }

    public AttachedBuckets minus(String bucket) {
        return new AttachedBuckets(buckets.stream().filter(b -> !b.equals(bucket)).toList());
    }

    /** For people: "a, b", or "(none)". */
    public String describe() {
        return buckets.isEmpty() ? "(none)" : String.join(", ", buckets);
    }

    /**
     * The deploy that makes this the stack's list. {@code --stack} and {@code --region} are named when known, so the
     * command does not depend on which stack deploy.conf remembers; an empty list is spelled {@code ""}.
     */
    public String deployCommand(Optional<String> stack, Optional<String> region) {
        StringBuilder command = new StringBuilder("scripts/deploy");
        stack.ifPresent(s -> command.append(" --stack ").append(s));
        region.ifPresent(r -> command.append(" --region ").append(r));
        command.append(" --parameter-overrides ").append(NAME).append('=')
                .append(buckets.isEmpty() ? "\"\"" : String.join(",", buckets));
        return command.toString();
    }
}
