package io.bucketdigest.template;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The deployment template ({@code template.yaml} at the repository root) as typed values: the functions with their
 * event sources and granted IAM actions, the queues with their redrive settings, and the parameter defaults. The
 * local runtime reads its queue and event-source settings from here, so the template is the one source of truth.
 *
 * <p>What it resolves: {@code !Ref} to a parameter becomes that parameter's Default (as a string, as CloudFormation
 * passes parameters); SAM Globals.Function are merged into each function; short-form intrinsics ({@code !Ref},
 * {@code !GetAtt}, {@code !Sub}, {@code !If}, {@code !Join}, {@code !Select}, {@code !Split}, ...) are read as their
 * long form maps. Anything else stays as written (an environment value {@code !Ref HistoryTable} stays
 * {@code {"Ref": "HistoryTable"}}). Numeric settings that are neither a literal nor a parameter with a Default are
 * rejected with a {@link TemplateException}.
 *
 * <pre>{@code
 * PipelineTemplate template = PipelineTemplate.load();           // template.yaml from the classpath
 * FunctionSpec ingest = template.function("IngestFunction");
 * SqsEventSource source = ingest.sqsEventSource().orElseThrow();
 * QueueSpec queue = template.queue(source.queueLogicalId());
 * int maxReceiveCount = queue.redrivePolicy().orElseThrow().maxReceiveCount();
 * }</pre>
 *
 * <p>Instances are immutable and safe to share.
 */
public final class PipelineTemplate {

    /** Where {@link #load()} finds the template on the classpath (this module packages the repository's file). */
    public static final String CLASSPATH_RESOURCE = "template.yaml";

    /**
     * Actions a function's role grants for Lambda itself, not for the function's code: writing the function's logs
     * and polling its SQS event source.
     */
    public static final Set<String> LAMBDA_SERVICE_ACTIONS = Set.of(
            "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
            "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes");

    private static final String SERVERLESS_FUNCTION = "AWS::Serverless::Function";
    private static final String SQS_QUEUE = "AWS::SQS::Queue";
    private static final String IAM_ROLE = "AWS::IAM::Role";
    private static final String IAM_POLICY = "AWS::IAM::Policy";
    private static final String IAM_MANAGED_POLICY = "AWS::IAM::ManagedPolicy";

    private final String source;
    private final Map<String, Object> resources;
    private final Map<String, String> parameterDefaults;
    private final Set<String> parameterNames;
    private final Map<String, FunctionSpec> functions = new LinkedHashMap<>();
    private final Map<String, QueueSpec> queues = new LinkedHashMap<>();
    private final Set<String> outputKeys;

    private PipelineTemplate(Map<String, Object> document, String source) {
        this.source = source;
        this.resources = map(document.get("Resources"), "Resources");
        Map<String, Object> parameters = optionalMap(document.get("Parameters"), "Parameters");
        this.parameterNames = Collections.unmodifiableSet(new LinkedHashSet<>(parameters.keySet()));
        Map<String, String> defaults = new LinkedHashMap<>();
        parameters.forEach((name, definition) -> {
            Object value = map(definition, "Parameters." + name).get("Default");
            if (value != null) {
                defaults.put(name, parameterString(value));
            }
        });
        this.parameterDefaults = Collections.unmodifiableMap(defaults);
        this.outputKeys = Collections.unmodifiableSet(
                new LinkedHashSet<>(optionalMap(document.get("Outputs"), "Outputs").keySet()));
        Map<String, Object> globals = optionalMap(
                optionalMap(document.get("Globals"), "Globals").get("Function"), "Globals.Function");
        resources.forEach((logicalId, resource) -> {
            Map<String, Object> definition = map(resource, "Resources." + logicalId);
            Object type = definition.get("Type");
            if (SQS_QUEUE.equals(type)) {
                queues.put(logicalId, readQueue(logicalId, definition));
            }
        });
        resources.forEach((logicalId, resource) -> {
            Map<String, Object> definition = map(resource, "Resources." + logicalId);
            if (SERVERLESS_FUNCTION.equals(definition.get("Type"))) {
                functions.put(logicalId, readFunction(logicalId, definition, globals));
            }
        });
    }

