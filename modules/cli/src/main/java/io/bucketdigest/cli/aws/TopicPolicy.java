package io.bucketdigest.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The topic's access policy, as far as attach needs it: does it let S3 publish for a given bucket, and the statement
 * attach adds (and detach removes) when it does not. The deployed stack owns this policy, so a stack update drops
 * these statements; what survives deploys is the stack's own statement for the buckets of its AttachedBuckets
 * parameter (docs/deployment.md, "Attached buckets across deploys").
 */
public final class TopicPolicy {

    public static final String SID_PREFIX = "BucketDigestAttach";

    private final SnsClient sns;
    private final AwsCalls calls;
    private final ObjectMapper mapper = new ObjectMapper();

    public TopicPolicy(SnsClient sns, AwsCalls calls) {
        this.sns = sns;
        this.calls = calls;
    }

    public ObjectNode read(Target topic) {
        String policy = calls.call("sns:GetTopicAttributes", topic,
                () -> sns.getTopicAttributes(b -> b.topicArn(topic.name()))).attributes().get("Policy");
        if (policy == null || policy.isBlank()) {
            ObjectNode empty = mapper.createObjectNode();
            empty.put("Version", "2012-10-17");
            empty.putArray("Statement");
            return empty;
        }
        try {
            JsonNode node = mapper.readTree(policy);
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw new IOException("not an object");
        } catch (IOException e) {
            throw new IllegalStateException("the policy of " + topic.describe() + " is not valid JSON", e);
        }
    }

    public void write(Target topic, ObjectNode policy) {
        String text = policy.toString();
        calls.run("sns:SetTopicAttributes", topic, () -> sns.setTopicAttributes(b -> b.topicArn(topic.name())
                .attributeName("Policy").attributeValue(text)));
    }

    public static String sid(String bucket) {
        return SID_PREFIX + bucket.replaceAll("[^A-Za-z0-9]", "");
    }

    /** True when some Allow statement lets s3.amazonaws.com publish to the topic for this bucket. */
    public static boolean allowsBucket(ObjectNode policy, String topicArn, String bucketArn) {
        for (JsonNode statement : statements(policy)) {
            if (!"Allow".equals(statement.path("Effect").asText())) {
                continue;
            }
            // A service principal must be named: "AWS": "*" (the default topic policy) covers IAM principals only.
            if (!values(statement.path("Principal").path("Service")).contains("s3.amazonaws.com")
                    && !"*".equals(statement.path("Principal").asText())) {
                continue;
            }
            if (values(statement.path("Action")).stream().map(a -> a.toLowerCase(Locale.ROOT))
                    .noneMatch(a -> a.equals("sns:publish") || a.equals("sns:*") || a.equals("*"))) {
                continue;
            }
            List<String> resources = values(statement.path("Resource"));
            if (!resources.isEmpty() && resources.stream().noneMatch(r -> glob(r, topicArn))) {
                continue;
            }
            List<String> sourceArns = new ArrayList<>();
            JsonNode condition = statement.path("Condition");
            for (String operator : List.of("ArnEquals", "ArnLike", "StringEquals", "StringLike")) {
                sourceArns.addAll(values(condition.path(operator).path("aws:SourceArn")));
            }
            if (sourceArns.isEmpty() || sourceArns.stream().anyMatch(p -> glob(p, bucketArn))) {
                return true;
            }
        }
        return false;
    }

    public static ObjectNode withStatement(ObjectNode policy, String topicArn, String bucket, String bucketArn,
            String account) {
        ObjectNode copy = policy.deepCopy();
        ArrayNode statements = statementArray(copy);
        ObjectNode statement = statements.addObject();
        statement.put("Sid", sid(bucket));
        statement.put("Effect", "Allow");
        statement.putObject("Principal").put("Service", "s3.amazonaws.com");
        statement.put("Action", "sns:Publish");
        statement.put("Resource", topicArn);
        ObjectNode condition = statement.putObject("Condition");
        condition.putObject("ArnEquals").put("aws:SourceArn", bucketArn);
        if (account != null && !account.isEmpty()) {
            condition.putObject("StringEquals").put("aws:SourceAccount", account);
        }
        return copy;
    }

    /** A statement attach added ({@link #SID_PREFIX}), and the buckets its aws:SourceArn condition names. */
    public record AttachStatement(String sid, List<String> buckets) {}

    /** The statements attach added, in policy order; a bucket is read from its ARN (arn:PARTITION:s3:::NAME). */
    public static List<AttachStatement> attachStatements(ObjectNode policy) {
        List<AttachStatement> found = new ArrayList<>();
        for (JsonNode statement : statements(policy)) {
            String sid = statement.path("Sid").asText("");
            if (!sid.startsWith(SID_PREFIX)) {
                continue;
            }
            List<String> buckets = new ArrayList<>();
            JsonNode condition = statement.path("Condition");
            for (String operator : List.of("ArnEquals", "ArnLike", "StringEquals", "StringLike")) {
                for (String arn : values(condition.path(operator).path("aws:SourceArn"))) {
                    int at = arn.indexOf(":::");
                    if (arn.startsWith("arn:") && at > 0 && at + 3 < arn.length()) {
                        buckets.add(arn.substring(at + 3));
                    }
                }
            }
            found.add(new AttachStatement(sid, buckets));
        }
        return found;
    }

    /** The policy without the statement attach added for this bucket; empty when there is none. */
    public static Optional<ObjectNode> withoutStatement(ObjectNode policy, String bucket) {
        ObjectNode copy = policy.deepCopy();
        ArrayNode statements = statementArray(copy);
        boolean removed = false;
        for (Iterator<JsonNode> it = statements.elements(); it.hasNext(); ) {
            if (sid(bucket).equals(it.next().path("Sid").asText())) {
                it.remove();
                removed = true;
            }
        }
        return removed ? Optional.of(copy) : Optional.empty();
    }

    private static ArrayNode statementArray(ObjectNode policy) {
        JsonNode statement = policy.get("Statement");
        if (statement instanceof ArrayNode array) {
            return array;
        }
        ArrayNode array = policy.putArray("Statement");
        if (statement != null && statement.isObject()) {
            array.add(statement);
        }
        return array;
    }

    private static List<JsonNode> statements(ObjectNode policy) {
        List<JsonNode> list = new ArrayList<>();
        JsonNode statement = policy.get("Statement");
        if (statement != null && statement.isArray()) {
            statement.forEach(list::add);
        } else if (statement != null && statement.isObject()) {
            list.add(statement);
        }
        return list;
    }

    private static List<String> values(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }

    private static boolean glob(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return value.matches(regex.toString());
    }
}
