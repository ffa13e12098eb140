package io.bucketdigest.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** docs/deployment.md keeps up with template.yaml: every parameter and output key is documented. */
class DeploymentGuideTest {

    private final PipelineTemplate template = PipelineTemplate.load(Repository.template());
    private final String guide = Repository.read(Repository.root().resolve("docs/deployment.md"));

    @Test
    void guide_documentsEveryParameter() {
        for (String parameter : template.parameterNames()) {
            assertThat(guide).as("docs/deployment.md documents parameter %s", parameter).contains("`" + parameter + "`");
        }
    }

    @Test
    void guide_documentsEveryOutputKey() {
        for (String output : template.outputKeys()) {
            assertThat(guide).as("docs/deployment.md documents output %s", output).contains("`" + output + "`");
        }
    }
}