    /** Loads {@value #CLASSPATH_RESOURCE} from the classpath. */
    public static PipelineTemplate load() {
        ClassLoader loader = PipelineTemplate.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new TemplateException(CLASSPATH_RESOURCE + " is not on the classpath: depend on"
                        + " io.bucketdigest:bucket-digest-template, or use PipelineTemplate.load(Path)");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + CLASSPATH_RESOURCE);
        } catch (IOException e) {
            throw new TemplateException("cannot read " + CLASSPATH_RESOURCE + " from the classpath", e);
        }
    }

    /** Loads a template file, e.g. {@code Path.of("template.yaml")} from the repository root. */
    public static PipelineTemplate load(Path path) {
        try {
            return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
        } catch (IOException e) {
            throw new TemplateException("cannot read the template " + path.toAbsolutePath(), e);
        }
    }

    /** Parses template text; {@code sourceName} only appears in error messages. */
    public static PipelineTemplate parse(String yaml, String sourceName) {
        return new PipelineTemplate(CloudFormationYaml.parse(yaml, sourceName), sourceName);
    }

    /** Parameter name to its Default, as a string (parameters without a Default are absent). */
    public Map<String, String> parameterDefaults() {
        return parameterDefaults;
    }

    /** All parameter names, in template order, including those without a Default. */
    public Set<String> parameterNames() {
        return parameterNames;
    }

    /** The {@code AWS::Serverless::Function} resources, in template order. */
    public List<FunctionSpec> functions() {
        return List.copyOf(functions.values());
    }

    /** The function with this logical id; throws {@link TemplateException} when there is none. */
    public FunctionSpec function(String logicalId) {
        FunctionSpec function = functions.get(logicalId);
        if (function == null) {
            throw new TemplateException(source + " has no " + SERVERLESS_FUNCTION + " named " + logicalId
                    + " (functions: " + functions.keySet() + ")");
        }
        return function;
    }

    /** The {@code AWS::SQS::Queue} resources, in template order. */
    public List<QueueSpec> queues() {
        return List.copyOf(queues.values());
    }

    /** The queue with this logical id; throws {@link TemplateException} when there is none. */
    public QueueSpec queue(String logicalId) {
        QueueSpec queue = queues.get(logicalId);
        if (queue == null) {
            throw new TemplateException(source + " has no " + SQS_QUEUE + " named " + logicalId
                    + " (queues: " + queues.keySet() + ")");
        }
        return queue;
    }

    /** The keys of the Outputs section, in template order. */
    public Set<String> outputKeys() {
        return outputKeys;
    }

    // ---------------------------------------------------------------------------------------------- queues

    private QueueSpec readQueue(String logicalId, Map<String, Object> definition) {
        Map<String, Object> properties = properties(logicalId, definition);
        int visibility = intOr(properties.get("VisibilityTimeout"), 30, logicalId + ".VisibilityTimeout");
        int retention = intOr(properties.get("MessageRetentionPeriod"), 345_600,
                logicalId + ".MessageRetentionPeriod");
        boolean fifo = "true".equals(String.valueOf(resolve(properties.get("FifoQueue"))));
        Optional<QueueSpec.RedrivePolicy> redrive = Optional.empty();
        Object redriveValue = properties.get("RedrivePolicy");
        if (redriveValue != null) {
            Map<String, Object> policy = map(redriveValue, logicalId + ".RedrivePolicy");
            String dlq = getAttResource(policy.get("deadLetterTargetArn"), "Arn",
                    logicalId + ".RedrivePolicy.deadLetterTargetArn");
            int maxReceiveCount = intOr(policy.get("maxReceiveCount"), null,
                    logicalId + ".RedrivePolicy.maxReceiveCount");
            redrive = Optional.of(new QueueSpec.RedrivePolicy(dlq, maxReceiveCount));
        }
        return new QueueSpec(logicalId, visibility, retention, fifo, redrive);
    }

    // ------------------------------------------------------------------------------------------- functions

    private FunctionSpec readFunction(String logicalId, Map<String, Object> definition, Map<String, Object> globals) {
        Map<String, Object> properties = mergeGlobals(globals, properties(logicalId, definition));
        String handler = string(properties.get("Handler"), logicalId + ".Handler");
        String runtime = string(properties.get("Runtime"), logicalId + ".Runtime");
        Object buildArtifact = resolve(optionalMap(definition.get("Metadata"), logicalId + ".Metadata")
                .get("BuildArtifact"));
        int timeout = intOr(properties.get("Timeout"), 3, logicalId + ".Timeout");
        int memory = intOr(properties.get("MemorySize"), 128, logicalId + ".MemorySize");

        Map<String, Object> environment = new LinkedHashMap<>();
        Map<String, Object> environmentSection = optionalMap(properties.get("Environment"), logicalId + ".Environment");
        optionalMap(environmentSection.get("Variables"), logicalId + ".Environment.Variables")
                .forEach((name, value) -> environment.put(name, resolve(value)));

        SqsEventSource sqs = null;
        List<ScheduleEventSource> schedules = new ArrayList<>();
        Map<String, Object> events = optionalMap(properties.get("Events"), logicalId + ".Events");
        for (Map.Entry<String, Object> entry : events.entrySet()) {
            String eventId = entry.getKey();
            String where = logicalId + ".Events." + eventId;
            Map<String, Object> event = map(entry.getValue(), where);
            Map<String, Object> eventProperties = optionalMap(event.get("Properties"), where + ".Properties");
            Object type = event.get("Type");
            if ("SQS".equals(type)) {
                if (sqs != null) {
                    throw new TemplateException(where + ": " + logicalId + " already has the SQS event "
                            + sqs.eventId() + "; the pipeline expects one SQS event source per function");
                }
                sqs = readSqsEvent(eventId, eventProperties, where);
            } else if ("Schedule".equals(type)) {
                Object input = resolve(eventProperties.get("Input"));
                schedules.add(new ScheduleEventSource(eventId,
                        string(eventProperties.get("Schedule"), where + ".Schedule"),
                        input == null ? Optional.empty() : Optional.of(String.valueOf(input))));
            }
        }
        List<IamStatement> statements = readPermissions(logicalId, properties, sqs != null);
        return new FunctionSpec(logicalId, handler, runtime, buildArtifact == null ? null : String.valueOf(buildArtifact),
                timeout, memory, environment, Optional.ofNullable(sqs), schedules, statements);
    }

    private SqsEventSource readSqsEvent(String eventId, Map<String, Object> properties, String where) {
        String queue = getAttResource(properties.get("Queue"), "Arn", where + ".Queue");
        if (!queues.containsKey(queue)) {
            throw new TemplateException(where + ".Queue refers to " + queue + ", which is not an " + SQS_QUEUE
                    + " in " + source);
        }
        int batchSize = intOr(properties.get("BatchSize"), 10, where + ".BatchSize");
        int window = intOr(properties.get("MaximumBatchingWindowInSeconds"), 0,
                where + ".MaximumBatchingWindowInSeconds");
        Map<String, Object> scaling = optionalMap(properties.get("ScalingConfig"), where + ".ScalingConfig");
        OptionalInt maximumConcurrency = scaling.get("MaximumConcurrency") == null
                ? OptionalInt.empty()
                : OptionalInt.of(intOr(scaling.get("MaximumConcurrency"), null,
                        where + ".ScalingConfig.MaximumConcurrency"));
        Object responseTypes = resolve(properties.get("FunctionResponseTypes"));
        boolean reportFailures = responseTypes instanceof List<?> list && list.contains("ReportBatchItemFailures");
        return new SqsEventSource(eventId, queue, batchSize, window, maximumConcurrency, reportFailures);
    }

    /** SAM Globals semantics: maps merge (the function wins), lists add up, scalars are overridden. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> mergeGlobals(Map<String, Object> globals, Map<String, Object> own) {
        Map<String, Object> merged = new LinkedHashMap<>(globals);
        own.forEach((key, value) -> {
            Object global = merged.get(key);
            if (global instanceof Map<?, ?> globalMap && value instanceof Map<?, ?> ownMap && !isIntrinsic(ownMap)) {
                merged.put(key, mergeGlobals((Map<String, Object>) globalMap, (Map<String, Object>) ownMap));
            } else if (global instanceof List<?> globalList && value instanceof List<?> ownList) {
                List<Object> both = new ArrayList<>(globalList);
                both.addAll(ownList);
                merged.put(key, both);
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    // ------------------------------------------------------------------------------------------------- IAM

    private List<IamStatement> readPermissions(String logicalId, Map<String, Object> properties, boolean hasSqs) {
        Object role = properties.get("Role");
        if (role != null) {
            String roleId = getAttResource(role, "Arn", logicalId + ".Role");
            Map<String, Object> roleDefinition = resource(roleId);
            if (!IAM_ROLE.equals(roleDefinition.get("Type"))) {
                throw new TemplateException(logicalId + ".Role must be !GetAtt <an AWS::IAM::Role in this template>.Arn"
                        + " so its permissions can be checked; " + roleId + " is a " + roleDefinition.get("Type"));
            }
            return roleStatements(roleId, properties(roleId, roleDefinition));
        }
        List<IamStatement> statements = new ArrayList<>();
        statements.add(PolicyExpansions.managedPolicy("AWSLambdaBasicExecutionRole"));
        if (hasSqs) {
            statements.add(PolicyExpansions.managedPolicy("AWSLambdaSQSQueueExecutionRole"));
        }
        for (Object policy : branches(listOf(properties.get("Policies")))) {
            statements.addAll(samPolicy(logicalId, policy));
        }
        return statements;
    }

    private List<IamStatement> samPolicy(String logicalId, Object policy) {
        String where = logicalId + ".Policies";
        if (policy instanceof String name) {
            return List.of(PolicyExpansions.managedPolicy(name));
        }
        Map<String, Object> map = map(policy, where);
        if (map.containsKey("Statement")) {
            return documentStatements(map, logicalId + "/Policies");
        }
        if (map.size() == 1) {
            String key = map.keySet().iterator().next();
            if (PolicyExpansions.isSamPolicyTemplate(key)) {
                return List.of(PolicyExpansions.samPolicyTemplate(key, resolve(map.get(key))).orElseThrow());
            }
            if (key.equals("Ref")) {
                return managedPolicyResource(String.valueOf(map.get(key)), where);
            }
            throw new TemplateException(where + " uses the SAM policy template " + key + ", which PipelineTemplate"
                    + " does not know, so its actions cannot be checked: add it to PolicyExpansions, or write the"
                    + " statement inline");
        }
        throw new TemplateException(where + " has an entry PipelineTemplate cannot read: " + policy);
    }

    private List<IamStatement> roleStatements(String roleId, Map<String, Object> role) {
        List<IamStatement> statements = new ArrayList<>();
        for (Object inline : branches(listOf(role.get("Policies")))) {
            Map<String, Object> policy = map(inline, roleId + ".Policies");
            statements.addAll(documentStatements(map(policy.get("PolicyDocument"), roleId + ".Policies.PolicyDocument"),
                    roleId + "/" + policy.get("PolicyName")));
        }
        for (Object arn : branches(listOf(role.get("ManagedPolicyArns")))) {
            if (arn instanceof Map<?, ?> ref && ref.size() == 1 && ref.containsKey("Ref")) {
                statements.addAll(managedPolicyResource(String.valueOf(ref.get("Ref")), roleId + ".ManagedPolicyArns"));
            } else if (arn instanceof Map<?, ?> sub && sub.get("Fn::Sub") instanceof String text) {
                statements.add(PolicyExpansions.managedPolicy(text));
            } else if (arn instanceof String text) {
                statements.add(PolicyExpansions.managedPolicy(text));
            } else {
                throw new TemplateException(roleId + ".ManagedPolicyArns has an entry PipelineTemplate cannot read: "
                        + arn);
            }
        }
        resources.forEach((policyId, value) -> {
            Map<String, Object> definition = map(value, "Resources." + policyId);
            Object type = definition.get("Type");
            if (IAM_POLICY.equals(type) || IAM_MANAGED_POLICY.equals(type)) {
                Map<String, Object> policy = properties(policyId, definition);
                if (listOf(policy.get("Roles")).contains(Map.of("Ref", roleId))) {
                    statements.addAll(documentStatements(map(policy.get("PolicyDocument"), policyId + ".PolicyDocument"),
                            policyId));
                }
            }
        });
        return statements;
    }

    private List<IamStatement> managedPolicyResource(String policyId, String where) {
        Map<String, Object> definition = resource(policyId);
        if (!IAM_MANAGED_POLICY.equals(definition.get("Type"))) {
            throw new TemplateException(where + " refers to " + policyId + ", which is not an " + IAM_MANAGED_POLICY);
        }
        Map<String, Object> policy = properties(policyId, definition);
        return documentStatements(map(policy.get("PolicyDocument"), policyId + ".PolicyDocument"), policyId);
    }

    private List<IamStatement> documentStatements(Map<String, Object> document, String sourceName) {
        List<IamStatement> statements = new ArrayList<>();
        for (Object item : branches(listOf(document.get("Statement")))) {
            Map<String, Object> statement = map(item, sourceName + ".Statement");
            if (statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
                throw new TemplateException(sourceName + " uses NotAction/NotResource, which grants more than it"
                        + " names; list the actions and resources instead");
            }
            Set<String> actions = new LinkedHashSet<>();
            for (Object action : listOf(statement.get("Action"))) {
                if (!(action instanceof String name)) {
                    throw new TemplateException(sourceName + " has an Action that is not a literal string: " + action);
                }
                actions.add(name);
            }
            List<Object> statementResources = new ArrayList<>();
            for (Object resource : listOf(statement.get("Resource"))) {
                statementResources.add(resolve(resource));
            }
            String name = statement.get("Sid") == null ? sourceName : sourceName + "/" + statement.get("Sid");
            statements.add(new IamStatement(name, String.valueOf(statement.get("Effect")), actions, statementResources));
        }
        return statements;
    }

    /** Expands {@code Fn::If} entries of a list into both branches (a check must see what either could grant). */
    private static List<Object> branches(List<Object> items) {
        List<Object> expanded = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof Map<?, ?> map && map.size() == 1 && map.get("Fn::If") instanceof List<?> args
                    && args.size() == 3) {
                expanded.addAll(branches(listOf(args.get(1))));
                expanded.addAll(branches(listOf(args.get(2))));
            } else if (!(item instanceof Map<?, ?> map && Map.of("Ref", "AWS::NoValue").equals(map))) {
                expanded.add(item);
            }
        }
        return expanded;
    }

    // ------------------------------------------------------------------------------------------- resolution

    /** Replaces {@code {"Ref": parameter}} by the parameter's Default, recursively; everything else stays. */
    private Object resolve(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("Ref") instanceof String name && parameterDefaults.containsKey(name)) {
                return parameterDefaults.get(name);
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            map.forEach((key, inner) -> resolved.put(String.valueOf(key), resolve(inner)));
            return Collections.unmodifiableMap(resolved);
        }
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            list.forEach(inner -> resolved.add(resolve(inner)));
            return Collections.unmodifiableList(resolved);
        }
        return value;
    }

    private int intOr(Object value, Integer absent, String where) {
        Object resolved = resolve(value);
        if (resolved == null) {
            if (absent == null) {
                throw new TemplateException(where + " is missing in " + source);
            }
            return absent;
        }
        if (resolved instanceof Integer number) {
            return number;
        }
        if (resolved instanceof String text) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new TemplateException(where + " must be a literal whole number or a !Ref to a parameter with a numeric"
                + " Default, so the local runtime can read it; got " + value);
    }

    private String string(Object value, String where) {
        Object resolved = resolve(value);
        if (!(resolved instanceof String text)) {
            throw new TemplateException(where + " must be a literal string (or a !Ref to a parameter with a Default)"
                    + " in " + source + "; got " + value);
        }
        return text;
    }

    /** The logical id X of {@code !GetAtt X.attribute}. */
    private String getAttResource(Object value, String attribute, String where) {
        if (value instanceof Map<?, ?> map && map.size() == 1 && map.get("Fn::GetAtt") instanceof List<?> args
                && args.size() == 2 && attribute.equals(args.get(1)) && args.get(0) instanceof String id) {
            if (!resources.containsKey(id)) {
                throw new TemplateException(where + " refers to " + id + ", which is not a resource in " + source);
            }
            return id;
        }
        throw new TemplateException(where + " must be !GetAtt <resource>." + attribute + " in " + source
                + "; got " + value);
    }

    private Map<String, Object> resource(String logicalId) {
        return map(resources.get(logicalId), "Resources." + logicalId);
    }

    private Map<String, Object> properties(String logicalId, Map<String, Object> definition) {
        return optionalMap(definition.get("Properties"), "Resources." + logicalId + ".Properties");
    }

    private static String parameterString(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    private static boolean isIntrinsic(Map<?, ?> map) {
        return map.size() == 1 && map.keySet().iterator().next() instanceof String key
                && (key.equals("Ref") || key.startsWith("Fn::"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object value, String where) {
        if (!(value instanceof Map)) {
            throw new TemplateException(where + " must be a mapping in " + source + "; got " + value);
        }
        return (Map<String, Object>) value;
    }

    private Map<String, Object> optionalMap(Object value, String where) {
        return value == null ? Map.of() : map(value, where);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> listOf(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        return List.of(value);
    }
}
