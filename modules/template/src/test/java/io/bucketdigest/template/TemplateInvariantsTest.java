package io.bucketdigest.template;

import static io.bucketdigest.template.Repository.at;
import static io.bucketdigest.template.Repository.listAt;
import static io.bucketdigest.template.Repository.mapAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.aws.dynamodb.HistoryTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Properties of template.yaml that a careful deployment needs and cfn-lint does not check. */
class TemplateInvariantsTest {

    /** Output keys are an interface of the CLI and of operators: add keys, never rename or drop them. */
    static final Set<String> STABLE_OUTPUT_KEYS = Set.of(
            "BucketName", "BucketArn", "TopicArn", "TopicKeyArn",
            "IngestQueueUrl", "IngestQueueArn", "IngestDlqUrl", "IngestDlqArn",
            "DigestQueueUrl", "DigestQueueArn", "DigestDlqUrl", "DigestDlqArn",
            "HistoryTableName", "HistoryTableArn",
            "IngestFunctionName", "IngestFunctionArn", "IngestFunctionAliasArn",
            "DigestFunctionName", "DigestFunctionArn", "DigestFunctionAliasArn",
            "IngestLogGroupName", "DigestLogGroupName",
            "ConfigurationSetName", "SenderAddress", "AlarmTopicArn");

    private static final Set<String> SERVICE_ENVIRONMENT =
            Set.of("POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE", "POWERTOOLS_LOG_LEVEL", "JAVA_TOOL_OPTIONS");

    private final PipelineTemplate template = PipelineTemplate.load(Repository.template());
    private final Map<String, Object> raw = Repository.rawTemplate();

    // ------------------------------------------------------------------------------------- event sources

    /** Every function but the sweep, which EventBridge invokes. */
    private List<FunctionSpec> queueConsumers() {
        assertThat(template.functions()).filteredOn(function -> function.sqsEventSource().isEmpty())
                .extracting(FunctionSpec::logicalId).containsExactly("DigestSweepFunction");
        return template.functions().stream().filter(function -> function.sqsEventSource().isPresent()).toList();
    }

    @Test
    void eventSources_queueVisibilityTimeout_isAtLeastSixTimesFunctionTimeoutPlusWindow() {
        for (FunctionSpec function : queueConsumers()) {
            SqsEventSource source = function.sqsEventSource().orElseThrow();
            QueueSpec queue = template.queue(source.queueLogicalId());
            assertThat(queue.visibilityTimeoutSeconds())
                    .as("%s VisibilityTimeout vs 6 x %s timeout + batching window", queue.logicalId(),
                            function.logicalId())
                    .isGreaterThanOrEqualTo(6 * function.timeoutSeconds() + source.maximumBatchingWindowInSeconds());
        }
    }

    @Test
    void eventSources_reportBatchItemFailures_andStayWithinLambdaLimits() {
        for (FunctionSpec function : queueConsumers()) {
            SqsEventSource source = function.sqsEventSource().orElseThrow();
            String name = function.logicalId() + "." + source.eventId();
            assertThat(source.reportBatchItemFailures()).as("%s ReportBatchItemFailures", name).isTrue();
            assertThat(source.batchSize()).as("%s BatchSize", name).isBetween(1, 10_000);
            assertThat(source.maximumBatchingWindowInSeconds()).as("%s window", name).isBetween(0, 300);
            if (source.batchSize() > 10) {
                assertThat(source.maximumBatchingWindowInSeconds())
                        .as("%s: BatchSize > 10 needs MaximumBatchingWindowInSeconds >= 1", name)
                        .isGreaterThanOrEqualTo(1);
            }
            assertThat(source.maximumConcurrency()).as("%s MaximumConcurrency", name).isPresent();
            assertThat(source.maximumConcurrency().getAsInt()).as("%s MaximumConcurrency", name).isBetween(2, 1000);
        }
    }

    @Test
    void eventSources_ingestAndDigestPollTheirOwnQueues() {
        assertThat(template.function("IngestFunction").sqsEventSource().orElseThrow().queueLogicalId())
                .isEqualTo("IngestQueue");
        assertThat(template.function("DigestFunction").sqsEventSource().orElseThrow().queueLogicalId())
                .isEqualTo("DigestQueue");
    }

