package io.bucketdigest.cli.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LambdaFunctionConfiguration;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.NotificationConfigurationFilter;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.S3KeyFilter;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;

/**
 * Reads and rewrites a bucket's notification configuration. S3 only has "put the whole configuration", so attach and
 * detach always write back every configuration that is not ours, unchanged (filter rule names in lower case: S3's
 * documented form, and the only one the emulator accepts).
 */
public final class BucketNotifications {

    private final S3Client s3;
    private final AwsCalls calls;

    public BucketNotifications(S3Client s3, AwsCalls calls) {
        this.s3 = s3;
        this.calls = calls;
    }

    public NotificationConfiguration read(String bucket) {
        GetBucketNotificationConfigurationResponse response = calls.call("s3:GetBucketNotification",
                Target.bucket(bucket), () -> s3.getBucketNotificationConfiguration(b -> b.bucket(bucket)));
        return NotificationConfiguration.builder()
                .topicConfigurations(response.topicConfigurations().stream().map(BucketNotifications::clean).toList())
                .queueConfigurations(response.queueConfigurations().stream().map(BucketNotifications::clean).toList())
                .lambdaFunctionConfigurations(
                        response.lambdaFunctionConfigurations().stream().map(BucketNotifications::clean).toList())
                .eventBridgeConfiguration(response.eventBridgeConfiguration())
                .build();
    }

    public void write(String bucket, NotificationConfiguration configuration) {
        calls.run("s3:PutBucketNotification", Target.bucket(bucket),
                () -> s3.putBucketNotificationConfiguration(b -> b.bucket(bucket)
                        .notificationConfiguration(configuration)));
    }

    /** Our configurations are the topic configurations that publish to {@code topicArn}. */
    public static boolean isOurs(TopicConfiguration configuration, String topicArn) {
        return topicArn.equals(configuration.topicArn());
    }

    public static NotificationConfiguration withoutOurs(NotificationConfiguration configuration, String topicArn) {
        return configuration.toBuilder()
                .topicConfigurations(configuration.topicConfigurations().stream()
                        .filter(c -> !isOurs(c, topicArn)).toList())
                .build();
    }

    public static NotificationConfiguration with(NotificationConfiguration configuration, TopicConfiguration ours) {
        List<TopicConfiguration> topics = new ArrayList<>(configuration.topicConfigurations());
        topics.add(ours);
        return configuration.toBuilder().topicConfigurations(topics).build();
    }

    public static TopicConfiguration topicConfiguration(String id, String topicArn, List<String> events, String prefix,
            String suffix) {
        TopicConfiguration.Builder builder = TopicConfiguration.builder().id(id).topicArn(topicArn)
                .eventsWithStrings(events);
        NotificationConfigurationFilter filter = filter(prefix, suffix);
        if (filter != null) {
            builder.filter(filter);
        }
        return builder.build();
    }

    public static List<NotificationEntry> entries(NotificationConfiguration configuration) {
        List<NotificationEntry> entries = new ArrayList<>();
        for (TopicConfiguration c : configuration.topicConfigurations()) {
            entries.add(new NotificationEntry("topic", c.id(), c.topicArn(), c.eventsAsStrings(),
                    rule(c.filter(), "prefix"), rule(c.filter(), "suffix")));
        }
        for (QueueConfiguration c : configuration.queueConfigurations()) {
            entries.add(new NotificationEntry("queue", c.id(), c.queueArn(), c.eventsAsStrings(),
                    rule(c.filter(), "prefix"), rule(c.filter(), "suffix")));
        }
        for (LambdaFunctionConfiguration c : configuration.lambdaFunctionConfigurations()) {
            entries.add(new NotificationEntry("lambda", c.id(), c.lambdaFunctionArn(), c.eventsAsStrings(),
                    rule(c.filter(), "prefix"), rule(c.filter(), "suffix")));
        }
        if (configuration.eventBridgeConfiguration() != null) {
            entries.add(new NotificationEntry("eventbridge", "", "EventBridge", List.of("all events"), "", ""));
        }
        return entries;
    }

    private static String rule(NotificationConfigurationFilter filter, String name) {
        if (filter == null || filter.key() == null) {
            return "";
        }
        return filter.key().filterRules().stream()
                .filter(r -> name.equalsIgnoreCase(r.nameAsString()))
                .map(FilterRule::value)
                .findFirst().orElse("");
    }

    private static NotificationConfigurationFilter filter(String prefix, String suffix) {
        List<FilterRule> rules = new ArrayList<>();
        if (prefix != null && !prefix.isEmpty()) {
            rules.add(FilterRule.builder().name("prefix").value(prefix).build());
        }
        if (suffix != null && !suffix.isEmpty()) {
            rules.add(FilterRule.builder().name("suffix").value(suffix).build());
        }
        return rules.isEmpty() ? null
                : NotificationConfigurationFilter.builder().key(S3KeyFilter.builder().filterRules(rules).build()).build();
    }

    private static NotificationConfigurationFilter clean(NotificationConfigurationFilter filter) {
        if (filter == null || filter.key() == null || !filter.key().hasFilterRules()) {
            return filter;
        }
        return NotificationConfigurationFilter.builder().key(S3KeyFilter.builder().filterRules(
                filter.key().filterRules().stream()
                        .map(r -> FilterRule.builder().name(r.nameAsString().toLowerCase(Locale.ROOT))
                                .value(r.value()).build())
                        .toList()).build()).build();
    }

    private static TopicConfiguration clean(TopicConfiguration c) {
        return c.toBuilder().filter(clean(c.filter())).build();
    }

    private static QueueConfiguration clean(QueueConfiguration c) {
        return c.toBuilder().filter(clean(c.filter())).build();
    }

    private static LambdaFunctionConfiguration clean(LambdaFunctionConfiguration c) {
        return c.toBuilder().filter(clean(c.filter())).build();
    }

    static List<String> eventNames(List<Event> events) {
        return events.stream().map(Event::toString).toList();
    }
}
