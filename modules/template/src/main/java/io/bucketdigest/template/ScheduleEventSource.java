package io.bucketdigest.template;

import java.util.Optional;

/**
 * A function's {@code Schedule} event (an EventBridge rule).
 *
 * @param eventId    the key under the function's {@code Events}
 * @param expression e.g. {@code rate(5 minutes)}
 * @param input      the constant JSON input the rule sends, if any
 */
public record ScheduleEventSource(String eventId, String expression, Optional<String> input) {}
