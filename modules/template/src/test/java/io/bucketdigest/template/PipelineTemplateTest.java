package io.bucketdigest.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PipelineTemplateTest {

    private static final String SMALL = """
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              Batch:
                Type: Number
                Default: 25
              Receives:
                Type: Number
                Default: "4"
              Sender:
                Type: String
            Globals:
              Function:
                Runtime: java21
                Timeout: 30
                Environment:
                  Variables:
                    SHARED: "yes"
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  VisibilityTimeout: 180
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt Dlq.Arn
                    maxReceiveCount: !Ref Receives
              Dlq:
                Type: AWS::SQS::Queue
              Table:
                Type: AWS::DynamoDB::Table
              Role:
                Type: AWS::IAM::Role
                Properties:
                  Policies:
                    - PolicyName: inline
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Action: [dynamodb:GetItem, "dynamodb:Query"]
                            Resource: [!GetAtt Table.Arn, !Sub "${Table.Arn}/index/*"]
              Extra:
                Type: AWS::IAM::Policy
                Properties:
                  Roles: [!Ref Role]
                  PolicyDocument:
                    Statement:
                      Effect: Allow
                      Action: ses:GetAccount
                      Resource: "*"
              WithRole:
                Type: AWS::Serverless::Function
                Metadata:
                  BuildArtifact: target/a.jar
                Properties:
                  Handler: a.b.Handler::handleRequest
                  CodeUri: s3://bucket/a.jar
                  Role: !GetAtt Role.Arn
                  Environment:
                    Variables:
                      TABLE: !Ref Table
                      SENDER: !Ref Sender
                      BATCH: !Ref Batch
                  Events:
                    FromQueue:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt Queue.Arn
                        BatchSize: !Ref Batch
                        MaximumBatchingWindowInSeconds: 2
                        FunctionResponseTypes: [ReportBatchItemFailures]
                        ScalingConfig:
                          MaximumConcurrency: 3
                    Sweep:
                      Type: Schedule
                      Properties:
                        Schedule: rate(5 minutes)
                        Input: '{"sweep": true}'
              WithSamPolicies:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: a.b.Other
                  Timeout: 9
                  Policies:
                    - SQSSendMessagePolicy:
                        QueueName: !GetAtt Queue.QueueName
                    - Statement:
                        - Effect: Allow
                          Action: s3:GetObject
                          Resource: arn:aws:s3:::b/*
                  Events:
                    FromQueue:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt Dlq.Arn
            Outputs:
              QueueUrl:
                Value: !Ref Queue
            """;

    private final PipelineTemplate template = PipelineTemplate.parse(SMALL, "small.yaml");

    @Test
    void parse_shortFormIntrinsics_becomeLongFormMaps() {
        Map<String, Object> raw = CloudFormationYaml.parse("""
                A: !Ref X
                B: !GetAtt R.Arn
                C: !Sub "${R.Arn}/index/*"
                D: !If [Cond, !Join [",", [a, b]], !Ref AWS::NoValue]
                E: !Select [0, !Split ["-", !Ref AWS::StackId]]
                F: !Not [!Equals [!Ref P, ""]]
                G: !Condition HasEmail
                H: !GetAtt [R, Arn]
                """, "t");

        assertThat(raw.get("A")).isEqualTo(Map.of("Ref", "X"));
        assertThat(raw.get("B")).isEqualTo(Map.of("Fn::GetAtt", List.of("R", "Arn")));
        assertThat(raw.get("C")).isEqualTo(Map.of("Fn::Sub", "${R.Arn}/index/*"));
        assertThat(raw.get("D")).isEqualTo(Map.of("Fn::If", List.of("Cond",
                Map.of("Fn::Join", List.of(",", List.of("a", "b"))), Map.of("Ref", "AWS::NoValue"))));
        assertThat(raw.get("E")).isEqualTo(Map.of("Fn::Select", List.of(0,
                Map.of("Fn::Split", List.of("-", Map.of("Ref", "AWS::StackId"))))));
        assertThat(raw.get("F")).isEqualTo(Map.of("Fn::Not", List.of(
                Map.of("Fn::Equals", List.of(Map.of("Ref", "P"), "")))));
        assertThat(raw.get("G")).isEqualTo(Map.of("Condition", "HasEmail"));
        assertThat(raw.get("H")).isEqualTo(Map.of("Fn::GetAtt", List.of("R", "Arn")));
    }

    @Test
    void parse_duplicateKeys_throw() {
        assertThatThrownBy(() -> PipelineTemplate.parse("Resources: {}\nResources: {}\n", "dup.yaml"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("dup.yaml");
    }

    @Test
    void parameterDefaults_areStrings_andParametersWithoutDefaultAreOnlyNamed() {
        assertThat(template.parameterDefaults()).containsExactly(Map.entry("Batch", "25"), Map.entry("Receives", "4"));
        assertThat(template.parameterNames()).containsExactly("Batch", "Receives", "Sender");
    }

    @Test
    void function_mergesGlobals_andResolvesParameterRefs() {
        FunctionSpec function = template.function("WithRole");

        assertThat(function.handlerClassName()).isEqualTo("a.b.Handler");
        assertThat(function.handlerMethodName()).isEqualTo("handleRequest");
        assertThat(function.runtime()).isEqualTo("java21");
        assertThat(function.timeoutSeconds()).isEqualTo(30);
        assertThat(function.memorySizeMb()).isEqualTo(128);
        assertThat(function.buildArtifact()).isEqualTo("target/a.jar");
        assertThat(function.environment())
                .containsEntry("SHARED", "yes")
                .containsEntry("TABLE", Map.of("Ref", "Table"))
                .containsEntry("SENDER", Map.of("Ref", "Sender"))
                .containsEntry("BATCH", "25");
        assertThat(function.environmentVariableNames()).containsExactlyInAnyOrder("SHARED", "TABLE", "SENDER", "BATCH");
    }

    @Test
    void function_readsSqsAndScheduleEvents() {
        FunctionSpec function = template.function("WithRole");

        assertThat(function.sqsEventSource()).contains(
                new SqsEventSource("FromQueue", "Queue", 25, 2, OptionalInt.of(3), true));
        assertThat(function.schedules()).singleElement().satisfies(schedule -> {
            assertThat(schedule.expression()).isEqualTo("rate(5 minutes)");
            assertThat(schedule.input()).contains("{\"sweep\": true}");
        });
        assertThat(template.function("WithSamPolicies").sqsEventSource()).contains(
                new SqsEventSource("FromQueue", "Dlq", 10, 0, OptionalInt.empty(), false));
    }

    @Test
    void queue_readsRedrivePolicy_andSqsDefaults() {
        assertThat(template.queue("Queue")).isEqualTo(new QueueSpec("Queue", 180, 345_600, false,
                java.util.Optional.of(new QueueSpec.RedrivePolicy("Dlq", 4))));
        assertThat(template.queue("Dlq").redrivePolicy()).isEmpty();
        assertThat(template.queue("Dlq").visibilityTimeoutSeconds()).isEqualTo(30);
    }

    @Test
    void iamActions_withExplicitRole_comeFromTheRoleAndPoliciesAttachedToIt() {
        FunctionSpec function = template.function("WithRole");

        assertThat(function.iamActions()).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:Query",
                "ses:GetAccount");
        assertThat(function.iamStatements()).filteredOn(IamStatement::anyResource)
                .singleElement().satisfies(s -> assertThat(s.actions()).containsExactly("ses:GetAccount"));
    }

    @Test
    void iamActions_withSamPolicies_includeImplicitManagedPoliciesAndExpandedTemplates() {
        FunctionSpec function = template.function("WithSamPolicies");

        assertThat(function.iamActions()).containsExactlyInAnyOrder(
                "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                "sqs:SendMessage*", "s3:GetObject");
        assertThat(function.codeActions()).containsExactlyInAnyOrder("sqs:SendMessage*", "s3:GetObject");
    }

    @Test
    void unknownSamPolicyTemplate_isRejected_insteadOfIgnored() {
        String yaml = """
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B
                      Runtime: java21
                      Policies:
                        - S3FullAccessPolicy: {BucketName: b}
                """;

        assertThatThrownBy(() -> PipelineTemplate.parse(yaml, "t.yaml"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("S3FullAccessPolicy");
    }

    @Test
    void numericSetting_thatIsNeitherLiteralNorDefaultedParameter_isRejected() {
        String yaml = """
                Resources:
                  Q:
                    Type: AWS::SQS::Queue
                    Properties:
                      VisibilityTimeout: !If [C, 10, 20]
                """;

        assertThatThrownBy(() -> PipelineTemplate.parse(yaml, "t.yaml"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("Q.VisibilityTimeout");
    }

    @Test
    void missingFunction_namesTheOnesThatExist() {
        assertThatThrownBy(() -> template.function("Nope"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("WithRole");
    }

    @Test
    void outputKeys_areListedInOrder() {
        assertThat(template.outputKeys()).containsExactly("QueueUrl");
    }

    @Test
    void load_fromClasspath_isTheRepositoryTemplate() {
        PipelineTemplate fromClasspath = PipelineTemplate.load();
        PipelineTemplate fromFile = PipelineTemplate.load(Repository.template());

        assertThat(fromClasspath.functions()).isEqualTo(fromFile.functions());
        assertThat(fromClasspath.queues()).isEqualTo(fromFile.queues());
        assertThat(Set.copyOf(fromClasspath.functions().stream().map(FunctionSpec::logicalId).toList()))
                .containsExactlyInAnyOrder("IngestFunction", "DigestFunction", "DigestSweepFunction",
                        "MailEventsFunction");
    }
}
