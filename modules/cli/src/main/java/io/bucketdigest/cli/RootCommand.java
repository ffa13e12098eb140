package io.bucketdigest.cli;

import io.bucketdigest.cli.aws.AwsCalls;
import io.bucketdigest.cli.aws.AwsSession;
import io.bucketdigest.cli.aws.Target;
import io.bucketdigest.cli.command.AttachCommand;
import io.bucketdigest.cli.command.DetachCommand;
import io.bucketdigest.cli.command.DigestsCommand;
import io.bucketdigest.cli.command.DlqCommand;
import io.bucketdigest.cli.command.EventsCommand;
import io.bucketdigest.cli.command.ResourcesCommand;
import io.bucketdigest.cli.command.SesCommand;
import io.bucketdigest.cli.command.StatusCommand;
import io.bucketdigest.cli.command.SubscriptionsCommand;
import io.bucketdigest.cli.config.ResourceKind;
import io.bucketdigest.cli.config.ResourceResolver;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;

@Command(
        name = "bucket-digest",
        mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        version = "bucket-digest 0.1.0",
        sortOptions = false,
        header = "Operate a Bucket Digest pipeline: event history, digests, subscriptions, dead-letter queues, SES.",
        description = {
            "",
            "Resource names are resolved per name, first match wins:",
            "  1. flags (--table, --ingest-queue-url, ...)",
            "  2. environment: HISTORY_TABLE, INGEST_QUEUE_URL, INGEST_DLQ_URL,",
            "     DELIVERY_DLQ_URL, DIGEST_QUEUE_URL, DIGEST_DLQ_URL, TOPIC_ARN,",
            "     SENDER_ADDRESS, SES_CONFIGURATION_SET;",
            "     AWS_ENDPOINT_URL, AWS_REGION, AWS_PROFILE",
            "  3. --stack NAME: the CloudFormation stack's outputs",
            "  4. the running local pipeline (the default): $BUCKET_DIGEST_HOME/local.json,",
            "     default ~/.bucket-digest/local.json, written while `local` runs",
            "Run `bucket-digest resources` to see what was resolved and from where.",
            ""
        },
        subcommands = {
            EventsCommand.class,
            DigestsCommand.class,
            SubscriptionsCommand.class,
            DlqCommand.class,
            AttachCommand.class,
            DetachCommand.class,
            StatusCommand.class,
            SesCommand.class,
            ResourcesCommand.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  bucket-digest status",
            "  bucket-digest events --bucket photos --since 2h --type created,removed",
            "  bucket-digest events --bucket photos --key 2026/cat.jpg --format json",
            "  bucket-digest --stack bucket-digest-prod dlq peek ingest",
            "  bucket-digest dlq replay ingest --bucket photos --dry-run",
            "",
            ExitCode.HELP_TEXT
        })
public final class RootCommand implements Runnable {

    @Option(names = "--endpoint-url", scope = ScopeType.INHERIT, paramLabel = "URL", order = 100,
            description = "Send AWS calls here (an emulator). Default: $AWS_ENDPOINT_URL, then the local pipeline's.")
    String endpointUrl;

    @Option(names = "--region", scope = ScopeType.INHERIT, paramLabel = "REGION", order = 101,
            description = "AWS region. Default: $AWS_REGION, the local pipeline's, then your AWS profile's.")
    String region;

