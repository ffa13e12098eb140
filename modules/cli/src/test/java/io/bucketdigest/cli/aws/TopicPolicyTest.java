package io.bucketdigest.cli.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicPolicyTest {

    private static final String TOPIC = "arn:aws:sns:eu-west-1:111122223333:bucket-digest-Topic";
    private static final String BUCKET_ARN = "arn:aws:s3:::photos";

    private static ObjectNode policy(String json) throws Exception {
        return (ObjectNode) new ObjectMapper().readTree(json);
    }

    @Test
    void allowsBucket_stackPolicyForAnotherBucket_isFalse_thenTrueAfterOurStatement() throws Exception {
        ObjectNode stack = policy("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "\"s3.amazonaws.com\"},\"Action\":\"sns:Publish\",\"Resource\":\"" + TOPIC + "\",\"Condition\":"
                + "{\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:s3:::bucket-digest-111122223333-abc\"}}}]}");

        assertThat(TopicPolicy.allowsBucket(stack, TOPIC, BUCKET_ARN)).isFalse();
        ObjectNode added = TopicPolicy.withStatement(stack, TOPIC, "photos", BUCKET_ARN, "111122223333");
        assertThat(TopicPolicy.allowsBucket(added, TOPIC, BUCKET_ARN)).isTrue();
        assertThat(added.get("Statement")).hasSize(2);
        assertThat(TopicPolicy.withoutStatement(added, "photos")).hasValueSatisfying(p ->
                assertThat(p).isEqualTo(stack));
        assertThat(TopicPolicy.withoutStatement(stack, "photos")).isEmpty();
    }

    @Test
    void allowsBucket_wildcardSourceArn_andDefaultPolicyIsNotEnough() throws Exception {
        ObjectNode wildcard = policy("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "[\"s3.amazonaws.com\"]},\"Action\":[\"SNS:Publish\"],\"Resource\":\"*\",\"Condition\":"
                + "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:s3:::pho*\"}}}}");
        ObjectNode defaults = policy("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
                + "\"Action\":[\"SNS:Publish\"],\"Resource\":\"" + TOPIC + "\"}]}");

        assertThat(TopicPolicy.allowsBucket(wildcard, TOPIC, BUCKET_ARN)).isTrue();
        assertThat(TopicPolicy.allowsBucket(defaults, TOPIC, BUCKET_ARN)).isFalse();
    }

    @Test
    void allowsBucket_theStacksAttachedBucketsStatement_coversEachListedBucket() throws Exception {
        ObjectNode stack = policy("{\"Statement\":[{\"Sid\":\"S3AttachedBucketNotifications\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"sns:Publish\",\"Resource\":\"" + TOPIC
                + "\",\"Condition\":{\"ArnLike\":{\"aws:SourceArn\":"
                + "[\"arn:*:s3:::legacy\",\"arn:*:s3:::photos\"]}}}]}");

        assertThat(TopicPolicy.allowsBucket(stack, TOPIC, BUCKET_ARN)).isTrue();
        assertThat(TopicPolicy.allowsBucket(stack, TOPIC, "arn:aws:s3:::photos-old")).isFalse();
        assertThat(TopicPolicy.attachStatements(stack)).as("the stack's statement is not attach's").isEmpty();
    }

    @Test
    void attachStatements_readTheBucketFromTheSourceArn() throws Exception {
        ObjectNode policy = TopicPolicy.withStatement(policy("{\"Statement\":[]}"), TOPIC, "media.archive",
                "arn:aws:s3:::media.archive", "111122223333");

        assertThat(TopicPolicy.attachStatements(policy)).containsExactly(
                new TopicPolicy.AttachStatement("BucketDigestAttachmediaarchive", List.of("media.archive")));
    }
}
