package io.bucketdigest.core.render;

import static io.bucketdigest.core.digest.TestEvents.delete;
import static io.bucketdigest.core.digest.TestEvents.event;
import static io.bucketdigest.core.digest.TestEvents.put;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.TestEvents;
import io.bucketdigest.core.event.ObjectEvent;
import java.util.ArrayList;
import java.util.List;

/** Small digests to render. */
final class RenderFixtures {

    static final String TRICKY_KEY = "a<b&\"c\".txt";

    private RenderFixtures() {}

    /** One object of every outcome, over three minutes, with a key that needs escaping. */
    static Digest mixed() {
        List<ObjectEvent> events = new ArrayList<>();
        events.add(put("uploads/a.txt").atSecond(0).sequencer("01").size(1_000).build());
        events.add(put("uploads/a.txt").atSecond(5).sequencer("02").size(1_200).build());
        events.add(put("uploads/a.txt").atSecond(9).sequencer("03").size(1_536).build());
        events.add(delete("old/report.pdf").atSecond(70).sequencer("01").build());
        events.add(put("tmp/scratch").atSecond(80).sequencer("01").size(12L * 1024 * 1024).build());
        events.add(delete("tmp/scratch").atSecond(95).sequencer("02").build());
        events.add(event("ObjectTagging:Put", "readme.md").atSecond(150).build());
        events.add(put(TRICKY_KEY).atSecond(170).sequencer("01").size(512).build());
        events.add(events.get(0));
        return TestEvents.compose(events);
    }

    /** {@code objects} new objects spread over {@code minutes} minutes. */
    static Digest created(int objects, int minutes) {
        List<ObjectEvent> events = new ArrayList<>(objects);
        for (int i = 0; i < objects; i++) {
            long second = minutes <= 1 ? 0 : (long) i * (minutes - 1) * 60 / Math.max(1, objects - 1);
            events.add(put(String.format("data/part-%05d.parquet", i)).atSecond(second).size(1024L * i).build());
        }
        return TestEvents.compose(events);
    }
}
