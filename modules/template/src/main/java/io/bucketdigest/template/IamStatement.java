package io.bucketdigest.template;

import java.util.List;
import java.util.Set;

/**
 * One statement of a function's permissions.
 *
 * @param source    where it comes from, e.g. {@code IngestFunctionRole/ingest}, {@code SAM:SQSPollerPolicy},
 *                  {@code managed:AWSLambdaBasicExecutionRole}
 * @param effect    {@code Allow} or {@code Deny}
 * @param actions   the actions, as written
 * @param resources the resources: strings, or intrinsics as maps ({@code {"Fn::GetAtt": ["Table", "Arn"]}})
 */
public record IamStatement(String source, String effect, Set<String> actions, List<Object> resources) {

    public IamStatement {
        actions = Set.copyOf(actions);
        resources = List.copyOf(resources);
    }

    public boolean allows() {
        return "Allow".equals(effect);
    }

    /** Whether the statement applies to every resource ({@code Resource: "*"}). */
    public boolean anyResource() {
        return resources.contains("*");
    }
}