    @Test
    void sweep_isAFiveMinuteScheduleOnItsOwnHandler_receivingTheScheduledEventAsIs() {
        assertThat(template.function("IngestFunction").schedules()).isEmpty();
        assertThat(template.function("DigestFunction").schedules()).isEmpty();
        FunctionSpec sweep = template.function("DigestSweepFunction");
        assertThat(sweep.handlerClassName()).isEqualTo("io.bucketdigest.digest.DigestSweepHandler");
        assertThat(sweep.sqsEventSource()).isEmpty();
        assertThat(sweep.schedules()).singleElement().satisfies(schedule -> {
            assertThat(schedule.expression()).isEqualTo("rate(5 minutes)");
            assertThat(schedule.input()).as("no Input: EventBridge sends its Scheduled Event").isEmpty();
        });
    }

    // -------------------------------------------------------------------------------------------- queues

    @Test
    void queues_polledByFunctions_redriveToDeadLetterQueuesThatKeepMessagesLonger() {
        for (FunctionSpec function : queueConsumers()) {
            QueueSpec queue = template.queue(function.sqsEventSource().orElseThrow().queueLogicalId());
            QueueSpec.RedrivePolicy redrive = queue.redrivePolicy().orElseThrow(
                    () -> new AssertionError(queue.logicalId() + " has no RedrivePolicy"));
            QueueSpec dlq = template.queue(redrive.deadLetterQueueLogicalId());

            assertThat(dlq.redrivePolicy()).as("%s is a DLQ and has no DLQ itself", dlq.logicalId()).isEmpty();
            assertThat(dlq.messageRetentionPeriodSeconds())
                    .as("%s retention (counted from the original enqueue) vs %s", dlq.logicalId(), queue.logicalId())
                    .isGreaterThan(queue.messageRetentionPeriodSeconds())
                    .isEqualTo(1_209_600);
            assertThat(redrive.maxReceiveCount()).isEqualTo(5);
            assertThat(at(raw, "Resources", queue.logicalId(), "Properties", "RedrivePolicy", "maxReceiveCount"))
                    .as("%s maxReceiveCount is the MaxReceiveCount parameter", queue.logicalId())
                    .isEqualTo(Map.of("Ref", "MaxReceiveCount"));
        }
        assertThat(template.parameterDefaults()).containsEntry("MaxReceiveCount", "5");
    }

    @Test
    void queues_areAllEncrypted() {
        Map<String, Object> queues = resourcesOfType("AWS::SQS::Queue");
        assertThat(queues).containsOnlyKeys("IngestQueue", "IngestDlq", "DigestQueue", "DigestDlq", "TopicDeliveryDlq",
                "MailEventsQueue", "MailEventsDlq");
        queues.forEach((id, queue) -> assertThat(
                Boolean.TRUE.equals(at(queue, "Properties", "SqsManagedSseEnabled"))
                        || at(queue, "Properties", "KmsMasterKeyId") != null)
                .as("%s has server-side encryption", id).isTrue());
    }

    @Test
    void ingestQueue_acceptsOnlyTheTopic_throughAQueuePolicy() {
        Map<String, Object> policy = mapAt(raw, "Resources", "IngestQueuePolicy", "Properties");
        assertThat(listAt(policy, "Queues"))
                .containsExactly(Map.of("Ref", "IngestQueue"), Map.of("Ref", "TopicDeliveryDlq"));
        List<Object> statements = listAt(policy, "PolicyDocument", "Statement");
        assertThat(statements).singleElement().satisfies(statement -> {
            assertThat(at(statement, "Principal", "Service")).isEqualTo("sns.amazonaws.com");
            assertThat(at(statement, "Action")).isEqualTo("sqs:SendMessage");
            assertThat(listAt(statement, "Resource")).containsExactly(
                    Map.of("Fn::GetAtt", List.of("IngestQueue", "Arn")),
                    Map.of("Fn::GetAtt", List.of("TopicDeliveryDlq", "Arn")));
            assertThat(at(statement, "Condition", "ArnEquals", "aws:SourceArn")).isEqualTo(Map.of("Ref", "Topic"));
        });
        Map<String, Object> subscription = mapAt(raw, "Resources", "IngestSubscription", "Properties");
        assertThat(subscription).containsEntry("Protocol", "sqs")
                .containsEntry("Endpoint", Map.of("Fn::GetAtt", List.of("IngestQueue", "Arn")))
                .containsEntry("RawMessageDelivery", Map.of("Ref", "RawMessageDelivery"));
    }

