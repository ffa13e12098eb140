package io.bucketdigest.local;

import io.bucketdigest.core.sender.StepListener;
import io.bucketdigest.digest.DigestConfig;
import io.bucketdigest.digest.DigestHandler;
import io.bucketdigest.digest.DigestMetrics;
import io.bucketdigest.digest.DigestSweepHandler;
import io.bucketdigest.digest.DigestWiring;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.MotoServer;
import io.bucketdigest.ingest.IngestConfig;
import io.bucketdigest.ingest.IngestHandler;
import io.bucketdigest.ingest.IngestMetrics;
import io.bucketdigest.ingest.IngestWiring;
import io.bucketdigest.template.FunctionSpec;
import io.bucketdigest.template.PipelineTemplate;
import io.bucketdigest.template.SqsEventSource;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole pipeline on one machine: an emulator (moto_server, started here unless AWS_ENDPOINT_URL names a running
 * one), the resources template.yaml deploys, and the Lambda handlers in-process: behind SQS pollers that behave like
 * the event source mappings configured in the template, and the sweep on the template's schedule.
 */
public final class LocalPipeline implements AutoCloseable {

    private final Optional<MotoServer> moto;
    private final AwsTestClients aws;
    private final LocalResources resources;
    private final List<SqsEventSourcePoller> pollers;
    private final ScheduleRunner sweep;
    private final LocalSettings settings;

    private LocalPipeline(Optional<MotoServer> moto, AwsTestClients aws, LocalResources resources,
            List<SqsEventSourcePoller> pollers, ScheduleRunner sweep, LocalSettings settings) {
        this.moto = moto;
        this.aws = aws;
        this.resources = resources;
        this.pollers = pollers;
        this.sweep = sweep;
        this.settings = settings;
    }

    public static LocalPipeline start(LocalSettings settings, Console console) {
        Optional<MotoServer> moto = Optional.empty();
        URI endpoint;
        if (settings.existingEmulator().isPresent()) {
            endpoint = settings.existingEmulator().get();
            requireReachable(endpoint);
            console.line("local", "using the emulator at " + endpoint + " (AWS_ENDPOINT_URL)");
        } else {
            MotoServer started = settings.motoPort().map(MotoServer::start).orElseGet(MotoServer::start);
            moto = Optional.of(started);
            endpoint = started.endpoint();
            console.line("local", "moto_server started at " + endpoint);
        }
        AwsTestClients aws = new AwsTestClients(endpoint);
        try {
            PipelineTemplate template = PipelineTemplate.load();
            LocalResources resources = new Provisioner(aws, template, settings).provision(endpoint);
            Clock clock = Clock.systemUTC();

            Map<String, String> common = new HashMap<>();
            common.put("HISTORY_TABLE", resources.historyTable());
            common.put("DIGEST_QUEUE_URL", resources.digestQueueUrl());
            common.put("DEFAULT_RECIPIENTS", String.join(",", resources.recipients()));
            common.put("QUIET_PERIOD_SECONDS", Long.toString(settings.quietPeriod().toSeconds()));
            common.put("MAX_DELAY_SECONDS", Long.toString(settings.maxDelay().toSeconds()));
            common.put("RETENTION_DAYS", template.parameterDefaults().getOrDefault("RetentionDays", "90"));
            common.put("SUBSCRIPTION_CACHE_SECONDS", "5");
            common.put("AWS_REGION", resources.region());
            common.put("AWS_ENDPOINT_URL", endpoint.toString());

            Map<String, String> ingestEnv = new HashMap<>(common);
            ingestEnv.put("INGEST_DLQ_URL", resources.ingestDlqUrl());
            IngestHandler ingest = IngestHandler.from(
                    new IngestWiring(IngestConfig.fromEnvironment(ingestEnv), clock), IngestMetrics.none());

            Map<String, String> digestEnv = new HashMap<>(common);
            digestEnv.put("DIGEST_DLQ_URL", resources.digestDlqUrl());
            digestEnv.put("SENDER_ADDRESS", resources.sender());
            digestEnv.put("MAX_ENTRIES", Integer.toString(settings.maxEntries()));
            digestEnv.put("INLINE_LIMIT", Integer.toString(settings.inlineLimit()));
            digestEnv.put("SES_MAX_SEND_RATE", "50");
            // Every digest poller here calls this one handler, so they share one wiring and one token bucket: one
            // instance as far as the rate goes, whatever the number of pollers (settings.digestConcurrency()).
            digestEnv.put("DIGEST_CONCURRENCY", "1");
            DigestWiring digestWiring = new DigestWiring(DigestConfig.fromEnvironment(digestEnv), clock,
                    DigestMetrics.none(), StepListener.NONE,
                    mailer -> new OutboxMailer(mailer, settings.outbox(), console::delivered));
            DigestHandler digest = DigestHandler.from(digestWiring);
            DigestSweepHandler sweepHandler = DigestSweepHandler.from(digestWiring);

            SqsEventSourcePoller ingestPoller = poller(template.function("IngestFunction"),
                    resources.ingestQueueUrl(), settings.ingestConcurrency(), aws, ingest::handleRequest, console, clock);
            SqsEventSourcePoller digestPoller = poller(template.function("DigestFunction"),
                    resources.digestQueueUrl(), settings.digestConcurrency(), aws, digest::handleRequest, console, clock);
            ScheduleRunner sweep = new ScheduleRunner(template.function("DigestSweepFunction"), resources.region(),
                    sweepHandler::handleRequest, failure -> console.line("sweep", failure), clock);
            ingestPoller.start();
            digestPoller.start();
            sweep.start();

            LocalPipeline pipeline = new LocalPipeline(moto, aws, resources, List.of(ingestPoller, digestPoller),
                    sweep, settings);
            pipeline.writeReadyFile();
            return pipeline;
        } catch (RuntimeException e) {
            aws.close();
            moto.ifPresent(MotoServer::close);
            throw e;
        }
    }

