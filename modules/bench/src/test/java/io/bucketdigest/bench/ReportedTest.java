package io.bucketdigest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportedTest {

    private static final String CSV = "bucket,key,story,outcome,events,final size,first,last,event_ids,change\r\n"
            + "b,\"a, b.txt\",created,EXISTS,2,10,t1,t2,e1 e2,CREATED\r\n"
            + "b,c.txt,deleted,DELETED,1,,t3,t3,e3,REMOVED\r\n";

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
