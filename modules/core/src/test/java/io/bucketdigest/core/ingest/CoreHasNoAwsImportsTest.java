package io.bucketdigest.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain module stays free of AWS SDK and Lambda types (an ArchUnit-free check on the sources). */
class CoreHasNoAwsImportsTest {

    private static final Pattern FORBIDDEN =
            Pattern.compile("^\\s*import\\s+(static\\s+)?(software\\.amazon|com\\.amazonaws)\\.", Pattern.MULTILINE);
    private static final Pattern QUALIFIED_USE = Pattern.compile("\\b(software\\.amazon|com\\.amazonaws)\\.\\w");

    @Test
    void mainSources_importNothingFromTheAwsSdkOrLambdaLibraries() throws IOException {
        // GIVEN the module's main sources (surefire runs in the module directory)
        Path sources = Path.of("src/main/java");
        assertThat(sources).isDirectory();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(files).hasSizeGreaterThan(20);

        // WHEN
        List<String> violations = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher imports = FORBIDDEN.matcher(text);
            while (imports.find()) {
                violations.add(file + ": " + imports.group().trim());
            }
            Matcher qualified = QUALIFIED_USE.matcher(text);
            while (qualified.find()) {
                violations.add(file + ": fully qualified " + qualified.group());
            }
        }

        // THEN
        assertThat(violations).isEmpty();
    }

    @Test
    void forbiddenPatterns_catchBothImportStylesAndQualifiedNames() {
        assertThat(FORBIDDEN.matcher("import software.amazon.awssdk.services.s3.S3Client;").find()).isTrue();
        assertThat(FORBIDDEN.matcher("import static com.amazonaws.services.lambda.X.y;").find()).isTrue();
        assertThat(QUALIFIED_USE.matcher("var c = software.amazon.awssdk.core.SdkBytes.fromUtf8String(s);").find())
                .isTrue();
        assertThat(FORBIDDEN.matcher("import io.bucketdigest.core.event.ObjectEvent;").find()).isFalse();
    }
}
