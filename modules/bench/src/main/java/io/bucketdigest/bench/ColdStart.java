package io.bucketdigest.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.bucketdigest.aws.AwsClients;
import io.bucketdigest.aws.ses.SesV2Clients;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import software.amazon.awssdk.regions.Region;

/**
 * The cold-start proxy: run as a fresh JVM on the function's shaded jar (plus this class), with the function's
 * environment, against the emulator. Timestamps each phase: JVM start (launch to main, from the launcher's clock given
 * as {@code -Dbench.launchEpochMicros}), logging init (the first log line through log4j's JSON layout), SDK client
 * build (the function's AwsClients building its clients, first time in the JVM), handler construction (the no-arg
 * constructor Lambda calls: config + wiring, with SDK classes now loaded), first event, second event. With
 * {@code --primed} it also runs the handler's SnapStart priming ({@code beforeCheckpoint}) before the first event and
 * times it: what a restored snapshot's first event costs, minus the restore itself.
 *
 * <p>Arguments: {@code --function ingest|digest --out FILE [--object N] [--subscription ID] [--primed]}.
 */
public final class ColdStart {

    private ColdStart() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Instant mainAt = Instant.now();
        String function = "ingest";
        Path out = null;
        int object = 0;
        String subscription = "default";
        boolean primed = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--function" -> function = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                case "--object" -> object = Integer.parseInt(args[++i]);
                case "--subscription" -> subscription = args[++i];
                case "--primed" -> primed = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        long launch = Long.getLong("bench.launchEpochMicros", 0L);
        // The main thread's CPU time per phase as well: on a busy machine it varies far less than wall time.
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] cpu = new long[7];

        Instant t0 = Instant.now();
        cpu[0] = threads.getCurrentThreadCpuTime();
        org.slf4j.LoggerFactory.getLogger(ColdStart.class).info("cold start probe: logging initialized");
        Instant t1 = Instant.now();
        cpu[1] = threads.getCurrentThreadCpuTime();

        AwsClients clients = new AwsClients(Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1")),
                Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL")).map(URI::create));
        clients.dynamoDb();
        clients.sqs();
        if (function.equals("digest")) {
            SesV2Clients.withoutRetries(clients);
        }
        Instant t2 = Instant.now();
        cpu[2] = threads.getCurrentThreadCpuTime();

        RequestHandler<SQSEvent, SQSBatchResponse> handler = (RequestHandler<SQSEvent, SQSBatchResponse>) Class
                .forName(function.equals("digest") ? "io.bucketdigest.digest.DigestHandler"
                        : "io.bucketdigest.ingest.IngestHandler")
                .getConstructor().newInstance();
        Instant t3 = Instant.now();
        cpu[3] = threads.getCurrentThreadCpuTime();
        if (primed) {
            // org.crac comes with the function jar, not with this module: the call goes by name.
            handler.getClass().getMethod("beforeCheckpoint", Class.forName("org.crac.Context"))
                    .invoke(handler, (Object) null);
        }
        Instant primedAt = Instant.now();
        cpu[4] = threads.getCurrentThreadCpuTime();

        SQSBatchResponse first = handler.handleRequest(event(function, object, subscription),
                new BenchContext(function + "-function", function.equals("digest") ? 1024 : 512,
                        Duration.ofSeconds(function.equals("digest") ? 300 : 60)));
        Instant t4 = Instant.now();
        cpu[5] = threads.getCurrentThreadCpuTime();
        SQSBatchResponse second = handler.handleRequest(event(function, object + 1, subscription),
                new BenchContext(function + "-function", function.equals("digest") ? 1024 : 512,
                        Duration.ofSeconds(function.equals("digest") ? 300 : 60)));
        Instant t5 = Instant.now();
        cpu[6] = threads.getCurrentThreadCpuTime();

        Properties p = new Properties();
        p.setProperty("function", function);
        p.setProperty("jvmStartMs", launch == 0 ? "" : ms(launch, micros(mainAt)));
        p.setProperty("jvmReportedStartMs", Long.toString(mainAt.toEpochMilli()
                - ManagementFactory.getRuntimeMXBean().getStartTime()));
        p.setProperty("mainToLoggingMs", ms(micros(mainAt), micros(t0)));
        p.setProperty("loggingInitMs", ms(micros(t0), micros(t1)));
        p.setProperty("clientBuildMs", ms(micros(t1), micros(t2)));
        p.setProperty("handlerConstructionMs", ms(micros(t2), micros(t3)));
        p.setProperty("primingMs", primed ? ms(micros(t3), micros(primedAt)) : "");
        p.setProperty("firstEventMs", ms(micros(primedAt), micros(t4)));
        p.setProperty("secondEventMs", ms(micros(t4), micros(t5)));
        String[] cpuPhases = {"loggingInit", "clientBuild", "handlerConstruction", "priming", "firstEvent",
                "secondEvent"};
        for (int i = 0; i < cpuPhases.length; i++) {
            p.setProperty(cpuPhases[i] + "CpuMs", String.format(java.util.Locale.ROOT, "%.1f",
                    (cpu[i + 1] - cpu[i]) / 1e6));
        }
        p.setProperty("launchToFirstEventMs", launch == 0 ? "" : ms(launch, micros(t4)));
        p.setProperty("firstFailures", Integer.toString(first.getBatchItemFailures().size()));
        p.setProperty("secondFailures", Integer.toString(second.getBatchItemFailures().size()));
        p.setProperty("jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            try (OutputStream stream = Files.newOutputStream(out)) {
                p.store(stream, "ColdStart");
            }
        }
        System.exit(first.getBatchItemFailures().isEmpty() ? 0 : 3);
    }

    private static SQSEvent event(String function, int object, String subscription) {
        String body = function.equals("digest")
                ? "{\"subscriptionId\":\"" + subscription + "\",\"signalledAt\":\"" + Instant.now().plusSeconds(1) + "\"}"
                : S3Fixtures.snsBody("cold-start-bucket", object, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        return SqsEvents.of(List.of(body), "arn:aws:sqs:us-east-1:123456789012:" + function);
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private static String ms(long fromMicros, long toMicros) {
        return String.format(java.util.Locale.ROOT, "%.1f", (toMicros - fromMicros) / 1000.0);
    }

}
