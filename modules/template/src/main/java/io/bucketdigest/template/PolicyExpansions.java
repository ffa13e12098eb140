package io.bucketdigest.template;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The actions behind the SAM policy templates and AWS managed policies a template may attach. Copied from
 * aws-sam-translator's policy_templates.json and the AWS managed policy documents; only the ones this project has
 * a use for. A template that uses another one fails to load, naming it, so it gets added here instead of being
 * silently ignored.
 */
final class PolicyExpansions {

    private PolicyExpansions() {}

    private static final Map<String, Set<String>> SAM_POLICY_TEMPLATES = Map.of(
            "SQSPollerPolicy", Set.of(
                    "sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch", "sqs:DeleteMessage",
                    "sqs:DeleteMessageBatch", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"),
            "SQSSendMessagePolicy", Set.of("sqs:SendMessage*"),
            "DynamoDBCrudPolicy", Set.of(
                    "dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:Query",
                    "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem",
                    "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem"),
            "DynamoDBReadPolicy", Set.of(
                    "dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem",
                    "dynamodb:DescribeTable"),
            "DynamoDBWritePolicy", Set.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"),
            "SESCrudPolicy", Set.of(
                    "ses:GetIdentityVerificationAttributes", "ses:SendEmail", "ses:SendRawEmail",
                    "ses:VerifyEmailIdentity"));

    private static final Set<String> BASIC_LOGGING =
            Set.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents");

    /** AWS managed policies by name (the last segment of their ARN); all of them grant on Resource "*". */
    private static final Map<String, Set<String>> MANAGED_POLICIES = Map.of(
            "AWSLambdaBasicExecutionRole", BASIC_LOGGING,
            "AWSLambdaSQSQueueExecutionRole", Set.of(
                    "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                    "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"));

    static Optional<IamStatement> samPolicyTemplate(String name, Object parameters) {
        Set<String> actions = SAM_POLICY_TEMPLATES.get(name);
        if (actions == null) {
            return Optional.empty();
        }
        return Optional.of(new IamStatement("SAM:" + name, "Allow", actions, List.of(parameters)));
    }

    static boolean isSamPolicyTemplate(String name) {
        return SAM_POLICY_TEMPLATES.containsKey(name);
    }

    static IamStatement managedPolicy(String arnOrName) {
        String name = arnOrName.substring(arnOrName.lastIndexOf('/') + 1);
        Set<String> actions = MANAGED_POLICIES.get(name);
        if (actions == null) {
            throw new TemplateException("managed policy " + arnOrName + " is not known to PipelineTemplate, so its"
                    + " actions cannot be checked: grant inline statements instead, or add it to"
                    + " PolicyExpansions.MANAGED_POLICIES");
        }
        return new IamStatement("managed:" + name, "Allow", actions, List.of("*"));
    }
}
