package io.bucketdigest.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link ItemAttributes} and {@link HistoryTable} list every attribute the adapters read or write, so the rule that
 * keeps them out of other modules (TableLayoutStaysInAdaptersTest) knows them all.
 */
class ItemAttributesTest {

    private static final Path ADAPTERS = Path.of("src/main/java/io/bucketdigest/aws/dynamodb");
    /** An attribute named where an item is read or built: str(item, "x"), put("x", ..), get("x"), containsKey("x"). */
    private static final Pattern ITEM_ACCESS = Pattern.compile(
            "(?:str\\(\\w+, |\\.put\\(|\\.get\\(|containsKey\\(|Map\\.of\\(\"#\\w+\", )\"([A-Za-z]\\w*)\"");
    private static final Pattern EXPRESSION = Pattern.compile("(?<![\\w\"]):[A-Za-z]\\w*");
    /** A name in an expression: not a placeholder, not a function, not a keyword. */
    private static final Pattern NAME = Pattern.compile("(?<![:#\\w])([a-z]\\w*)(?!\\w|\\()");

    @Test
    void everyAttributeTheAdaptersUse_isDeclared() throws IOException {
        Set<String> declared = TableLayoutStaysInAdaptersTest.vocabulary().itemWords();
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.list(ADAPTERS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                Matcher access = ITEM_ACCESS.matcher(source);
                while (access.find()) {
                    used.add(access.group(1));
                }
                for (TableLayoutStaysInAdaptersTest.Literal literal : TableLayoutStaysInAdaptersTest.literals(source)) {
                    if (EXPRESSION.matcher(literal.text()).find()) {
                        Matcher name = NAME.matcher(literal.text());
                        while (name.find()) {
                            used.add(name.group(1));
                        }
                    }
                }
            }
        }

        assertThat(used).as("attribute names the adapters use").contains("leaseOwner", "arrivalSeq", "refs", "pk");
        assertThat(declared).containsAll(used);
    }

    @Test
    void expressionNames_skipPlaceholdersFunctionsAndKeywords() {
        Matcher name = NAME.matcher("SET leaseOwner = :owner, x = if_not_exists(firstPendingAt, :now) ADD #n :one");
        List<String> found = name.results().map(m -> m.group(1)).toList();

        assertThat(found).containsExactly("leaseOwner", "x", "firstPendingAt");
    }
}
