package io.bucketdigest.cli.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/**
 * Oldest-message ages. SQS has no API for it besides CloudWatch's ApproximateAgeOfOldestMessage (reading a main queue
 * to find out would count as a receive towards its maxReceiveCount), so main queues use CloudWatch; dead-letter
 * queues, which nothing else reads, are sampled directly.
 */
public final class QueueAges {

    /** An age and where it came from ("cloudwatch", "sample"), or why there is none. */
    public record Age(Duration age, String source, String note) {
        public static Age none(String note) {
            return new Age(null, null, note);
        }
    }

    private final CloudWatchClient cloudWatch;
    private final Queues queues;

    public QueueAges(CloudWatchClient cloudWatch, Queues queues) {
        this.cloudWatch = cloudWatch;
        this.queues = queues;
    }

    /** CloudWatch's latest ApproximateAgeOfOldestMessage per queue URL; empty ages when CloudWatch has none. */
    public Map<String, Age> fromCloudWatch(List<String> queueUrls, Instant now) {
        Map<String, Age> ages = new HashMap<>();
        List<MetricDataQuery> queries = new ArrayList<>();
        for (int i = 0; i < queueUrls.size(); i++) {
            String url = queueUrls.get(i);
            String name = url.substring(url.lastIndexOf('/') + 1);
            queries.add(MetricDataQuery.builder().id("q" + i).returnData(true).metricStat(MetricStat.builder()
                    .metric(Metric.builder().namespace("AWS/SQS").metricName("ApproximateAgeOfOldestMessage")
                            .dimensions(Dimension.builder().name("QueueName").value(name).build()).build())
                    .period(60).stat("Maximum").build()).build());
        }
        try {
            GetMetricDataResponse response = cloudWatch.getMetricData(b -> b.metricDataQueries(queries)
                    .startTime(now.minus(Duration.ofMinutes(15))).endTime(now));
            for (MetricDataResult result : response.metricDataResults()) {
                int index = Integer.parseInt(result.id().substring(1));
                if (result.hasValues() && !result.values().isEmpty()) {
                    ages.put(queueUrls.get(index), new Age(Duration.ofSeconds(result.values().get(0).longValue()),
                            "cloudwatch", null));
                }
            }
            for (String url : queueUrls) {
                ages.putIfAbsent(url, Age.none("no CloudWatch data in the last 15 minutes"));
            }
        } catch (RuntimeException e) {
            String reason = AwsCalls.sdkCause(e) != null && AwsCalls.statusCode(AwsCalls.sdkCause(e)) == 403
                    ? "no cloudwatch:GetMetricData permission" : "CloudWatch unavailable here";
            for (String url : queueUrls) {
                ages.put(url, Age.none(reason));
            }
        }
        return ages;
    }

    /** The oldest SentTimestamp among up to {@code sample} messages, which are made visible again at once. */
    public Age sample(Target deadLetter, QueueRole role, long depth, int sample, Instant now) {
        if (depth == 0) {
            return new Age(null, "sample", "empty");
        }
        List<DlqMessage> messages = queues.peek(deadLetter, role, sample, depth);
        Optional<Instant> oldest = messages.stream().map(DlqMessage::sentAt).filter(java.util.Objects::nonNull)
                .min(Instant::compareTo);
        if (oldest.isEmpty()) {
            return Age.none("no message could be sampled");
        }
        String note = messages.size() < depth ? "oldest of " + messages.size() + " sampled" : null;
        return new Age(Duration.between(oldest.get(), now), "sample", note);
    }
}
