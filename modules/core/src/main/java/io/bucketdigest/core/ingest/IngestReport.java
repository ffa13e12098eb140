package io.bucketdigest.core.ingest;

import java.util.List;

/** Outcomes in message order. */
public record IngestReport(List<MessageOutcome> outcomes) {

    public IngestReport {
        outcomes = List.copyOf(outcomes);
    }

    public List<String> retryMessageIds() {
        return outcomes.stream()
                .filter(o -> o instanceof MessageOutcome.Retry)
                .map(MessageOutcome::messageId)
                .toList();
    }

    public long count(Class<? extends MessageOutcome> type) {
        return outcomes.stream().filter(type::isInstance).count();
    }

    public int newEvents() {
        return outcomes.stream()
                .filter(o -> o instanceof MessageOutcome.Recorded)
                .mapToInt(o -> ((MessageOutcome.Recorded) o).newEvents().size())
                .sum();
    }

    public int duplicateEvents() {
        return outcomes.stream()
                .filter(o -> o instanceof MessageOutcome.Recorded)
                .mapToInt(o -> ((MessageOutcome.Recorded) o).duplicates().size())
                .sum();
    }
}
