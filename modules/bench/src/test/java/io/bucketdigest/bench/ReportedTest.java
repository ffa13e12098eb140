package io.bucketdigest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportedTest {

    private static final String CSV = "bucket,key,story,outcome,events,final_size_bytes,first_event_time,"
            + "last_event_time,event_ids,change,requesters,source_ips\r\n"
            + "b,\"a, b.txt\",created,WRITTEN,2,10,t1,t2,e1 e2,CREATED,IAM user X,192.0.2.1 192.0.2.2\r\n"
            + "b,c.txt,removed,REMOVED,1,,t3,t3,e3,REMOVED,IAM user X,192.0.2.1\r\n";

    @Test
    void eventIds_readsTheEventIdsColumnOfEveryRow() {
        assertThat(WorkPerEvent.Reported.eventIds(CSV)).containsExactly("e1", "e2", "e3");
    }

    @Test
    void check_everyEventOnce_isExactlyOnce() {
        WorkPerEvent.Reported reported = WorkPerEvent.Reported.check(Set.of("e1", "e2", "e3"),
                List.of(List.of("e1", "e2"), List.of("e3")));

        assertThat(reported).isEqualTo(new WorkPerEvent.Reported(3, 2, 0, 0, 0));
        assertThat(reported.exactlyOnce()).isTrue();
    }

    @Test
    void check_missingRepeatedAndUnknown_areEachCounted() {
        WorkPerEvent.Reported reported = WorkPerEvent.Reported.check(Set.of("e1", "e2", "e3"),
                List.of(List.of("e1", "e2"), List.of("e2", "x9")));

        assertThat(reported).isEqualTo(new WorkPerEvent.Reported(3, 2, 1, 1, 1));
        assertThat(reported.exactlyOnce()).isFalse();
    }
}
