package io.bucketdigest.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bucketdigest.template.FunctionSpec;
import io.bucketdigest.template.ScheduleEventSource;
import io.bucketdigest.emulator.InProcessContext;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays EventBridge for a function's {@code Schedule} event from template.yaml: at its {@code rate(..)} it invokes the
 * handler in-process with the "Scheduled Event" EventBridge would send.
 */
final class ScheduleRunner implements AutoCloseable {

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    private static final String ACCOUNT = "123456789012";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PojoSerializer<ScheduledEvent> serializer =
            LambdaEventSerializers.serializerFor(ScheduledEvent.class, ScheduleRunner.class.getClassLoader());

    private final FunctionSpec function;
    private final ScheduleEventSource schedule;
    private final String region;
    private final BiConsumer<ScheduledEvent, Context> handler;
    private final Consumer<String> failures;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    ScheduleRunner(FunctionSpec function, String region, BiConsumer<ScheduledEvent, Context> handler,
            Consumer<String> failures, Clock clock) {
        if (function.schedules().size() != 1) {
            throw new IllegalStateException("template.yaml gives " + function.logicalId() + " "
                    + function.schedules().size() + " Schedule events; the local runtime plays exactly one");
        }
        this.function = function;
        this.schedule = function.schedules().get(0);
        this.region = region;
        this.handler = handler;
        this.failures = failures;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, function.logicalId() + "-schedule");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The period of an EventBridge {@code rate(..)} expression. */
    static Duration period(String expression) {
        Matcher rate = RATE.matcher(expression.trim());
        if (!rate.matches()) {
            throw new IllegalArgumentException("the local runtime plays rate(N minutes|hours|days) schedules, not "
                    + expression);
        }
        long value = Long.parseLong(rate.group(1));
        return switch (rate.group(2)) {
            case "minute", "minutes" -> Duration.ofMinutes(value);
            case "hour", "hours" -> Duration.ofHours(value);
            default -> Duration.ofDays(value);
        };
    }

    /**
     * What EventBridge sends a Lambda target for a scheduled rule without Input, read by Lambda's own serializer so
     * the handler sees what it would see in AWS.
     */
    ScheduledEvent event() {
        ObjectNode json = JSON.createObjectNode()
                .put("version", "0")
                .put("id", UUID.randomUUID().toString())
                .put("detail-type", "Scheduled Event")
                .put("source", "aws.events")
                .put("account", ACCOUNT)
                .put("time", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("region", region);
        json.putArray("resources").add("arn:aws:events:" + region + ":" + ACCOUNT + ":rule/" + function.logicalId()
                + schedule.eventId());
        json.putObject("detail");
        return serializer.fromJson(json.toString());
    }

    void start() {
        long millis = period(schedule.expression()).toMillis();
        timer.scheduleAtFixedRate(this::invoke, millis, millis, TimeUnit.MILLISECONDS);
    }

    void invoke() {
        InProcessContext context = new InProcessContext(function.logicalId(), UUID.randomUUID().toString(),
                function.memorySizeMb(), Duration.ofSeconds(function.timeoutSeconds()), clock);
        try {
            handler.accept(event(), context);
        } catch (RuntimeException | Error e) {
            failures.accept(function.logicalId() + " failed: " + e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