    private static SqsEventSourcePoller poller(FunctionSpec function, String queueUrl, int concurrency,
            AwsTestClients aws, java.util.function.BiFunction<com.amazonaws.services.lambda.runtime.events.SQSEvent,
            com.amazonaws.services.lambda.runtime.Context,
            com.amazonaws.services.lambda.runtime.events.SQSBatchResponse> handler, Console console, Clock clock) {
        SqsEventSource source = function.sqsEventSource().orElseThrow(() -> new IllegalStateException(
                "template.yaml gives " + function.logicalId() + " no SQS event source"));
        String queueArn = aws.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
        SqsEventSourcePoller.Mapping mapping = new SqsEventSourcePoller.Mapping(function.logicalId(), queueUrl,
                queueArn, source.batchSize(), Duration.ofSeconds(source.maximumBatchingWindowInSeconds()),
                concurrency, Duration.ofSeconds(function.timeoutSeconds()), function.memorySizeMb());
        return new SqsEventSourcePoller(mapping, aws.sqs(), handler, console::batch, clock);
    }

    private static void requireReachable(URI endpoint) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(5000);
            connection.getResponseCode();
            connection.disconnect();
        } catch (IOException e) {
            throw new IllegalStateException("AWS_ENDPOINT_URL is " + endpoint + " but nothing answers there ("
                    + e.getMessage() + "): start the emulator, or unset AWS_ENDPOINT_URL to let this script start "
                    + "moto_server itself");
        }
    }

    private void writeReadyFile() {
        try {
            Files.createDirectories(settings.home());
            Files.writeString(settings.readyFile(), resources.toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + settings.readyFile() + ": " + e.getMessage(), e);
        }
    }

    public LocalResources resources() {
        return resources;
    }

    public AwsTestClients clients() {
        return aws;
    }

    @Override
    public void close() {
        // Ctrl-C also reaches moto_server (same process group): stop every poller first, so none reports the
        // emulator going away as an error.
        sweep.close();
        pollers.forEach(SqsEventSourcePoller::stop);
        pollers.forEach(SqsEventSourcePoller::close);
        try {
            Files.deleteIfExists(settings.readyFile());
        } catch (IOException ignored) {
            // The CLI checks that the endpoint answers before trusting the file.
        }
        aws.close();
        moto.ifPresent(MotoServer::close);
    }
}
