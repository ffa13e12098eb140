package io.bucketdigest.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.bucketdigest.simulation.RequestKind;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelledInvocationTest {

    private static final LatencyModel FIXED = new LatencyModel(Map.of(), new LatencyModel.Distribution(10, 10));

    @Test
    void operationOf_mapsTheFakesRequestsToTheAdaptersOperations() {
        assertThat(ModelledInvocation.operationOf("history look-up a/b", RequestKind.DB_READ)).isEqualTo("DynamoDb:Query");
        assertThat(ModelledInvocation.operationOf("query pending default#3", RequestKind.DB_READ))
                .isEqualTo("DynamoDb:Query");
        assertThat(ModelledInvocation.operationOf("list subscriptions", RequestKind.DB_READ)).isEqualTo("DynamoDb:Query");
        assertThat(ModelledInvocation.operationOf("batch get 100 notes", RequestKind.DB_READ))
                .isEqualTo("DynamoDb:BatchGetItem");
        assertThat(ModelledInvocation.operationOf("read state default", RequestKind.DB_READ))
                .isEqualTo("DynamoDb:GetItem");
        assertThat(ModelledInvocation.operationOf("history put 0a1b2c3d", RequestKind.DB_WRITE))
                .isEqualTo("DynamoDb:PutItem");
        assertThat(ModelledInvocation.operationOf("note arrival default", RequestKind.DB_WRITE))
                .isEqualTo("DynamoDb:UpdateItem");
        assertThat(ModelledInvocation.operationOf("claim d1", RequestKind.DB_TRANSACTION))
                .isEqualTo("DynamoDb:TransactWriteItems");
        assertThat(ModelledInvocation.operationOf("pending put x25", RequestKind.DB_BATCH_WRITE))
                .isEqualTo("DynamoDb:BatchWriteItem");
        assertThat(ModelledInvocation.operationOf("send 1 signal(s) default", RequestKind.SQS_SEND))
                .isEqualTo("Sqs:SendMessageBatch");
        assertThat(ModelledInvocation.operationOf("SES send d1", RequestKind.SES_SEND)).isEqualTo("SesV2:SendEmail");
    }

    @Test
    void operationOf_anUnknownRead_failsRatherThanGuess() {
        assertThatThrownBy(() -> ModelledInvocation.operationOf("scan everything", RequestKind.DB_READ))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void makespan_ofEqualRequestsOnAPool_isTheirWaves() {
        List<Double> hundred = Collections.nCopies(100, 10.0);

        assertThat(ModelledInvocation.makespan(hundred, 50)).isEqualTo(20.0);
        assertThat(ModelledInvocation.makespan(hundred, 1)).isEqualTo(1000.0);
        assertThat(ModelledInvocation.makespan(List.of(), 50)).isZero();
    }

    @Test
    void roundTrips_serialRequestsAddUp_andAPooledPhaseOverlaps() {
        ModelledInvocation ingest = new ModelledInvocation(FIXED, new Random(1), 50, ModelledInvocation::ingestPhaseOf);
        for (int i = 0; i < 100; i++) {
            ingest.requested("history put " + i, RequestKind.DB_WRITE);
            ingest.requested("history look-up key-" + i, RequestKind.DB_READ);
        }
        for (int i = 0; i < 4; i++) {
            ingest.requested("pending put x25", RequestKind.DB_BATCH_WRITE);
        }
        ingest.requested("note arrival default", RequestKind.DB_WRITE);
        ingest.requested("send 1 signal(s) default", RequestKind.SQS_SEND);
        ingest.finished();

        // 200 puts and look-ups in 4 waves of 50, 4 entry writes at once, then 2 requests one after the other.
        assertThat(ingest.roundTripsMs()).isCloseTo(40 + 10 + 20, within(1e-9));
        assertThat(ingest.roundTripsSerialMs()).isCloseTo(206 * 10, within(1e-9));
        assertThat(ingest.calls()).isEqualTo(206);
        assertThat(ingest.callsByOperation()).containsEntry("DynamoDb:PutItem", 100L)
                .containsEntry("DynamoDb:Query", 100L).containsEntry("DynamoDb:BatchWriteItem", 4L);
    }

    @Test
    void elapsed_addsTheWaitsItWasAskedFor() {
        ModelledInvocation digest = ModelledInvocation.serial(FIXED, new Random(1));
        digest.requested("read state default", RequestKind.DB_READ);
        digest.requested("SES send d1", RequestKind.SES_SEND);
        digest.slept(java.time.Duration.ofMillis(2000));
        digest.finished();

        assertThat(digest.roundTripsMs()).isCloseTo(20, within(1e-9));
        assertThat(digest.elapsedMs()).isCloseTo(2020 + digest.cpuMs(), within(1e-9));
    }
}
