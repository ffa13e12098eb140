package io.bucketdigest.local;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code scripts/local}: starts the pipeline, prints the READY line and how to use it, and runs until Ctrl-C. */
public final class LocalPipelineMain {

    private LocalPipelineMain() {}

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        LocalSettings settings;
        try {
            settings = LocalSettings.fromEnvironment(System.getenv());
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        LocalCredentials.ensure();
        Console console = configureLogging(settings, out);
        LocalPipeline pipeline;
        try {
            pipeline = LocalPipeline.start(settings, console);
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            console.line("local", "stopping: pollers, then the emulator");
            pipeline.close();
            stopped.countDown();
        }, "local-pipeline-shutdown"));

        LocalResources resources = pipeline.resources();
        out.println("READY " + resources.toJson());
        out.println();
        out.println("The pipeline is running. In another terminal, try:");
        out.println("  export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1");
        out.println("  echo hello > hello.txt");
        out.println("  aws --endpoint-url " + resources.endpoint() + " s3 cp hello.txt s3://" + resources.bucket()
                + "/reports/hello.txt");
        out.println("  aws --endpoint-url " + resources.endpoint() + " s3 rm s3://" + resources.bucket()
                + "/reports/hello.txt");
        out.println("  scripts/bucket-digest events --bucket " + resources.bucket() + " --since 10m");
        out.println("A digest follows " + settings.quietPeriod().toSeconds() + " s after the last event; copies land in "
                + settings.outbox() + ". Handler logs (JSON): " + logFile(settings) + ". Ctrl-C stops everything.");
        out.flush();
        stopped.await();
    }

    /** Must run before the first logger is created: picks the local log4j configuration. */
    static Console configureLogging(LocalSettings settings, PrintStream out) {
        try {
            Files.createDirectories(settings.home());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create " + settings.home() + ": " + e.getMessage(), e);
        }
        System.setProperty("bucketdigest.logFile", logFile(settings).toString());
        System.setProperty("log4j2.configurationFile", "classpath:log4j2-local.xml");
        if (settings.jsonLogs()) {
            System.setProperty("bucketdigest.consoleJsonLevel", "INFO");
        }
        Console console = new Console(out);
        if (!settings.jsonLogs()) {
            HumanLogAppender.install(console);
        }
        return console;
    }

    static Path logFile(LocalSettings settings) {
        return settings.home().resolve("pipeline.log");
    }
}
