package io.bucketdigest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketdigest.core.normalize.S3MessageNormalizer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One SQS batch of 10 messages (SNS envelope around a full S3 record each). {@code normalize} is the ingest CPU path;
 * {@code parseFloor} parses the same bytes into JSON trees (envelope, then the S3 message in its Message string) and
 * nothing else: the least work that reads the input. Scores are events per second on one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NormalizeBenchmark {

    static final int BATCH = 10;

    private List<String> bodies;
    private S3MessageNormalizer normalizer;
    private ObjectMapper mapper;

    @Setup
    public void setUp() {
        bodies = S3Fixtures.snsBodies("bench-bucket", 0, BATCH, Instant.parse("2026-11-29T09:32:43.940Z"));
        normalizer = new S3MessageNormalizer();
        mapper = new ObjectMapper();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void normalize(Blackhole blackhole) {
        for (int i = 0; i < BATCH; i++) {
            blackhole.consume(normalizer.normalize(bodies.get(i)));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void parseFloor(Blackhole blackhole) throws Exception {
        for (int i = 0; i < BATCH; i++) {
            JsonNode envelope = mapper.readTree(bodies.get(i));
            blackhole.consume(mapper.readTree(envelope.get("Message").textValue()));
        }
    }
}
