package io.bucketdigest.core.sender;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.port.ArrivalLedger;
import io.bucketdigest.core.port.DigestRecords;
import io.bucketdigest.core.port.DigestSignals;
import io.bucketdigest.core.port.PendingEntries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The operator's two answers to a quarantined digest ({@code bucket-digest digests retry|abandon}). Retry puts its
 * parked entries back into the pending partitions, notes an arrival and signals the subscription, so they go out in
 * the next digest (a new one: the quarantined digest was never mailed). Abandon drops them: they stay in the history,
 * their notes name the quarantined digest, and no digest ever reports them. Each step can be repeated after a crash.
 */
public final class QuarantinedDigests {

    private final DigestRecords records;
    private final PendingEntries pending;
    private final ArrivalLedger arrivals;
    private final DigestSignals signals;
    private final Clock clock;

    public QuarantinedDigests(DigestRecords records, PendingEntries pending, ArrivalLedger arrivals,
            DigestSignals signals, Clock clock) {
        this.records = records;
        this.pending = pending;
        this.arrivals = arrivals;
        this.signals = signals;
        this.clock = clock;
    }

    /** What an operator decision did. */
    public record Decision(DigestId digestId, String subscriptionId, DigestRecord.Status status, int entries) {}

    /** @throws IllegalStateException naming the digest's actual status when it is not quarantined */
    public Decision retry(DigestId id, String reason) {
        DigestRecord record = quarantined(id);
        List<PendingEntry> parked = pending.parked(id);
        pending.unpark(id, parked);
        Instant now = clock.instant();
        arrivals.noteArrivals(Set.of(record.subscriptionId()), now);
        if (!records.resolveQuarantine(id, DigestRecord.Status.RETRIED, reason)) {
            throw new IllegalStateException("digest " + id + " stopped being quarantined meanwhile");
        }
        signals.send(List.of(new DigestSignals.Signal(record.subscriptionId(), now, Duration.ZERO)));
        return new Decision(id, record.subscriptionId(), DigestRecord.Status.RETRIED, parked.size());
    }

    /** @throws IllegalStateException naming the digest's actual status when it is not quarantined */
    public Decision abandon(DigestId id, String reason) {
        DigestRecord record = quarantined(id);
        List<PendingEntry> parked = pending.parked(id);
        if (!records.resolveQuarantine(id, DigestRecord.Status.ABANDONED, reason)) {
            throw new IllegalStateException("digest " + id + " stopped being quarantined meanwhile");
        }
        pending.discardParked(id, parked);
        return new Decision(id, record.subscriptionId(), DigestRecord.Status.ABANDONED, parked.size());
    }

    private DigestRecord quarantined(DigestId id) {
        DigestRecord record = records.find(id)
                .orElseThrow(() -> new IllegalArgumentException("no digest " + id));
        if (record.status() == DigestRecord.Status.QUARANTINED && record.messageId().isPresent()) {
            throw new IllegalStateException("digest " + id + " was accepted by SES (" + record.sesMessageId()
                    + "): retrying it would mail its entries twice");
        }
        if (record.status() != DigestRecord.Status.QUARANTINED) {
            throw new IllegalStateException("digest " + id + " is " + record.status() + ", not QUARANTINED: only a "
                    + "quarantined digest can be retried or abandoned");
        }
        return record;
    }
}