    @Test
    void ingestSubscription_redrivesWhatSnsCannotDeliver_toAnAlarmedQueueThatKeepsIt14Days() {
        assertThat(at(raw, "Resources", "IngestSubscription", "Properties", "RedrivePolicy", "deadLetterTargetArn"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("TopicDeliveryDlq", "Arn")));
        QueueSpec deliveryDlq = template.queue("TopicDeliveryDlq");
        assertThat(deliveryDlq.messageRetentionPeriodSeconds()).isEqualTo(1_209_600);
        Set<Object> alarmedQueues = resourcesOfType("AWS::CloudWatch::Alarm").values().stream()
                .filter(alarm -> "ApproximateNumberOfMessagesVisible".equals(at(alarm, "Properties", "MetricName")))
                .map(alarm -> at(alarm, "Properties", "Dimensions", "0", "Value"))
                .collect(Collectors.toSet());
        assertThat(alarmedQueues).contains(Map.of("Fn::GetAtt", List.of("TopicDeliveryDlq", "QueueName")));
        assertThat(template.outputKeys()).contains("TopicDeliveryDlqUrl", "TopicDeliveryDlqArn");
    }

    @Test
    void digestConcurrency_equalsTheMappingsMaximumConcurrency_soTheSendRateIsSharedAccountWide() {
        Object maximum = at(raw, "Resources", "DigestFunction", "Properties", "Events", "DigestQueueEvent",
                "Properties", "ScalingConfig", "MaximumConcurrency");
        assertThat(template.function("DigestFunction").environment().get("DIGEST_CONCURRENCY"))
                .isEqualTo(String.valueOf(maximum));
    }

    // ------------------------------------------------------------------------------------ bucket & topic

    @Test
    void bucket_notifiesTheTopicOfCreatedRemovedAndRestoreEvents_afterTheTopicPolicyExists() {
        Map<String, Object> bucket = mapAt(raw, "Resources", "Bucket");
        assertThat(listAt(bucket, "DependsOn")).contains("TopicPolicy");
        List<Object> configurations = listAt(bucket, "Properties", "NotificationConfiguration", "TopicConfigurations");
        assertThat(configurations).extracting(c -> at(c, "Event"))
                .containsExactlyInAnyOrder("s3:ObjectCreated:*", "s3:ObjectRemoved:*", "s3:ObjectRestore:*");
        assertThat(configurations).extracting(c -> at(c, "Topic")).containsOnly(Map.of("Ref", "Topic"));
        assertThat(at(bucket, "DeletionPolicy")).isEqualTo("Retain");
        assertThat(at(bucket, "Properties", "PublicAccessBlockConfiguration", "RestrictPublicBuckets")).isEqualTo(true);
    }

    @Test
    void topicPolicy_allowsS3OnlyForTheBucketAndAccount_andTheAttachedBuckets() {
        List<Object> statements = listAt(raw, "Resources", "TopicPolicy", "Properties", "PolicyDocument", "Statement");
        assertThat(statements).hasSize(2);
        assertThat(at(statements.get(1), "Fn::If", "0")).as("the second statement exists only with AttachedBuckets")
                .isEqualTo("HasAttachedBuckets");
        assertThat(statements.get(0)).satisfies(statement -> {
            assertThat(at(statement, "Principal", "Service")).isEqualTo("s3.amazonaws.com");
            assertThat(at(statement, "Action")).isEqualTo("sns:Publish");
            Object sourceArn = at(statement, "Condition", "ArnEquals", "aws:SourceArn");
            Object bucketName = at(raw, "Resources", "Bucket", "Properties", "BucketName");
            assertThat(sourceArn).as("aws:SourceArn").isNotNull();
            assertThat(at(sourceArn, "Fn::Sub", "0")).as("aws:SourceArn names the bucket")
                    .isEqualTo("arn:${AWS::Partition}:s3:::" + at(bucketName, "Fn::Sub", "0"));
            assertThat(at(sourceArn, "Fn::Sub", "1")).isEqualTo(at(bucketName, "Fn::Sub", "1"));
            assertThat(at(statement, "Condition", "StringEquals", "aws:SourceAccount"))
                    .isEqualTo(Map.of("Ref", "AWS::AccountId"));
        });
    }

