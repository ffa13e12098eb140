package io.bucketdigest.aws.dynamodb;

import io.bucketdigest.core.port.TransientFailureException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns a failed DynamoDB request into the exception its caller throws. The functions' adapters report a
 * {@link TransientFailureException}; the CLI passes its own, which names the IAM action, the table and the fix.
 */
@FunctionalInterface
public interface RequestFailures {

    /** @param action the request's IAM action, e.g. {@code dynamodb:Query} */
    RuntimeException translate(String action, SdkException failure);

    static RequestFailures transientFailures(String tableName) {
        return (action, failure) -> new TransientFailureException(action + " on table " + tableName + " failed",
                failure);
    }
}