    @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "NAME", order = 102,
            description = "AWS profile for credentials and region. Default: $AWS_PROFILE, then the default chain.")
    String profile;

    @Option(names = "--stack", scope = ScopeType.INHERIT, paramLabel = "NAME", order = 103,
            description = "Read resource names from this CloudFormation stack's outputs.")
    String stack;

    @Option(names = "--table", scope = ScopeType.INHERIT, paramLabel = "NAME", order = 110,
            description = "History table. Default: $HISTORY_TABLE, stack output HistoryTableName, local pipeline.")
    String table;

    @Option(names = "--ingest-queue-url", scope = ScopeType.INHERIT, paramLabel = "URL", order = 111,
            description = "Ingest queue. Default: $INGEST_QUEUE_URL, stack output IngestQueueUrl, local pipeline.")
    String ingestQueueUrl;

    @Option(names = "--ingest-dlq-url", scope = ScopeType.INHERIT, paramLabel = "URL", order = 112,
            description = "Ingest dead-letter queue. Default: $INGEST_DLQ_URL, stack output IngestDlqUrl, local.")
    String ingestDlqUrl;

    @Option(names = "--delivery-dlq-url", scope = ScopeType.INHERIT, paramLabel = "URL", order = 113,
            description = "SNS delivery dead-letter queue. Default: $DELIVERY_DLQ_URL, stack output "
                    + "TopicDeliveryDlqUrl, local.")
    String deliveryDlqUrl;

    @Option(names = "--digest-queue-url", scope = ScopeType.INHERIT, paramLabel = "URL", order = 114,
            description = "Digest queue. Default: $DIGEST_QUEUE_URL, stack output DigestQueueUrl, local pipeline.")
    String digestQueueUrl;

    @Option(names = "--digest-dlq-url", scope = ScopeType.INHERIT, paramLabel = "URL", order = 115,
            description = "Digest dead-letter queue. Default: $DIGEST_DLQ_URL, stack output DigestDlqUrl, local.")
    String digestDlqUrl;

    @Option(names = "--topic-arn", scope = ScopeType.INHERIT, paramLabel = "ARN", order = 116,
            description = "Notification topic. Default: $TOPIC_ARN, stack output TopicArn, local pipeline.")
    String topicArn;

    @Option(names = "--bucket-name", scope = ScopeType.INHERIT, paramLabel = "NAME", order = 117,
            description = "The pipeline's own bucket. Default: stack output BucketName, local pipeline.")
    String bucketName;

    @Option(names = "--sender", scope = ScopeType.INHERIT, paramLabel = "ADDRESS", order = 118,
            description = "The digests' sender address. Default: $SENDER_ADDRESS, stack output SenderAddress, "
                    + "local pipeline.")
    String sender;

    @Option(names = "--configuration-set", scope = ScopeType.INHERIT, paramLabel = "NAME", order = 119,
            description = "SES configuration set of the digests. Default: $SES_CONFIGURATION_SET, stack output "
                    + "ConfigurationSetName (the local pipeline has none).")
    String configurationSet;

    @Option(names = "--debug", scope = ScopeType.INHERIT, order = 120,
            description = "Print stack traces of errors.")
    boolean debug;

    @Spec
    CommandSpec spec;

    private final CliContext context;
    private ResourceResolver resolver;
    private AwsSession session;
    private AwsCalls calls;

    public RootCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()) + " (see bucket-digest --help)");
    }

    public CliContext context() {
        return context;
    }

    public boolean debug() {
        return debug;
    }

    public synchronized ResourceResolver resolver() {
        if (resolver == null) {
            Map<ResourceKind, String> flags = new EnumMap<>(ResourceKind.class);
            putIfSet(flags, ResourceKind.TABLE, table);
            putIfSet(flags, ResourceKind.INGEST_QUEUE, ingestQueueUrl);
            putIfSet(flags, ResourceKind.INGEST_DLQ, ingestDlqUrl);
            putIfSet(flags, ResourceKind.DELIVERY_DLQ, deliveryDlqUrl);
            putIfSet(flags, ResourceKind.DIGEST_QUEUE, digestQueueUrl);
            putIfSet(flags, ResourceKind.DIGEST_DLQ, digestDlqUrl);
            putIfSet(flags, ResourceKind.TOPIC, topicArn);
            putIfSet(flags, ResourceKind.BUCKET, bucketName);
            putIfSet(flags, ResourceKind.SENDER, sender);
            putIfSet(flags, ResourceKind.CONFIGURATION_SET, configurationSet);
            resolver = new ResourceResolver(
                    new ResourceResolver.Flags(endpointUrl, region, profile, stack, flags), context);
            resolver.stackReader(this::stackOutputs);
        }
        return resolver;
    }

    public synchronized AwsSession session() {
        if (session == null) {
            session = new AwsSession(resolver().connection(), context.sdkMaxAttempts(), context.interceptors());
        }
        return session;
    }

    public synchronized AwsCalls calls() {
        if (calls == null) {
            calls = new AwsCalls(resolver().connection(), resolver().localPipeline());
        }
        return calls;
    }

    private ResourceResolver.StackDescription stackOutputs(String stackName) {
        Stack found = calls().call("cloudformation:DescribeStacks", Target.stack(stackName),
                () -> session().cloudFormation().describeStacks(b -> b.stackName(stackName))).stacks().stream()
                .findFirst()
                .orElseThrow(() -> CliException.resource("stack " + stackName + " does not exist in "
                        + resolver().connection().region() + ": check --stack, --region and --profile."));
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output output : found.outputs()) {
            outputs.put(output.outputKey(), output.outputValue());
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Parameter parameter : found.parameters()) {
            parameters.put(parameter.parameterKey(), parameter.parameterValue());
        }
        return new ResourceResolver.StackDescription(outputs, parameters);
    }

    public synchronized void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private static void putIfSet(Map<ResourceKind, String> flags, ResourceKind kind, String value) {
        if (value != null && !value.isBlank()) {
            flags.put(kind, value);
        }
    }
}