    @Test
    void topicPolicy_letsS3PublishForTheAttachedBuckets_soAnAttachmentSurvivesADeploy() {
        List<Object> statements = listAt(raw, "Resources", "TopicPolicy", "Properties", "PolicyDocument", "Statement");
        Object attached = statements.stream()
                .filter(statement -> at(statement, "Fn::If", "0") != null)
                .findFirst().orElseThrow(() -> new AssertionError("no statement for AttachedBuckets"));
        assertThat(at(attached, "Fn::If", "0")).isEqualTo("HasAttachedBuckets");
        assertThat(at(attached, "Fn::If", "1", "Principal", "Service")).isEqualTo("s3.amazonaws.com");
        assertThat(String.valueOf(at(attached, "Fn::If", "1", "Condition", "ArnLike", "aws:SourceArn")))
                .contains("AttachedBuckets", "arn:*:s3:::");
        assertThat(at(raw, "Parameters", "AttachedBuckets", "Type")).isEqualTo("CommaDelimitedList");
        assertThat(template.outputKeys()).contains("AttachedBuckets");
    }

    @Test
    void topics_areEncryptedWithAKeyThatS3SesAndCloudWatchMayUse() {
        Map<String, Object> topics = resourcesOfType("AWS::SNS::Topic");
        assertThat(topics).containsOnlyKeys("Topic", "AlarmTopic", "MailEventsTopic");
        topics.forEach((id, topic) -> assertThat(at(topic, "Properties", "KmsMasterKeyId"))
                .as("%s KmsMasterKeyId", id).isEqualTo(Map.of("Fn::GetAtt", List.of("TopicKey", "Arn"))));
        List<Object> keyStatements = listAt(raw, "Resources", "TopicKey", "Properties", "KeyPolicy", "Statement");
        for (String service : List.of("s3.amazonaws.com", "ses.amazonaws.com", "cloudwatch.amazonaws.com")) {
            assertThat(keyStatements).as("key policy lets %s encrypt", service).anySatisfy(statement -> {
                assertThat(at(statement, "Principal", "Service")).isEqualTo(service);
                assertThat(listAt(statement, "Action")).contains("kms:GenerateDataKey*", "kms:Decrypt");
                assertThat(at(statement, "Condition", "StringLike", "kms:EncryptionContext:aws:sns:topicArn"))
                        .isEqualTo(Map.of("Fn::Sub", "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:*"));
            });
        }
        assertThat(at(raw, "Resources", "TopicKey", "Properties", "EnableKeyRotation")).isEqualTo(true);
    }

    // --------------------------------------------------------------------------------------------- table

