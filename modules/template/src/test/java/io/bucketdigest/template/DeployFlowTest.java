package io.bucketdigest.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/deploy's real flow for a new stack, against a stand-in `aws` that records its calls and answers like an
 * account in the SES sandbox (src/test/resources/fake-aws.sh): the SES preflight reports before anything is created,
 * the parameters reach CloudFormation as JSON (commas intact), the change set is shown, and without a terminal and
 * without --yes it is deleted unexecuted and nothing is saved.
 */
class DeployFlowTest {

    @Test
    void newStack_inTheSandbox_preflightFirst_changeSetShown_notExecutedWithoutConsent(@TempDir Path work)
            throws IOException {
        Path template = work.resolve("template.yaml");
        Files.copy(Repository.template(), template);
        for (FunctionSpec function : PipelineTemplate.load(template).functions()) {
            Path jar = work.resolve(function.buildArtifact());
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "stand-in jar of " + function.buildArtifact());
        }
        Path bin = work.resolve("bin");
        Files.createDirectories(bin);
        Path aws = bin.resolve("aws");
        try (InputStream in = DeployFlowTest.class.getResourceAsStream("/fake-aws.sh")) {
            Files.copy(in, aws);
        }
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = work.resolve("aws-calls.log");
        Path config = work.resolve("deploy.conf");

        Processes.Result result = Processes.run(List.of(Repository.root().resolve("scripts/deploy").toString(),
                "--stack", "bucket-digest", "--region", "eu-west-1", "--artifact-bucket", "my-artifacts",
                "--sender", "digests@example.com", "--recipients", "a@example.com,b@example.com", "--skip-build",
                "--template", template.toString(), "--config", config.toString()), work, env -> {
                    env.keySet().removeIf(name -> name.startsWith("AWS_"));
                    env.put("PATH", bin + ":" + env.get("PATH"));
                    env.put("FAKE_AWS_LOG", log.toString());
                }, 120);

        List<String> calls = Files.readAllLines(log);
        assertThat(result.exitCode()).as("%s", result.both()).isEqualTo(2);
        assertThat(result.stderr()).contains(
                "SANDBOX: 200.0 mails per 24 h, 1.0/s, and only to verified addresses",
                "sender digests@example.com is verified (identity example.com)",
                "creating change set", "Add", "HistoryTable",
                "no terminal to ask on; pass --yes", "change set not executed and deleted");
        assertThat(calls).anyMatch(call -> call.startsWith("sesv2 get-account"));
        int preflight = indexOf(calls, "sesv2 get-account");
        assertThat(preflight).as("the preflight runs before anything is uploaded or created")
                .isLessThan(indexOf(calls, "s3 cp"));
        int changeSet = indexOf(calls, "cloudformation create-change-set");
        assertThat(calls.get(changeSet)).contains("--change-set-type CREATE", "CAPABILITY_IAM");
        assertThat(calls).noneMatch(call -> call.startsWith("cloudformation execute-change-set"));
        assertThat(calls).anyMatch(call -> call.startsWith("cloudformation delete-change-set"));
        assertThat(calls).filteredOn(call -> call.startsWith("s3 cp") && call.contains(".jar ")).hasSize(2);
        // CloudFormation takes a template body of at most 51,200 bytes; a larger one goes up beside the jars.
        boolean large = Files.size(Repository.template()) > 51_200;
        assertThat(calls).filteredOn(call -> call.startsWith("s3 cp") && call.contains("/template-"))
                .hasSize(large ? 1 : 0);
        assertThat(calls.get(changeSet))
                .contains(large ? "--template-url https://my-artifacts.s3." : "--template-body");
        String parameters = Files.readString(work.resolve("aws-calls.log.parameters.json"));
        assertThat(parameters).contains("{\"ParameterKey\": \"Recipients\", \"ParameterValue\": "
                + "\"a@example.com,b@example.com\"}", "\"ParameterKey\": \"IngestCodeKey\"",
                "\"ParameterKey\": \"CodeBucket\", \"ParameterValue\": \"my-artifacts\"")
                .doesNotContain("UsePreviousValue");
        assertThat(config).as("answers are saved only after a deploy").doesNotExist();
    }

    private static int indexOf(List<String> calls, String prefix) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no call starting with '" + prefix + "' in " + calls);
    }
}
