package io.bucketdigest.digest;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.testing.LambdaJar;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The digest jar carries what its two handlers (digest sender, SES mail events) run and nothing else of ours: no
 * ingest path, no test readers. Reads the jar that package just built (failsafe runs after package).
 */
class LambdaJarIT {

    private static final List<String> HANDLERS =
            List.of(DigestHandler.class.getName(), DigestSweepHandler.class.getName(),
                    MailEventHandler.class.getName());
    private static final LambdaJar JAR = LambdaJar.read(Path.of(System.getProperty("bucketdigest.lambdaJar")));

    @Test
    void ourClasses_allReachedFromTheHandlers() {
        assertThat(JAR.unreachedFrom(HANDLERS)).as("classes of ours in %s that no handler uses", JAR.path())
                .isEmpty();
        assertThat(JAR.reachedFrom(HANDLERS)).contains("io/bucketdigest/core/sender/DigestSender",
                "io/bucketdigest/aws/ses/SesV2DigestMailer", "io/bucketdigest/core/mail/SesEventParser");
    }

    @Test
    void everyClassOurCodeNames_isInTheJarOrTheJdk() {
        assertThat(JAR.missingFrom(HANDLERS)).isEmpty();
    }

    @Test
    void sdkServices_areTheOnesDigestCalls() {
        assertThat(JAR.sdkServices()).containsExactly("dynamodb", "sesv2", "sqs");
    }

    @Test
    void testAndToolPackages_areAbsent() {
        assertThat(JAR.classesUnder(LambdaJar.NEVER_IN_A_FUNCTION)).isEmpty();
        assertThat(JAR.classesUnder(List.of("io/bucketdigest/core/ingest/", "io/bucketdigest/ingest/"))).isEmpty();
    }
}
