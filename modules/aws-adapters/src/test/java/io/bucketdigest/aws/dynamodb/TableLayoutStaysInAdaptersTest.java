package io.bucketdigest.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.event.EventId;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One home for the table layout: no main code outside aws-adapters spells a key format or names a table attribute.
 * <ul>
 *   <li>A string literal that contains a key prefix ({@code EVT#}, {@code DIGEST#}, ...) is a violation anywhere.</li>
 *   <li>In a file that uses the DynamoDB SDK, a literal that equals an attribute name ({@link HistoryTable} keys,
 *       {@link ItemAttributes}), an item type or a sentinel key ({@code STATE}, {@code META}, {@code SUBSCRIPTION}),
 *       or an expression ({@code "pk = :pk"}) that names one, is a violation too. Elsewhere those words are free:
 *       the CLI's JSON has its own {@code "subscriptionId"}.</li>
 * </ul>
 * The vocabulary is read from the adapters' constants and key builders, so a new key or attribute is covered.
 */
class TableLayoutStaysInAdaptersTest {

    private static final Path MODULES = Path.of("..").toAbsolutePath().normalize();

    /**
     * Files that still spell the layout, each with the reason; the test fails when one of them is clean (drop it
     * here) or when any other file is not.
     */
    private static final Map<String, String> EXEMPT = Map.of(
            "emulator/src/main/java/io/bucketdigest/emulator/HistoryTableFixture.java",
            "emulator cannot depend on aws-adapters (whose tests depend on it); "
                    + "HistoryTableMatchesLayoutIT checks its table against HistoryTable.createTableRequest",
            "bench/src/main/java/io/bucketdigest/bench/RequestLedger.java",
            "bench counts stored bytes and request keys item by item; owned by the bench rework (issue 14)",
            "bench/src/main/java/io/bucketdigest/bench/WorkPerEvent.java",
            "bench counts items by type after a run; owned by the bench rework (issue 14)");

    private static final Pattern DYNAMODB_SDK = Pattern.compile("import\\s+(static\\s+)?software\\.amazon\\.awssdk"
            + "\\.services\\.dynamodb\\b");
    private static final Pattern EXPRESSION = Pattern.compile(
            "(?<![\\w\"]):[A-Za-z]\\w*|attribute_(not_)?exists\\(|begins_with\\(");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![:#\\w])[A-Za-z_]\\w*");

    record Violation(String file, int line, String literal, String why) {
        @Override
        public String toString() {
            return file + ":" + line + ": \"" + literal + "\" " + why;
        }
    }

    record Vocabulary(Set<String> keyPrefixes, Set<String> itemWords) {}

    @Test
    void mainCodeOutsideAdapters_spellsNoKeyFormatOrAttributeName() throws IOException {
        Vocabulary vocabulary = vocabulary();
        List<Violation> violations = new ArrayList<>();
        Set<String> exemptButClean = new TreeSet<>(EXEMPT.keySet());
        try (Stream<Path> files = Files.walk(MODULES)) {
            for (Path file : files.filter(TableLayoutStaysInAdaptersTest::isMainJava).sorted().toList()) {
                String relative = MODULES.relativize(file).toString().replace('\\', '/');
                List<Violation> found = scan(relative, Files.readString(file, StandardCharsets.UTF_8), vocabulary);
                if (EXEMPT.containsKey(relative)) {
                    if (!found.isEmpty()) {
                        exemptButClean.remove(relative);
                    }
                } else {
                    violations.addAll(found);
                }
            }
        }
        assertThat(violations)
                .as("the table layout is spelled only in modules/aws-adapters (HistoryTable, ItemAttributes); "
                        + "call an adapter there instead, or add what you need beside the writers")
                .isEmpty();
        assertThat(exemptButClean).as("exempt files that no longer spell the layout: drop them from EXEMPT").isEmpty();
    }

    @Test
    void scan_findsKeyFormatsAttributesAndExpressions_andNamesTheLine() {
        String sample = """
                package sample;

                import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

                class Sample {
                    String a = "OBJ#" + bucket;
                    // "EVT#" in a comment is fine
                    String b = item.get("leaseOwner").s();
                    String c = "pk = :pk AND begins_with(sk, :e)";
                    String d = "lease owner: " + owner;
                }
                """;

        List<Violation> found = scan("sample/Sample.java", sample, vocabulary());

        assertThat(found).extracting(Violation::line, Violation::literal)
                .containsExactly(tuple(6, "OBJ#"),
                        tuple(8, "leaseOwner"),
                        tuple(9, "pk = :pk AND begins_with(sk, :e)"));
        assertThat(found.get(0).toString()).startsWith("sample/Sample.java:6: \"OBJ#\"");
    }

    @Test
    void scan_leavesAttributeWordsAlone_whereNoDynamoDbItemIsTouched() {
        String json = """
                class Row {
                    void write() { json.put("subscriptionId", id); json.put("status", "PENDING"); }
                    String text = "see DIGEST# items";
                }
                """;

        assertThat(scan("cli/Row.java", json, vocabulary()))
                .extracting(Violation::literal).containsExactly("see DIGEST# items");
    }

    @Test
    void vocabulary_comesFromTheAdaptersConstants() {
        Vocabulary vocabulary = vocabulary();

        assertThat(vocabulary.keyPrefixes()).contains("OBJ#", "EVT#", "NOTE#", "BKT#", "PENDING#", "SUBSTATE#",
                "DIGEST#", "ENTRIES#", "PARKED#", "MAIL#", "SUBDIGESTS#");
        assertThat(vocabulary.itemWords()).contains("pk", "sk", "gsi1pk", "gsi1sk", "gsi1", "expiresAt",
                "leaseOwner", "ingestedAt", "refs", "STATE", "META", "SUBSCRIPTION", "EVENT", "PENDING");
    }

    private static boolean isMainJava(Path file) {
        String path = file.toString().replace('\\', '/');
        return path.endsWith(".java") && path.contains("/src/main/") && !path.contains("/target/")
                && !path.startsWith(MODULES.resolve("aws-adapters").toString().replace('\\', '/'));
    }

    static List<Violation> scan(String file, String source, Vocabulary vocabulary) {
        boolean touchesItems = DYNAMODB_SDK.matcher(source).find();
        List<Violation> violations = new ArrayList<>();
        for (Literal literal : literals(source)) {
            String text = literal.text();
            String why = null;
            for (String prefix : vocabulary.keyPrefixes()) {
                if (text.contains(prefix)) {
                    why = "spells the key format " + prefix + " (use HistoryTable)";
                    break;
                }
            }
            if (why == null && touchesItems) {
                if (vocabulary.itemWords().contains(text)) {
                    why = "names a table attribute, item type or sentinel key (use an adapter)";
                } else if (EXPRESSION.matcher(text).find()) {
                    Matcher word = IDENTIFIER.matcher(text);
                    while (word.find()) {
                        if (vocabulary.itemWords().contains(word.group())) {
                            why = "is an expression over the attribute " + word.group() + " (use an adapter)";
                            break;
                        }
                    }
                }
            }
            if (why != null) {
                violations.add(new Violation(file, literal.line(), text, why));
            }
        }
        return violations;
    }

    static Vocabulary vocabulary() {
        Set<String> prefixes = new TreeSet<>();
        EventId id = new EventId("0123456789abcdef0123456789abcdef");
        Instant time = Instant.parse("2026-01-01T00:00:00Z");
        for (String key : List.of(HistoryTable.objectPk("b", "k"), HistoryTable.eventSk(time, id),
                HistoryTable.noteSk(id, "s"), HistoryTable.bucketShardPk("b", 0), HistoryTable.pendingPk("s", 0),
                HistoryTable.statePk("s"), HistoryTable.digestPk("d"), HistoryTable.digestEntriesSk(0),
                HistoryTable.parkedSk(new PendingRef(0, "x").encode()), HistoryTable.mailEventSk(time, "T", "r"),
                HistoryTable.subscriptionDigestsGsiPk("s"))) {
            prefixes.add(key.substring(0, key.indexOf('#') + 1));
        }
        Set<String> words = new TreeSet<>(stringConstants(ItemAttributes.class));
        words.addAll(stringConstants(HistoryTable.class));
        words.removeIf(word -> word.endsWith("#"));
        return new Vocabulary(prefixes, words);
    }

    private static List<String> stringConstants(Class<?> type) {
        List<String> values = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers)
                    && field.getType() == String.class) {
                try {
                    values.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return values;
    }

    record Literal(int line, String text) {}

    /** The string literals of a Java source (text blocks too), skipping comments and char literals. */
    static List<Literal> literals(String source) {
        List<Literal> literals = new ArrayList<>();
        int line = 1;
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (source.startsWith("//", i)) {
                while (i < source.length() && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
                line += count(source, i, end);
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? source.length() : end;
                literals.add(new Literal(line, source.substring(i + 3, end)));
                line += count(source, i, end);
                i = Math.min(source.length(), end + 3);
            } else if (c == '"' || c == '\'') {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != c && source.charAt(j) != '\n') {
                    if (source.charAt(j) == '\\' && j + 1 < source.length()) {
                        text.append(source.charAt(j + 1));
                        j += 2;
                    } else {
                        text.append(source.charAt(j++));
                    }
                }
                if (c == '"') {
                    literals.add(new Literal(line, text.toString()));
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return literals;
    }

    private static int count(String source, int from, int to) {
        int lines = 0;
        for (int i = from; i < to; i++) {
            if (source.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
