package io.bucketdigest.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code AWS::Serverless::Function}, with Globals applied and parameter references resolved to their defaults.
 *
 * @param logicalId        the resource's logical id, e.g. {@code IngestFunction}
 * @param handler          {@code package.Class::method}
 * @param runtime          e.g. {@code java21}
 * @param buildArtifact    the jar the function runs, relative to the template ({@code Metadata.BuildArtifact}; the
 *                         CodeUri names its uploaded copy through parameters that scripts/deploy sets)
 * @param timeoutSeconds   function timeout
 * @param memorySizeMb     memory size
 * @param environment      environment variables; values are strings where the template gives a literal or a
 *                         parameter with a default, otherwise the intrinsic as a map (e.g. {@code {"Ref": "Queue"}})
 * @param sqsEventSource   the function's SQS event source, if it has one (at most one per function)
 * @param schedules        its schedule (EventBridge rule) events
 * @param iamStatements    every statement of the function's execution role, SAM policy templates and managed
 *                         policies expanded
 */
public record FunctionSpec(
        String logicalId,
        String handler,
        String runtime,
        String buildArtifact,
        int timeoutSeconds,
        int memorySizeMb,
        Map<String, Object> environment,
        Optional<SqsEventSource> sqsEventSource,
        List<ScheduleEventSource> schedules,
        List<IamStatement> iamStatements) {

    public FunctionSpec {
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        schedules = List.copyOf(schedules);
        iamStatements = List.copyOf(iamStatements);
    }

    /** The handler's class name, e.g. {@code io.bucketdigest.ingest.IngestHandler}. */
    public String handlerClassName() {
        int separator = handler.indexOf("::");
        return separator < 0 ? handler : handler.substring(0, separator);
    }

    /** The handler's method name ({@code handleRequest} when the handler names none). */
    public String handlerMethodName() {
        int separator = handler.indexOf("::");
        return separator < 0 ? "handleRequest" : handler.substring(separator + 2);
    }

    public Set<String> environmentVariableNames() {
        return Set.copyOf(environment.keySet());
    }

    /** Every action an {@code Allow} statement of the function's role grants, as written (wildcards included). */
    public Set<String> iamActions() {
        Set<String> actions = new LinkedHashSet<>();
        for (IamStatement statement : iamStatements) {
            if (statement.allows()) {
                actions.addAll(statement.actions());
            }
        }
        return Set.copyOf(actions);
    }

    /**
     * The granted actions the function's own code would use: {@link #iamActions()} minus
     * {@link PipelineTemplate#LAMBDA_SERVICE_ACTIONS} (logging and SQS polling, which Lambda performs).
     */
    public Set<String> codeActions() {
        Set<String> actions = new LinkedHashSet<>(iamActions());
        actions.removeAll(PipelineTemplate.LAMBDA_SERVICE_ACTIONS);
        return Set.copyOf(actions);
    }
}
