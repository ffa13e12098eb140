package io.bucketdigest.cli.aws;

import java.util.List;

/**
 * How a replay ended. {@code moved}: sent to the source queue and deleted from the dead-letter queue. {@code skipped}:
 * did not match the filters (left where it was). {@code failed}: could not be sent (left where it was) or was sent
 * but not deleted (it stays in the dead-letter queue as well; see {@code failures}).
 */
public record ReplaySummary(
        String method, long moved, long skipped, long failed, long wouldMove, boolean dryRun, boolean interrupted,
        List<String> failures) {}
