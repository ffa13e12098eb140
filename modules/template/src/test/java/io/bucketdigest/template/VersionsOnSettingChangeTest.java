package io.bucketdigest.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The functions run behind the alias `live`, which moves only when SAM publishes a new version. This runs the SAM
 * translator (aws-sam-translator, installed beside cfn-lint) on template.yaml once with base parameter values and once
 * per parameter with that one value changed, and checks that a function's version logical id changes exactly when
 * its code or a parameter that reaches it changes. "Reaches" is read from the template: a parameter referenced in the
 * function's environment (or the Globals' one), or one that names a resource the environment references (the
 * retained table's name).
 */
class VersionsOnSettingChangeTest {

    private static final Map<String, String> CODE_KEY = Map.of(
            "IngestFunction", "IngestCodeKey", "DigestFunction", "DigestCodeKey",
            "DigestSweepFunction", "DigestCodeKey", "MailEventsFunction", "DigestCodeKey");
    private static final Set<String> NAME_PROPERTIES = Set.of("TableName", "QueueName", "TopicName");

    private static Map<String, Object> template;
    private static Map<String, String> base;
    private static List<String> parameterNames;
    private static Map<String, String> baseVersions;
    private static Map<String, Map<String, String>> versionsWithChanged;

    @BeforeAll
    static void translateOncePerParameter(@TempDir Path work) throws IOException {
        template = Repository.rawTemplate();
        Map<String, Object> parameters = Repository.mapAt(template, "Parameters");
        parameterNames = new ArrayList<>(parameters.keySet());
        base = new LinkedHashMap<>();
        base.put("SenderAddress", "digests@example.com");
        base.put("CodeBucket", "artifacts-bucket");
        base.put("IngestCodeKey", "bucket-digest/ingest-1111.jar");
        base.put("DigestCodeKey", "bucket-digest/digest-2222.jar");
        List<Map<String, String>> sets = new ArrayList<>();
        sets.add(base);
        for (String name : parameterNames) {
            Map<String, String> changed = new LinkedHashMap<>(base);
            changed.put(name, otherValue(name, Repository.mapAt(parameters, name)));
            sets.add(changed);
        }
        List<Map<String, String>> results = translate(sets, work);
        baseVersions = results.get(0);
        versionsWithChanged = new LinkedHashMap<>();
        for (int i = 0; i < parameterNames.size(); i++) {
            versionsWithChanged.put(parameterNames.get(i), results.get(i + 1));
        }
    }

    @Test
    void everyFunctionHasAVersion() {
        assertThat(baseVersions).containsOnlyKeys(CODE_KEY.keySet());
    }

    @Test
    void aChangedParameter_publishesANewVersion_exactlyOfTheFunctionsItReaches() {
        for (String function : CODE_KEY.keySet()) {
            Set<String> reaching = reachingParameters(function);
            reaching.add("CodeBucket");
            reaching.add(CODE_KEY.get(function));
            for (String parameter : parameterNames) {
                String changedVersion = versionsWithChanged.get(parameter).get(function);
                if (reaching.contains(parameter)) {
                    assertThat(changedVersion)
                            .as("%s reaches %s, so changing it must publish a new version (add it to the Version"
                                    + " field of the function's CodeUri in template.yaml)", parameter, function)
                            .isNotEqualTo(baseVersions.get(function));
                } else {
                    assertThat(changedVersion)
                            .as("%s does not reach %s, so changing it must not publish a version", parameter,
                                    function)
                            .isEqualTo(baseVersions.get(function));
                }
            }
        }
    }

    @Test
    void theParametersThatReachAFunction_includeItsSettings_andNotTheOperationalOnes() {
        assertThat(reachingParameters("DigestFunction")).contains("QuietPeriodSeconds", "SenderAddress",
                "SesMaxSendRate", "InlineLimit", "LogLevel", "ExistingHistoryTableName");
        assertThat(reachingParameters("IngestFunction")).contains("QuietPeriodSeconds", "RetentionDays",
                "Recipients", "LogLevel");
        for (String function : CODE_KEY.keySet()) {
            assertThat(reachingParameters(function)).doesNotContain("AlarmEmail", "LogRetentionDays",
                    "MaxReceiveCount", "RawMessageDelivery");
            assertThat(versionsWithChanged.get("AlarmEmail").get(function)).isEqualTo(baseVersions.get(function));
            assertThat(versionsWithChanged.get("LogRetentionDays").get(function))
                    .isEqualTo(baseVersions.get(function));
        }
    }

    /**
     * A value written into the template rather than passed as a parameter (WRITE_CONCURRENCY, JAVA_TOOL_OPTIONS, ...)
     * changes nothing SAM hashes unless the Version string spells it: the alias would stay on the old version.
     */
    @Test
    void everyLiteralSettingOfAFunction_isSpelledInItsVersionString() {
        for (String function : CODE_KEY.keySet()) {
            String version = String.valueOf(Repository.at(template, "Resources", function, "Properties", "CodeUri",
                    "Version"));
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.putAll(Repository.mapAt(template, "Globals", "Function", "Environment", "Variables"));
            variables.putAll(Repository.mapAt(template, "Resources", function, "Properties", "Environment",
                    "Variables"));
            variables.forEach((name, value) -> {
                if (value instanceof String literal) {
                    assertThat(version).as("%s sets %s to \"%s\" in the template: add \"|%s=%s\" to the Version of"
                            + " its CodeUri, so a change publishes a new version", function, name, literal, name,
                            literal).contains("|" + name + "=" + literal);
                }
            });
        }
    }

    private static Set<String> reachingParameters(String function) {
        Set<String> parameters = Repository.mapAt(template, "Parameters").keySet();
        Set<String> found = new TreeSet<>();
        List<Object> environments = List.of(
                Repository.at(template, "Resources", function, "Properties", "Environment"),
                Repository.at(template, "Globals", "Function", "Environment"));
        Set<String> references = new TreeSet<>();
        environments.forEach(environment -> collectReferences(environment, references));
        for (String reference : references) {
            if (parameters.contains(reference)) {
                found.add(reference);
            } else if (Repository.at(template, "Resources", reference, "Properties") instanceof Map<?, ?> properties) {
                Set<String> viaName = new TreeSet<>();
                properties.forEach((key, value) -> {
                    if (NAME_PROPERTIES.contains(String.valueOf(key))) {
                        collectReferences(value, viaName);
                    }
                });
                viaName.stream().filter(parameters::contains).forEach(found::add);
            }
        }
        return found;
    }

    /** Ref targets and ${Name} / ${Name.Attribute} variables of Fn::Sub, anywhere below node. */
    private static void collectReferences(Object node, Set<String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("Ref".equals(key) && value instanceof String name) {
                    into.add(name);
                } else if ("Fn::GetAtt".equals(key) && value instanceof List<?> getAtt && !getAtt.isEmpty()) {
                    into.add(String.valueOf(getAtt.get(0)));
                } else if ("Fn::Sub".equals(key)) {
                    String text = value instanceof List<?> list ? String.valueOf(list.get(0)) : String.valueOf(value);
                    var matcher = java.util.regex.Pattern.compile("\\$\\{([A-Za-z0-9]+)").matcher(text);
                    while (matcher.find()) {
                        into.add(matcher.group(1));
                    }
                    collectReferences(value, into);
                } else {
                    collectReferences(value, into);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectReferences(item, into));
        }
    }

    /** A valid value different from the base one. */
    private static String otherValue(String name, Map<String, Object> parameter) {
        String current = base.containsKey(name) ? base.get(name) : String.valueOf(parameter.get("Default"));
        if (parameter.get("AllowedValues") instanceof List<?> allowed) {
            return allowed.stream().map(String::valueOf).filter(v -> !v.equals(current)).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " allows only one value"));
        }
        if ("Number".equals(parameter.get("Type"))) {
            Object max = parameter.get("MaxValue");
            Object min = parameter.get("MinValue");
            String candidate = max != null ? String.valueOf(max) : String.valueOf(Double.parseDouble(current) + 1);
            if (new java.math.BigDecimal(candidate).compareTo(new java.math.BigDecimal(current)) == 0) {
                candidate = String.valueOf(min);
            }
            return candidate;
        }
        return switch (name) {
            case "SenderAddress" -> "other-sender@example.org";
            case "Recipients", "AlarmEmail" -> "someone-else@example.org";
            case "CodeBucket" -> "other-artifacts-bucket";
            default -> current.equals("changed-value") ? "changed-value-2" : "changed-value";
        };
    }

    private static String json(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static List<Map<String, String>> translate(List<Map<String, String>> sets, Path work)
            throws IOException {
        Path python = Processes.onPath("python3").orElseGet(() -> fail(
                "python3 is not on PATH; this test runs the SAM translator (pip install aws-sam-translator)"));
        Path script = work.resolve("sam_versions.py");
        try (InputStream in = VersionsOnSettingChangeTest.class.getResourceAsStream("/sam_versions.py")) {
            Files.copy(in, script);
        }
        StringBuilder request = new StringBuilder("{\"template\": ").append(json(Repository.template().toString()))
                .append(", \"parameterSets\": [");
        for (int i = 0; i < sets.size(); i++) {
            request.append(i == 0 ? "{" : ", {");
            int field = 0;
            for (Map.Entry<String, String> entry : sets.get(i).entrySet()) {
                request.append(field++ == 0 ? "" : ", ").append(json(entry.getKey())).append(": ")
                        .append(json(entry.getValue()));
            }
            request.append('}');
        }
        Path input = work.resolve("request.json");
        Files.writeString(input, request.append("]}").toString(), StandardCharsets.UTF_8);
        Processes.Result result = Processes.run(List.of("sh", "-c",
                "\"$0\" \"$1\" < \"$2\"", python.toString(), script.toString(), input.toString()), Repository.root(),
                env -> env.put("AWS_DEFAULT_REGION", "us-east-1"), 300);
        if (result.exitCode() != 0) {
            fail("the SAM translator failed (is aws-sam-translator installed beside cfn-lint?):\n" + result.both());
        }
        List<Map<String, String>> versions = new ArrayList<>();
        for (String line : result.stdout().strip().split("\n")) {
            @SuppressWarnings("unchecked")
            Map<String, String> parsed = new Yaml().loadAs(line, Map.class);
            versions.add(parsed);
        }
        assertThat(versions).as("one translation per parameter set").hasSize(sets.size());
        return versions;
    }
}
