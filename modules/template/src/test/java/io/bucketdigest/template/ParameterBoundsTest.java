package io.bucketdigest.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every numeric parameter has a MinValue and a MaxValue, and for those that reach a function they equal what the
 * function's config accepts: the bound itself passes IngestConfig/DigestConfig, one step beyond it is rejected. A
 * value CloudFormation accepts but the config rejects would fail the function's init (and, under SnapStart, the
 * version publish); a bound tighter than the code would hide a setting the code supports.
 */
class ParameterBoundsTest {

    private static final Map<String, String> CONFIG = Map.of(
            "IngestFunction", "io.bucketdigest.ingest.IngestConfig",
            "DigestFunction", "io.bucketdigest.digest.DigestConfig");

    private final Map<String, Object> template = Repository.rawTemplate();

    @Test
    void everyNumberParameter_isBoundedOnBothSides() {
        Map<String, Object> parameters = Repository.mapAt(template, "Parameters");
        List<String> unbounded = new ArrayList<>();
        parameters.forEach((name, definition) -> {
            Map<?, ?> parameter = (Map<?, ?>) definition;
            if ("Number".equals(parameter.get("Type")) && parameter.get("AllowedValues") == null
                    && (parameter.get("MinValue") == null || parameter.get("MaxValue") == null)) {
                unbounded.add(name);
            }
        });
        assertThat(unbounded).as("Number parameters without MinValue and MaxValue").isEmpty();
    }

    @Test
    void boundsOfEveryParameterAFunctionReads_equalWhatItsConfigAccepts() {
        int checked = 0;
        for (Map.Entry<String, String> function : CONFIG.entrySet()) {
            Map<String, Object> variables = Repository.mapAt(template, "Resources", function.getKey(), "Properties",
                    "Environment", "Variables");
            for (Map.Entry<String, Object> variable : variables.entrySet()) {
                Optional<Map<?, ?>> parameter = numberParameter(variable.getValue());
                if (parameter.isEmpty()) {
                    continue;
                }
                BigDecimal min = new BigDecimal(String.valueOf(parameter.get().get("MinValue")));
                BigDecimal max = new BigDecimal(String.valueOf(parameter.get().get("MaxValue")));
                BigDecimal step = min.scale() > 0 || max.scale() > 0
                        ? BigDecimal.ONE.movePointLeft(Math.max(min.scale(), max.scale()) + 1) : BigDecimal.ONE;
                String where = function.getKey() + " " + variable.getKey() + " = !Ref "
                        + ((Map<?, ?>) variable.getValue()).get("Ref");
                assertThat(configError(function.getValue(), variables, variable.getKey(), min))
                        .as("%s at its MinValue %s", where, min).isEmpty();
                assertThat(configError(function.getValue(), variables, variable.getKey(), max))
                        .as("%s at its MaxValue %s", where, max).isEmpty();
                assertThat(configError(function.getValue(), variables, variable.getKey(), min.subtract(step)))
                        .as("%s below its MinValue (%s): the config must reject it, or lower MinValue", where,
                                min.subtract(step)).isPresent();
                assertThat(configError(function.getValue(), variables, variable.getKey(), max.add(step)))
                        .as("%s above its MaxValue (%s): the config must reject it, or raise MaxValue", where,
                                max.add(step)).isPresent();
                checked++;
            }
        }
        assertThat(checked).as("numeric settings checked in both functions").isGreaterThanOrEqualTo(10);
    }

    private Optional<Map<?, ?>> numberParameter(Object value) {
        if (value instanceof Map<?, ?> ref && ref.get("Ref") instanceof String name
                && Repository.at(template, "Parameters", name) instanceof Map<?, ?> parameter
                && "Number".equals(parameter.get("Type"))) {
            return Optional.of(parameter);
        }
        return Optional.empty();
    }

    /** The config's complaint about the function's environment with one variable set to value, if any. */
    private Optional<String> configError(String configClass, Map<String, Object> variables, String name,
            BigDecimal value) {
        Map<String, String> environment = new HashMap<>();
        variables.forEach((key, template) -> environment.put(key, plausible(key, template)));
        environment.put(name, value.toPlainString());
        try {
            Method fromEnvironment = Class.forName(configClass).getMethod("fromEnvironment", Map.class);
            fromEnvironment.invoke(null, environment);
            return Optional.empty();
        } catch (InvocationTargetException e) {
            return Optional.of(String.valueOf(e.getCause()));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(configClass + ".fromEnvironment(Map) must exist", e);
        }
    }

    /** A value a deployed stack would give: the parameter default, the literal, or a resource-shaped stand-in. */
    private String plausible(String variable, Object value) {
        if (value instanceof Map<?, ?> ref && ref.get("Ref") instanceof String name
                && Repository.at(template, "Parameters", name) instanceof Map<?, ?> parameter) {
            Object defaultValue = parameter.get("Default");
            return defaultValue == null ? "digests@example.com" : String.valueOf(defaultValue);
        }
        if (value instanceof String literal) {
            return literal;
        }
        return variable.endsWith("_URL") ? "https://sqs.us-east-1.amazonaws.com/123456789012/queue" : "resource";
    }
}
