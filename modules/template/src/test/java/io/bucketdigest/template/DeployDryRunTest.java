package io.bucketdigest.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/deploy --dry-run makes no AWS call (an `aws` and an `mvn` that record their calls stand first on PATH) and
 * runs with every option empty: the case that broke on bash 3.2, where an empty array under set -u is unbound.
 */
class DeployDryRunTest {

    @Test
    void dryRun_withNoOptionsAtAll_makesNoAwsCall_andSaysWhatARealDeployNeeds(@TempDir Path work) throws IOException {
        Processes.Result result = dryRun(work, List.of("--dry-run", "--config", work.resolve("none.conf").toString()));

        assertThat(result.exitCode()).as("scripts/deploy --dry-run:\n%s", result.both()).isZero();
        assertThat(calls(work)).as("commands the dry run ran").isEmpty();
        assertThat(result.stderr()).contains("a real deploy also needs: --stack --artifact-bucket",
                "nothing was built, uploaded, deployed or saved");
        assertThat(result.stdout()).contains("CodeBucket=<artifact-bucket>", "IngestCodeKey=bucket-digest/ingest-",
                "DigestCodeKey=bucket-digest/digest-", "aws cloudformation create-change-set");
        assertThat(work.resolve("none.conf")).doesNotExist();
    }

    @Test
    void dryRun_withEveryOptionEmpty_runs(@TempDir Path work) throws IOException {
        Processes.Result result = dryRun(work, List.of("--dry-run", "--stack", "digest-stack", "--artifact-bucket",
                "my-artifacts", "--sender", "", "--recipients", "", "--alarm-email", "", "--parameter-overrides",
                "--config", work.resolve("none.conf").toString()));

        assertThat(result.exitCode()).as("scripts/deploy --dry-run:\n%s", result.both()).isZero();
        assertThat(calls(work)).isEmpty();
        assertThat(result.stdout()).contains("CodeBucket=my-artifacts", "Recipients=\n", "AlarmEmail=\n")
                .doesNotContain("SenderAddress=");
    }

    @Test
    void dryRun_readsSavedAnswers_andTheCommandLineWins(@TempDir Path work) throws IOException {
        Path config = work.resolve("deploy.conf");
        Files.writeString(config, """
                # saved by an earlier deploy
                stack=saved-stack
                region=eu-west-1
                artifact_bucket=saved-artifacts
                artifact_prefix=bd
                sender=digests@example.com
                recipients=a@example.com,b@example.com
                override=QuietPeriodSeconds=120
                override=LogLevel=DEBUG
                """);

        Processes.Result result = dryRun(work, List.of("--dry-run", "--config", config.toString(),
                "--parameter-overrides", "QuietPeriodSeconds=300"));

        assertThat(result.exitCode()).as("scripts/deploy --dry-run:\n%s", result.both()).isZero();
        assertThat(calls(work)).isEmpty();
        assertThat(result.stdout()).contains("CodeBucket=saved-artifacts", "IngestCodeKey=bd/ingest-",
                "SenderAddress=digests@example.com", "Recipients=a@example.com,b@example.com", "LogLevel=DEBUG",
                "QuietPeriodSeconds=300", "--stack-name saved-stack")
                .doesNotContain("QuietPeriodSeconds=120");
        assertThat(result.stderr()).contains("eu-west-1");
    }

    @Test
    void savedAnswers_withAnUnknownKey_areRefusedWithTheFileAndKey(@TempDir Path work) throws IOException {
        Path config = work.resolve("deploy.conf");
        Files.writeString(config, "stack=s\nstak=typo\n");

        Processes.Result result = dryRun(work, List.of("--dry-run", "--config", config.toString()));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains(config.toString(), "unknown key 'stak'");
    }

    @Test
    void deleteDryRun_namesTheStack_andCallsNothing(@TempDir Path work) throws IOException {
        Processes.Result result = dryRun(work, List.of("--dry-run", "--delete", "--stack", "old-stack", "--config",
                work.resolve("none.conf").toString()));

        assertThat(result.exitCode()).as("scripts/deploy --dry-run --delete:\n%s", result.both()).isZero();
        assertThat(calls(work)).isEmpty();
        assertThat(result.stdout()).contains("aws cloudformation delete-stack --stack-name old-stack");
        assertThat(result.stderr()).contains("keeping its history table and bucket");
    }

    @Test
    void badOverride_isAUsageError(@TempDir Path work) throws IOException {
        Processes.Result result = dryRun(work, List.of("--dry-run", "--parameter-overrides", "not-a-pair"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("Key=Value pairs", "not-a-pair");
    }

    private static Processes.Result dryRun(Path work, List<String> arguments) throws IOException {
        Path bin = work.resolve("bin");
        Files.createDirectories(bin);
        for (String tool : List.of("aws", "mvn", "sam")) {
            Path fake = bin.resolve(tool);
            Files.writeString(fake, "#!/bin/sh\necho \"" + tool + " $*\" >> '" + work.resolve("calls.log")
                    + "'\nexit 1\n");
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<String> command = new ArrayList<>();
        command.add(Repository.root().resolve("scripts/deploy").toString());
        command.addAll(arguments);
        return Processes.run(command, work, env -> {
            env.keySet().removeIf(name -> name.startsWith("AWS_"));
            env.put("PATH", bin + ":" + env.get("PATH"));
        }, 60);
    }

    private static List<String> calls(Path work) throws IOException {
        Path log = work.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }
}
