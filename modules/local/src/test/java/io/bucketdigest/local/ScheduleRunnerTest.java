package io.bucketdigest.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.bucketdigest.template.FunctionSpec;
import io.bucketdigest.template.PipelineTemplate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleRunnerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T10:20:00.250Z"), ZoneOffset.UTC);
    private final FunctionSpec sweepFunction = PipelineTemplate.load().function("DigestSweepFunction");

    @ParameterizedTest
    @CsvSource({"rate(1 minute), PT1M", "rate(5 minutes), PT5M", "rate(2 hours), PT2H", "rate(1 day), PT24H"})
    void period_rateExpression_isItsDuration(String expression, Duration expected) {
        assertThat(ScheduleRunner.period(expression)).isEqualTo(expected);
    }

    @Test
    void period_cronExpression_isRefusedNamingWhatIsPlayed() {
        assertThatThrownBy(() -> ScheduleRunner.period("cron(0 12 * * ? *)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate(N minutes|hours|days)");
    }

    @Test
    void invoke_passesTheHandlerAScheduledEventShapedLikeEventBridges() {
        List<ScheduledEvent> received = new ArrayList<>();
        List<Context> contexts = new ArrayList<>();
        ScheduleRunner runner = new ScheduleRunner(sweepFunction, "eu-west-1", (event, context) -> {
            received.add(event);
            contexts.add(context);
        }, failure -> { }, CLOCK);

        runner.invoke();

        assertThat(received).singleElement().satisfies(event -> {
            assertThat(event.getDetailType()).isEqualTo("Scheduled Event");
            assertThat(event.getSource()).isEqualTo("aws.events");
            assertThat(event.getRegion()).isEqualTo("eu-west-1");
            assertThat(event.getTime().getMillis()).isEqualTo(Instant.parse("2026-03-02T10:20:00Z").toEpochMilli());
            assertThat(event.getResources()).singleElement().asString()
                    .startsWith("arn:aws:events:eu-west-1:").contains(":rule/DigestSweepFunction");
            assertThat(event.getDetail()).isEmpty();
        });
        assertThat(contexts).singleElement().satisfies(context ->
                assertThat(context.getFunctionName()).isEqualTo("DigestSweepFunction"));
    }

    @Test
    void invoke_handlerFails_reportsItAndKeepsTheSchedule() {
        List<String> failures = new ArrayList<>();
        ScheduleRunner runner = new ScheduleRunner(sweepFunction, "eu-west-1", (event, context) -> {
            throw new IllegalStateException("table gone");
        }, failures::add, CLOCK);

        runner.invoke();

        assertThat(failures).singleElement().asString().contains("DigestSweepFunction", "table gone");
    }
}