    @Test
    void historyTable_isOnDemandWithTtlPitrEncryptionAndSurvivesStackDeletion() {
        Map<String, Object> table = mapAt(raw, "Resources", "HistoryTable");
        assertThat(resourcesOfType("AWS::DynamoDB::Table")).containsOnlyKeys("HistoryTable");
        assertThat(table).containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
        Map<String, Object> properties = mapAt(table, "Properties");
        assertThat(properties).containsEntry("BillingMode", "PAY_PER_REQUEST")
                .containsEntry("DeletionProtectionEnabled", true);
        assertThat(at(properties, "TimeToLiveSpecification")).isEqualTo(Map.of(
                "AttributeName", HistoryTable.EXPIRES_AT, "Enabled", true));
        assertThat(at(properties, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")).isEqualTo(true);
        assertThat(at(properties, "SSESpecification", "SSEEnabled")).isEqualTo(true);
        assertThat(listAt(properties, "KeySchema")).containsExactly(
                Map.of("AttributeName", HistoryTable.PK, "KeyType", "HASH"),
                Map.of("AttributeName", HistoryTable.SK, "KeyType", "RANGE"));
        assertThat(listAt(properties, "AttributeDefinitions")).containsExactlyInAnyOrder(
                Map.of("AttributeName", HistoryTable.PK, "AttributeType", "S"),
                Map.of("AttributeName", HistoryTable.SK, "AttributeType", "S"),
                Map.of("AttributeName", HistoryTable.GSI1_PK, "AttributeType", "S"),
                Map.of("AttributeName", HistoryTable.GSI1_SK, "AttributeType", "S"));
        assertThat(listAt(properties, "GlobalSecondaryIndexes")).singleElement().satisfies(index -> {
            assertThat(at(index, "IndexName")).isEqualTo(HistoryTable.GSI1);
            assertThat(listAt(index, "KeySchema")).containsExactly(
                    Map.of("AttributeName", HistoryTable.GSI1_PK, "KeyType", "HASH"),
                    Map.of("AttributeName", HistoryTable.GSI1_SK, "KeyType", "RANGE"));
            assertThat(at(index, "Projection", "ProjectionType")).isEqualTo("ALL");
        });
    }

    // ----------------------------------------------------------------------------------------- functions

    @Test
    void functions_areJava21Arm64WithSnapStartOnAPublishedAlias() {
        Map<String, Object> globals = mapAt(raw, "Globals", "Function");
        assertThat(globals).containsEntry("AutoPublishAlias", "live")
                .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
                .containsEntry("Architectures", List.of("arm64"));
        for (FunctionSpec function : template.functions()) {
            assertThat(function.runtime()).isEqualTo("java21");
            assertThat(mapAt(raw, "Resources", function.logicalId(), "Properties"))
                    .doesNotContainKeys("AutoPublishAlias", "SnapStart", "Architectures", "FunctionName");
        }
        assertThat(template.function("IngestFunction")).extracting(FunctionSpec::timeoutSeconds,
                FunctionSpec::memorySizeMb).containsExactly(60, 512);
        assertThat(template.function("DigestFunction")).extracting(FunctionSpec::timeoutSeconds,
                FunctionSpec::memorySizeMb).containsExactly(300, 1024);
    }

    @Test
    void functions_logToTheirOwnLogGroupWithRetention() {
        for (FunctionSpec function : template.functions()) {
            Object logGroup = at(raw, "Resources", function.logicalId(), "Properties", "LoggingConfig", "LogGroup");
            assertThat(logGroup).as("%s LoggingConfig.LogGroup", function.logicalId()).isInstanceOf(Map.class);
            String logGroupId = String.valueOf(at(logGroup, "Ref"));
            assertThat(at(raw, "Resources", logGroupId, "Type")).isEqualTo("AWS::Logs::LogGroup");
            assertThat(at(raw, "Resources", logGroupId, "Properties", "RetentionInDays"))
                    .isEqualTo(Map.of("Ref", "LogRetentionDays"));
        }
    }

    @Test
    void functions_setPowertoolsAndJvmEnvironment() {
        for (FunctionSpec function : template.functions()) {
            assertThat(function.environmentVariableNames()).containsAll(SERVICE_ENVIRONMENT);
            assertThat(function.environment())
                    .containsEntry("POWERTOOLS_METRICS_NAMESPACE", "BucketDigest")
                    .containsEntry("POWERTOOLS_LOG_LEVEL", "INFO")
                    .containsEntry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        }
        assertThat(template.functions()).extracting(f -> f.environment().get("POWERTOOLS_SERVICE_NAME"))
                .doesNotHaveDuplicates();
    }

    @Test
    void digestFunction_mayRequeueOntoItsOwnQueue_withoutLoopDetectionDroppingMessages() {
        assertThat(at(raw, "Resources", "DigestFunction", "Properties", "RecursiveLoop")).isEqualTo("Allow");
    }

    // ----------------------------------------------------------------------------------------------- IAM

    @Test
    void iam_functionsUseExplicitRolesTrustedOnlyByLambda() {
        for (FunctionSpec function : template.functions()) {
            Object role = at(raw, "Resources", function.logicalId(), "Properties", "Role");
            String roleId = String.valueOf(at(role, "Fn::GetAtt", "0"));
            Map<String, Object> roleProperties = mapAt(raw, "Resources", roleId, "Properties");
            assertThat(roleProperties).doesNotContainKeys("ManagedPolicyArns", "RoleName");
            assertThat(listAt(roleProperties, "AssumeRolePolicyDocument", "Statement")).singleElement()
                    .satisfies(statement -> assertThat(at(statement, "Principal", "Service"))
                            .isEqualTo("lambda.amazonaws.com"));
        }
    }

    @Test
    void iam_noWildcards_exceptSesGetAccountWhichHasNoResourceType() {
        for (FunctionSpec function : template.functions()) {
            for (IamStatement statement : function.iamStatements()) {
                assertThat(statement.allows()).as("%s", statement.source()).isTrue();
                assertThat(statement.actions()).as("%s actions", statement.source())
                        .noneMatch(action -> action.contains("*"));
                if (statement.anyResource()) {
                    assertThat(statement.actions()).as("%s grants on Resource \"*\"", statement.source())
                            .containsExactly("ses:GetAccount");
                }
                assertThat(statement.resources()).as("%s resources", statement.source())
                        .noneMatch(resource -> resource instanceof String text && text.endsWith(":*")
                                && !text.equals("*"));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void iam_sesSendingIsScopedToTheSenderIdentityAndConfigurationSet_andInTheSandboxToSenderAsFrom() {
        List<IamStatement> sending = template.function("DigestFunction").iamStatements().stream()
                .filter(statement -> statement.actions().contains("ses:SendEmail"))
                .toList();
        assertThat(sending).hasSize(2);
        assertThat(sending.get(0)).satisfies(statement -> {
            assertThat(statement.actions()).containsExactlyInAnyOrder("ses:SendEmail", "ses:SendRawEmail");
            String resources = statement.resources().toString();
            assertThat(resources).contains(":identity/${SenderAddress}", ":identity/${SenderDomain}",
                    ":configuration-set/${DigestConfigurationSet}");
            assertThat(statement.resources()).hasSize(3);
        });
        Map<String, Object> sandbox = listAt(raw, "Resources", "DigestFunctionRole", "Properties", "Policies", "0",
                "PolicyDocument", "Statement").stream().map(statement -> (Map<String, Object>) statement)
                .filter(statement -> "SendToVerifiedRecipientsInTheSandbox".equals(statement.get("Sid")))
                .findFirst().orElseThrow();
        assertThat(String.valueOf(sandbox.get("Resource"))).endsWith(":identity/*}");
        assertThat(at(sandbox, "Condition", "StringEquals", "ses:FromAddress"))
                .as("recipient identities may be used only with the sender as From")
                .isEqualTo(Map.of("Ref", "SenderAddress"));
        assertThat(template.function("IngestFunction").iamActions()).noneMatch(action -> action.startsWith("ses:"));
    }

    @Test
    void iam_tableAccessIsScopedToTheTableAndItsIndexes() {
        for (FunctionSpec function : template.functions()) {
            for (IamStatement statement : function.iamStatements()) {
                if (statement.actions().stream().anyMatch(action -> action.startsWith("dynamodb:"))) {
                    // The mail-event function only puts items: it needs no index.
                    List<Object> expected = function.logicalId().equals("MailEventsFunction")
                            ? List.of(Map.of("Fn::GetAtt", List.of("HistoryTable", "Arn")))
                            : List.of(Map.of("Fn::GetAtt", List.of("HistoryTable", "Arn")),
                                    Map.of("Fn::Sub", "${HistoryTable.Arn}/index/*"));
                    assertThat(statement.resources()).as("%s table resources", function.logicalId())
                            .containsExactlyElementsOf(expected);
                }
            }
        }
    }

    // -------------------------------------------------------------------------------------- mail, alarms

    @Test
    void configurationSet_suppressesBouncesAndComplaints() {
        assertThat(listAt(raw, "Resources", "DigestConfigurationSet", "Properties", "SuppressionOptions",
                "SuppressedReasons")).containsExactlyInAnyOrder("BOUNCE", "COMPLAINT");
        assertThat(template.function("DigestFunction").environment())
                .containsEntry("SES_CONFIGURATION_SET", Map.of("Ref", "DigestConfigurationSet"));
    }

    @Test
    void configurationSet_publishesBouncesComplaintsRejectsAndDeliveries_toTheMailEventFunction() {
        Map<String, Object> destination = mapAt(raw, "Resources", "DigestMailEvents", "Properties");
        assertThat(destination.get("ConfigurationSetName")).isEqualTo(Map.of("Ref", "DigestConfigurationSet"));
        assertThat(at(destination, "EventDestination", "Enabled")).isEqualTo(true);
        assertThat(listAt(destination, "EventDestination", "MatchingEventTypes"))
                .contains("bounce", "complaint", "reject", "delivery");
        assertThat(at(destination, "EventDestination", "SnsDestination", "TopicARN"))
                .isEqualTo(Map.of("Ref", "MailEventsTopic"));
        Map<String, Object> publish = mapAt(raw, "Resources", "MailEventsTopicPolicy", "Properties", "PolicyDocument",
                "Statement", "0");
        assertThat(at(publish, "Principal", "Service")).isEqualTo("ses.amazonaws.com");
        assertThat(at(publish, "Condition", "StringEquals", "aws:SourceAccount"))
                .isEqualTo(Map.of("Ref", "AWS::AccountId"));
        assertThat(at(raw, "Resources", "MailEventsSubscription", "Properties", "Endpoint"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("MailEventsQueue", "Arn")));
        assertThat(template.function("MailEventsFunction").sqsEventSource().orElseThrow().queueLogicalId())
                .isEqualTo("MailEventsQueue");
        assertThat(listAt(raw, "Resources", "TopicKey", "Properties", "KeyPolicy", "Statement"))
                .as("SES may use the topics' key (the mail-event topic is encrypted with it)")
                .anySatisfy(statement -> assertThat(at(statement, "Principal", "Service"))
                        .isEqualTo("ses.amazonaws.com"));
    }

    @Test
    void reputationAlarms_fireBelowTheRatesSesReviewsAccountsAt() {
        Map<String, Object> bounce = mapAt(raw, "Resources", "BounceRateAlarm", "Properties");
        assertThat(bounce).containsEntry("Namespace", "AWS/SES").containsEntry("MetricName", "Reputation.BounceRate");
        assertThat(((Number) bounce.get("Threshold")).doubleValue()).as("bounce rate threshold").isLessThan(0.05);
        Map<String, Object> complaint = mapAt(raw, "Resources", "ComplaintRateAlarm", "Properties");
        assertThat(complaint).containsEntry("Namespace", "AWS/SES")
                .containsEntry("MetricName", "Reputation.ComplaintRate");
        assertThat(((Number) complaint.get("Threshold")).doubleValue()).as("complaint rate threshold")
                .isLessThan(0.001);
    }

    @Test
    void alarms_watchDeadLetterQueuesQueueAgeErrorsAndThrottles_andNotifyTheAlarmTopic() {
        Map<String, Object> alarms = resourcesOfType("AWS::CloudWatch::Alarm");
        Set<String> watched = alarms.values().stream()
                .map(alarm -> at(alarm, "Properties", "MetricName") + " " + at(alarm, "Properties", "Dimensions", "0",
                        "Value"))
                .collect(Collectors.toSet());
        for (QueueSpec queue : template.queues()) {
            queue.redrivePolicy().ifPresent(redrive -> {
                assertThat(watched).contains("ApproximateAgeOfOldestMessage "
                        + Map.of("Fn::GetAtt", List.of(queue.logicalId(), "QueueName")));
                assertThat(watched).contains("ApproximateNumberOfMessagesVisible "
                        + Map.of("Fn::GetAtt", List.of(redrive.deadLetterQueueLogicalId(), "QueueName")));
            });
        }
        for (FunctionSpec function : template.functions()) {
            assertThat(watched).contains("Errors " + Map.of("Ref", function.logicalId()),
                    "Throttles " + Map.of("Ref", function.logicalId()));
        }
        alarms.forEach((id, alarm) -> assertThat(listAt(alarm, "Properties", "AlarmActions"))
                .as("%s AlarmActions", id).containsExactly(Map.of("Ref", "AlarmTopic")));
        assertThat(mapAt(raw, "Resources", "AlarmEmailSubscription")).containsEntry("Condition", "HasAlarmEmail");
    }

    // ----------------------------------------------------------------------------------- params, outputs

    @Test
    void parameters_haveTheAgreedDefaults() {
        assertThat(template.parameterDefaults())
                .containsEntry("Recipients", "")
                .containsEntry("QuietPeriodSeconds", "60")
                .containsEntry("MaxDelaySeconds", "900")
                .containsEntry("MaxEntries", "10000")
                .containsEntry("InlineLimit", "200")
                .containsEntry("RetentionDays", "90")
                .containsEntry("RawMessageDelivery", "false")
                .containsEntry("MaxReceiveCount", "5")
                .containsEntry("AlarmEmail", "")
                .containsEntry("SesMaxSendRate", "1")
                .doesNotContainKey("SenderAddress");
        assertThat(template.parameterNames()).contains("SenderAddress");
    }

    @Test
    void outputs_keepTheStableKeys() {
        assertThat(template.outputKeys()).containsAll(STABLE_OUTPUT_KEYS);
    }

    @Test
    void cfnLintIgnores_areNone_soTheDocsHaveNothingToExplain() {
        assertThat(at(raw, "Metadata", "cfn-lint")).as("Metadata.cfn-lint (document any ignored rule)").isNull();
    }

    private Map<String, Object> resourcesOfType(String type) {
        return mapAt(raw, "Resources").entrySet().stream()
                .filter(entry -> type.equals(at(entry.getValue(), "Type")))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
