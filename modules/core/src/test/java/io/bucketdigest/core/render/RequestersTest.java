package io.bucketdigest.core.render;

import static io.bucketdigest.core.digest.TestEvents.event;
import static io.bucketdigest.core.digest.TestEvents.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.event.ObjectEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "LifecycleExpiration:Delete | s3.amazonaws.com               | S3 Lifecycle",
        "LifecycleTransition        | s3.amazonaws.com               | S3 Lifecycle",
        "LifecycleExpiration:Delete | NULL                           | S3 Lifecycle",
        "Replication:OperationFailedReplication | s3.amazonaws.com   | S3 Replication",
        "IntelligentTiering         | s3.amazonaws.com               | S3 Intelligent-Tiering",
        "ObjectCreated:Put          | s3.amazonaws.com               | Amazon S3",
        "ObjectCreated:Put          | lambda.amazonaws.com           | AWS service lambda",
        "ObjectCreated:Put          | AWS:AROAEXAMPLE:etl-batch      | etl-batch (role session AROAEXAMPLE)",
        "ObjectCreated:Put          | AWS:AIDAEXAMPLE                | IAM user AIDAEXAMPLE",
        "ObjectCreated:Put          | A3NL1KOZZKEXAMPLE              | A3NL1KOZZKEXAMPLE",
        "ObjectCreated:Put          | NULL                           | unknown",
    })
    void displayName_readsServicePrincipalsAndRoleSessions(String eventName, String principal, String expected) {
        ObjectEvent event = event(eventName, "k").requester(principal).build();

        assertThat(Requesters.displayName(event)).isEqualTo(expected);
    }

    @Test
    void top_countsEventsPerRequesterMostFirstWithTheirFirstSourceIps() {
        List<ObjectEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(put("a" + i).requester("AWS:AROAEXAMPLE:etl").sourceIp("10.0.0." + i).build());
        }
        events.add(event("LifecycleExpiration:Delete", "old").requester("s3.amazonaws.com")
                .sourceIp("s3.amazonaws.com").build());
        events.add(put("b").requester(null).sourceIp(null).build());

        List<Requesters.Share> top = Requesters.top(events, 2);

        assertThat(top).containsExactly(
                new Requesters.Share("etl (role session AROAEXAMPLE)", 5, List.of("10.0.0.0", "10.0.0.1", "10.0.0.2"),
                        2),
                new Requesters.Share("S3 Lifecycle", 1, List.of("s3.amazonaws.com"), 0));
    }
}
