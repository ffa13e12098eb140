package io.bucketdigest.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** cfn-lint (which also runs the SAM transform) must pass template.yaml with no errors and no warnings. */
class CfnLintTest {

    @Test
    void cfnLint_templateYaml_exitsZeroWithoutFindings() {
        Path cfnLint = Processes.onPath("cfn-lint").orElseGet(() -> fail(
                "cfn-lint is not on PATH, and template.yaml must pass it: install it with: pip install cfn-lint"));
        Path template = Repository.template();

        Processes.Result result = Processes.run(List.of(cfnLint.toString(), template.toString()),
                Repository.root(), env -> env.put("AWS_DEFAULT_REGION", "us-east-1"), 180);

        assertThat(result.both())
                .as("cfn-lint findings for %s (fix them, or ignore a rule in the template Metadata and say why in"
                        + " docs/deployment.md)", template)
                .isBlank();
        assertThat(result.exitCode()).as("cfn-lint exit code").isZero();
    }
}
