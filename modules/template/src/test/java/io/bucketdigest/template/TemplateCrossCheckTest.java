package io.bucketdigest.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * template.yaml against the function code: the handlers exist, each function gets exactly the environment its
 * config reads, and its role grants exactly the actions its code declares. The code is read reflectively, so this
 * module compiles before the function modules have those classes.
 */
class TemplateCrossCheckTest {

    /** What the template's functions are bound to in the code. A new function must be added here. */
    private record Code(String handlerClass, String configClass, String wiringClass, String buildArtifact) {}

    private static final Map<String, Code> CODE = Map.of(
            "IngestFunction", new Code(
                    "io.bucketdigest.ingest.IngestHandler",
                    "io.bucketdigest.ingest.IngestConfig",
                    "io.bucketdigest.ingest.IngestWiring",
                    "modules/ingest-function/target/bucket-digest-ingest-function-0.1.0-SNAPSHOT-lambda.jar"),
            "DigestFunction", new Code(
                    "io.bucketdigest.digest.DigestHandler",
                    "io.bucketdigest.digest.DigestConfig",
                    "io.bucketdigest.digest.DigestWiring",
                    "modules/digest-function/target/bucket-digest-digest-function-0.1.0-SNAPSHOT-lambda.jar"),
            "DigestSweepFunction", new Code(
                    "io.bucketdigest.digest.DigestSweepHandler",
                    "io.bucketdigest.digest.DigestConfig",
                    "io.bucketdigest.digest.DigestWiring",
                    "modules/digest-function/target/bucket-digest-digest-function-0.1.0-SNAPSHOT-lambda.jar"),
            "MailEventsFunction", new Code(
                    "io.bucketdigest.digest.MailEventHandler",
                    "io.bucketdigest.digest.MailEventConfig",
                    "io.bucketdigest.digest.MailEventWiring",
                    "modules/digest-function/target/bucket-digest-digest-function-0.1.0-SNAPSHOT-lambda.jar"));

    private final PipelineTemplate template = PipelineTemplate.load(Repository.template());

    @Test
    void functions_areExactlyTheOnesBoundToCode() {
        assertThat(template.functions()).extracting(FunctionSpec::logicalId)
                .containsExactlyInAnyOrderElementsOf(CODE.keySet());
    }

    @ParameterizedTest
    @ValueSource(strings = {"IngestFunction", "DigestFunction", "DigestSweepFunction", "MailEventsFunction"})
    void handler_namesAnExistingClassAndMethod(String logicalId) {
        FunctionSpec function = template.function(logicalId);
        Code code = CODE.get(logicalId);

        assertThat(function.handlerClassName()).isEqualTo(code.handlerClass());
        assertThat(function.buildArtifact()).isEqualTo(code.buildArtifact());
        Class<?> handler = load(code.handlerClass());
        assertThat(Modifier.isPublic(handler.getModifiers())).as("%s is public", handler.getName()).isTrue();
        assertThat(Arrays.stream(handler.getMethods()).map(Method::getName))
                .as("public methods of %s", handler.getName())
                .contains(function.handlerMethodName());
        assertThat(handler.getConstructors()).as("%s has a public no-argument constructor", handler.getName())
                .anySatisfy(constructor -> assertThat(constructor.getParameterCount()).isZero());
    }

    @ParameterizedTest
    @ValueSource(strings = {"IngestFunction", "DigestFunction", "DigestSweepFunction", "MailEventsFunction"})
    void environment_isExactlyWhatTheConfigReads(String logicalId) {
        FunctionSpec function = template.function(logicalId);
        Set<String> configured = function.environmentVariableNames().stream()
                .filter(name -> !name.startsWith("AWS_") && !name.startsWith("POWERTOOLS_")
                        && !name.equals("JAVA_TOOL_OPTIONS"))
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> read = stringSet(CODE.get(logicalId).configClass(), "VARIABLES");

        assertThat(configured)
                .as("environment of %s in template.yaml vs %s.VARIABLES", logicalId, CODE.get(logicalId).configClass())
                .containsExactlyInAnyOrderElementsOf(read);
    }

    @ParameterizedTest
    @ValueSource(strings = {"IngestFunction", "DigestFunction", "DigestSweepFunction", "MailEventsFunction"})
    void iamActions_grantExactlyWhatTheCodeCalls(String logicalId) {
        FunctionSpec function = template.function(logicalId);
        Set<String> declared = stringSet(CODE.get(logicalId).wiringClass(), "IAM_ACTIONS");
        Set<String> declaredForCode = new TreeSet<>(declared);
        declaredForCode.removeAll(PipelineTemplate.LAMBDA_SERVICE_ACTIONS);

        assertThat(new TreeSet<>(function.codeActions()))
                .as("actions granted to %s (minus Lambda's own logging/polling) vs %s.IAM_ACTIONS", logicalId,
                        CODE.get(logicalId).wiringClass())
                .containsExactlyInAnyOrderElementsOf(declaredForCode);
        assertThat(function.iamActions())
                .as("every action %s declares is granted", CODE.get(logicalId).wiringClass())
                .containsAll(declared);
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className, false, TemplateCrossCheckTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(className + " is not on the test classpath: template.yaml names it, so the"
                    + " function module must define it (build it with mvn -pl modules/template -am)", e);
        }
    }

    private static Set<String> stringSet(String className, String field) {
        Class<?> type = load(className);
        Object value;
        try {
            value = type.getField(field).get(null);
        } catch (NoSuchFieldException e) {
            throw new AssertionError(className + " must expose public static final Set<String> " + field, e);
        } catch (IllegalAccessException e) {
            throw new AssertionError(className + "." + field + " must be public", e);
        }
        assertThat(value).as("%s.%s", className, field).isInstanceOf(Set.class);
        return ((Set<?>) value).stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
    }
}
