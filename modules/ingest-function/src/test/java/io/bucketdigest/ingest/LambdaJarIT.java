package io.bucketdigest.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.testing.LambdaJar;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ingest jar carries what the ingest handler runs and nothing else of ours: no digest, render or SES code, no test
 * readers, no SES SDK. Reads the jar that package just built (failsafe runs after package).
 */
class LambdaJarIT {

    private static final List<String> HANDLERS = List.of(IngestHandler.class.getName());
    private static final LambdaJar JAR = LambdaJar.read(Path.of(System.getProperty("bucketdigest.lambdaJar")));

    @Test
    void ourClasses_allReachedFromTheHandler() {
        assertThat(JAR.unreachedFrom(HANDLERS)).as("classes of ours in %s that the handler never uses", JAR.path())
                .isEmpty();
        assertThat(JAR.reachedFrom(HANDLERS)).contains("io/bucketdigest/core/ingest/IngestService");
    }

    @Test
    void everyClassOurCodeNames_isInTheJarOrTheJdk() {
        assertThat(JAR.missingFrom(HANDLERS)).isEmpty();
    }

    @Test
    void sdkServices_areTheOnesIngestCalls() {
        assertThat(JAR.sdkServices()).containsExactly("dynamodb", "sqs");
    }

    @Test
    void testAndToolPackages_areAbsent() {
        assertThat(JAR.classesUnder(LambdaJar.NEVER_IN_A_FUNCTION)).isEmpty();
        // HistoryTable, the one home of the key layout, names two value types of the digest side in its key
        // builders; nothing that composes, renders or mails a digest may come along.
        assertThat(JAR.classesUnder(List.of("io/bucketdigest/aws/ses/", "io/bucketdigest/core/render/",
                "io/bucketdigest/core/digest/", "io/bucketdigest/core/mail/")))
                .containsOnly("io/bucketdigest/core/digest/DigestId", "io/bucketdigest/core/digest/PendingRef");
    }
}
