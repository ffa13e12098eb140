package io.bucketdigest.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.MotoServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * scripts/deploy's packaging step against moto_server's S3: it uploads the jars the template names (Metadata.
 * BuildArtifact) under their SHA-256 and prints the code parameters. The jars are stand-ins (nothing is built): a copy
 * of template.yaml goes into a temporary directory with a small zip at each BuildArtifact path, and the script runs
 * with --skip-build.
 */
class DeployPackagingIT {

    private static final String ARTIFACT_BUCKET = "bucket-digest-artifacts";

    private static MotoServer moto;
    private static AwsTestClients clients;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        clients = new AwsTestClients(moto.endpoint());
    }

    @AfterAll
    static void stopMoto() {
        if (clients != null) {
            clients.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void packageOnly_uploadsEveryJarUnderItsSha256_onlyOnce_andPrintsTheCodeParameters(@TempDir Path work)
            throws IOException, NoSuchAlgorithmException {
        S3Client s3 = clients.s3();
        s3.createBucket(b -> b.bucket(ARTIFACT_BUCKET));
        Path template = work.resolve("template.yaml");
        Files.copy(Repository.template(), template);
        Map<String, byte[]> jars = new HashMap<>();
        for (FunctionSpec function : PipelineTemplate.load(template).functions()) {
            if (jars.containsKey(function.buildArtifact())) {
                continue;
            }
            byte[] jar = standInJar(function.buildArtifact());
            Path path = work.resolve(function.buildArtifact());
            Files.createDirectories(path.getParent());
            Files.write(path, jar);
            jars.put(function.buildArtifact(), jar);
        }
        assertThat(jars).as("the functions share two jars").hasSize(2);
        List<String> arguments = List.of("--package-only", "--skip-build", "--template", template.toString(),
                "--config", work.resolve("deploy.conf").toString(), "--artifact-bucket", ARTIFACT_BUCKET,
                "--artifact-prefix", "it", "--region", "us-east-1", "--endpoint-url", moto.endpoint().toString());

        Processes.Result first = deploy(arguments, withEmulatorCredentials());
        Processes.Result second = deploy(arguments, withEmulatorCredentials());

        assertThat(first.exitCode()).as("scripts/deploy failed:\n%s", first.both()).isZero();
        Map<String, String> parameters = new HashMap<>();
        for (String line : first.stdout().strip().split("\n")) {
            parameters.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        assertThat(parameters).containsOnlyKeys("CodeBucket", "IngestCodeKey", "DigestCodeKey")
                .containsEntry("CodeBucket", ARTIFACT_BUCKET);
        for (Map.Entry<String, byte[]> jar : jars.entrySet()) {
            String name = jar.getKey().replaceAll("^modules/([a-z]+)-function/.*$", "$1");
            String key = parameters.get(Character.toUpperCase(name.charAt(0)) + name.substring(1) + "CodeKey");
            assertThat(key).isEqualTo("it/" + name + "-"
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar.getValue())) + ".jar");
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(ARTIFACT_BUCKET).key(key));
            assertThat(object.asByteArray()).as("object behind %s", key).isEqualTo(jar.getValue());
        }
        assertThat(first.stderr()).contains("uploading");
        assertThat(second.exitCode()).isZero();
        assertThat(second.stdout()).isEqualTo(first.stdout());
        assertThat(second.stderr()).as("the second run finds both jars").doesNotContain("uploading")
                .contains("is already there");
        assertThat(work.resolve("deploy.conf")).as("--package-only saves nothing").doesNotExist();
    }

    @Test
    void deploy_withoutCredentials_refusesAndSaysHowToGetThem(@TempDir Path work) {
        Processes.Result result = deploy(List.of("--package-only", "--skip-build", "--artifact-bucket",
                ARTIFACT_BUCKET, "--config", work.resolve("none.conf").toString(), "--region", "us-east-1", "--endpoint-url", moto.endpoint().toString()), env -> {
                    env.keySet().removeIf(name -> name.startsWith("AWS_"));
                    env.put("AWS_CONFIG_FILE", work.resolve("none-config").toString());
                    env.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("none-credentials").toString());
                    env.put("AWS_EC2_METADATA_DISABLED", "true");
                });

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("no usable AWS credentials", "aws configure", "AWS_PROFILE", "aws sso login");
    }

    @Test
    void deploy_withoutStack_isAUsageError(@TempDir Path work) {
        Processes.Result result = deploy(List.of("--sender", "a@example.com", "--artifact-bucket", ARTIFACT_BUCKET,
                "--config", work.resolve("none.conf").toString()),
                withEmulatorCredentials());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--stack NAME is required");
    }

    @Test
    void help_listsEveryOption() {
        Processes.Result result = deploy(List.of("--help"), env -> {});

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("--stack", "--region", "--artifact-bucket", "--sender", "--recipients",
                "--alarm-email", "--parameter-overrides", "--package-only", "--skip-build", "--endpoint-url", "--yes",
                "--dry-run", "--delete", "--config");
    }

    private static Processes.Result deploy(List<String> arguments, Consumer<Map<String, String>> env) {
        Path script = Repository.root().resolve("scripts/deploy");
        assertThat(script).isExecutable();
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(arguments);
        return Processes.run(command, Repository.root(), env, 300);
    }

    private static Consumer<Map<String, String>> withEmulatorCredentials() {
        return env -> {
            env.keySet().removeIf(name -> name.startsWith("AWS_"));
            env.put("AWS_ACCESS_KEY_ID", "testing");
            env.put("AWS_SECRET_ACCESS_KEY", "testing");
            env.put("AWS_DEFAULT_REGION", "us-east-1");
            env.put("AWS_EC2_METADATA_DISABLED", "true");
        };
    }

    private static byte[] standInJar(String name) throws IOException {
        Path file = Files.createTempFile("stand-in-", ".jar");
        try {
            try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("stand-in.txt"));
                zip.write(("stand-in for " + name).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
