package io.bucketdigest.simulation;

import io.bucketdigest.core.digest.BurstPart;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The properties every seed must keep, checked on what the run left behind: the mail SES accepted, the table, the
 * queues. Safety: every event that matched a subscription when it was recorded is in exactly one digest of that
 * subscription, mailed once (a second mail of the same digest only where the sender flagged it at the time), and no
 * mail goes to an address the subscription did not hold. Liveness: nothing is left pending, leased, in flight,
 * quarantined or parked, and every event was reported within the documented bound.
 */
final class Checker {

    /** Slack on top of the maximum delay in a healthy world: signal rounding, polling, skew, the send itself. */
    static final Duration HEALTHY_SLACK = Duration.ofSeconds(45);
    /** Allowed per digest of the same subscription that went out ahead of an event's own (max entries splits). */
    static final Duration PER_EARLIER_DIGEST = Duration.ofSeconds(10);
    /**
     * After faults stop: a crashed holder's lease (16 min), its batch's visibility timeout (31 min), one sweep period
     * and its grace (5 + 1 min).
     */
    static final Duration RECOVERY = SimulatedPipeline.LEASE.plus(SimulatedPipeline.DIGEST_VISIBILITY)
            .plus(SimulatedPipeline.SWEEP_INTERVAL).plus(Duration.ofMinutes(1));

    record Violation(String property, String detail) {
        @Override
        public String toString() {
            return property + ": " + detail;
        }
    }

    record Report(List<Violation> violations, int eventsRecorded, int reports, int digests, int mails,
            int flaggedDuplicates, int exemptDeleted, Duration worstLatency) {}

    private final SimulatedPipeline pipeline;
    private final DigestTiming defaultTiming;
    private final java.util.Set<String> malformedBodies;
    private final Instant faultsEnd;
    private final Instant end;
    private final List<Violation> violations = new ArrayList<>();

    Checker(SimulatedPipeline pipeline, Workload workload, Instant faultsEnd, Instant end) {
        this.pipeline = pipeline;
        this.defaultTiming = workload.defaultTiming();
        this.malformedBodies = workload.malformedBodies();
        this.faultsEnd = faultsEnd;
        this.end = end;
    }

    Report check() {
        SimTable table = pipeline.table();
        Map<DigestId, DigestRecord> records = new LinkedHashMap<>();
        table.records.forEach((id, item) -> records.put(id, item.record));

        // Which mails carried which digest, and the first time each went out.
        Map<String, List<SimPorts.SentMail>> mailsByDigest = new LinkedHashMap<>();
        for (SimPorts.SentMail mail : pipeline.mails()) {
            mailsByDigest.computeIfAbsent(mail.digestId(), id -> new ArrayList<>()).add(mail);
        }
        int flagged = 0;
        for (Map.Entry<String, List<SimPorts.SentMail>> entry : mailsByDigest.entrySet()) {
            DigestRecord record = records.get(new DigestId(entry.getKey()));
            if (record == null) {
                violations.add(new Violation("safety", "mail of digest " + entry.getKey() + " has no record"));
                continue;
            }
            if (entry.getValue().size() > 1) {
                // Flagged at the time: the record was marked before the second SES call, and the sender said so.
                if (record.possibleDuplicate()) {
                    flagged += entry.getValue().size() - 1;
                } else {
                    violations.add(new Violation("safety", "digest " + entry.getKey() + " mailed "
                            + entry.getValue().size() + " times, not flagged as a possible duplicate"));
                }
            }
            for (SimPorts.SentMail mail : entry.getValue()) {
                checkRecipients(record, mail);
            }
        }

        checkParts(records, mailsByDigest.keySet());

        // Every recorded event, per subscription it matched when recorded.
        Map<DigestId, Integer> digestOrder = new LinkedHashMap<>();
        records.keySet().forEach(id -> digestOrder.put(id, digestOrder.size()));
        Map<String, Map<String, Set<DigestId>>> mailedDigestsByEventAndSub = new LinkedHashMap<>();
        for (Map.Entry<DigestId, List<ObjectEvent>> claimed : table.claimed.entrySet()) {
            DigestRecord record = records.get(claimed.getKey());
            if (record == null || !mailsByDigest.containsKey(claimed.getKey().value())) {
                continue;
            }
            for (ObjectEvent event : claimed.getValue()) {
                mailedDigestsByEventAndSub.computeIfAbsent(event.id().value(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(record.subscriptionId(), k -> new LinkedHashSet<>()).add(claimed.getKey());
            }
        }
        int reports = 0;
        int exempt = 0;
        Duration worst = Duration.ZERO;
        for (SimTable.HistoryItem item : table.history.values()) {
            for (String sub : item.subscriptionIds()) {
                Set<DigestId> digests = mailedDigestsByEventAndSub
                        .getOrDefault(item.event().id().value(), Map.of()).getOrDefault(sub, Set.of());
                if (digests.size() > 1) {
                    violations.add(new Violation("safety", "event " + describe(item.event()) + " reported to "
                            + sub + " in " + digests.size() + " digests " + digests));
                }
                if (digests.isEmpty()) {
                    if (deletedSince(sub, item.ingestedAt())) {
                        exempt++;
                    } else {
                        violations.add(new Violation("liveness", "event " + describe(item.event())
                                + " recorded at " + item.ingestedAt() + " for " + sub + " was never reported"));
                    }
                    continue;
                }
                reports++;
                DigestId first = digests.iterator().next();
                Instant reportedAt = mailsByDigest.get(first.value()).get(0).at();
                Duration latency = Duration.between(item.ingestedAt(), reportedAt);
                if (latency.compareTo(worst) > 0) {
                    worst = latency;
                }
                checkLatency(item, sub, first, reportedAt, records, digestOrder);
            }
        }
        checkLeftovers(table, records);
        pipeline.concurrentSends().forEach(e -> violations.add(new Violation("safety", e)));
        pipeline.history().stranded.forEach(e -> violations.add(new Violation("liveness", e)));
        pipeline.history().actorErrors.forEach(e -> violations.add(new Violation("harness", e)));
        return new Report(List.copyOf(violations), table.history.size(), reports, records.size(),
                pipeline.mails().size(), flagged, exempt, worst);
    }

    /**
     * A mailed part N > 1 continues a mailed digest of the same subscription that said more follows and was part
     * N - 1, claimed before it; and no two mailed digests continue the same one (a reader would see part 2 twice).
     */
    private void checkParts(Map<DigestId, DigestRecord> records, Set<String> mailed) {
        Map<DigestId, DigestId> continuedBy = new LinkedHashMap<>();
        for (DigestRecord record : records.values()) {
            BurstPart part = record.part();
            if (part.number() == 1 || !mailed.contains(record.id().value())) {
                continue;
            }
            DigestRecord previous = records.get(part.previous());
            String problem = previous == null ? "which has no record"
                    : !mailed.contains(previous.id().value()) ? "which was never mailed"
                    : !previous.subscriptionId().equals(record.subscriptionId()) ? "of another subscription"
                    : !previous.part().moreFollows() ? "which did not say more follows"
                    : previous.part().number() != part.number() - 1 ? "which was part " + previous.part().number()
                    : !previous.createdAt().equals(part.previousCreatedAt()) ? "claimed at another time"
                    // Two instances' clocks may disagree by up to MAX_SKEW each way.
                    : previous.createdAt().isAfter(record.createdAt().plus(SimulatedPipeline.MAX_SKEW.multipliedBy(2)))
                            ? "claimed after it"
                    : null;
            DigestId other = continuedBy.putIfAbsent(part.previous(), record.id());
            if (problem == null && other != null) {
                problem = "which " + other + " continues too";
            }
            if (problem != null) {
                violations.add(new Violation("safety", "digest " + record.id() + " says it is part " + part.number()
                        + " continuing " + part.previous() + ", " + problem));
            }
        }
    }

    private void checkRecipients(DigestRecord record, SimPorts.SentMail mail) {
        if (!new HashSet<>(mail.to()).equals(new HashSet<>(record.recipients()))) {
            violations.add(new Violation("safety", "digest " + record.id() + " went to " + mail.to()
                    + " but was claimed for " + record.recipients()));
        }
        // The claim read the subscription through a cache: any version held up to one cache period before it.
        Instant from = record.createdAt().minus(SimulatedPipeline.SUBSCRIPTION_CACHE)
                .minus(SimulatedPipeline.MAX_SKEW).minusSeconds(1);
        Instant to = record.createdAt().plus(SimulatedPipeline.MAX_SKEW);
        Set<String> held = new HashSet<>();
        List<SimulatedPipeline.SubscriptionVersion> versions =
                pipeline.history().subscriptionVersions.getOrDefault(record.subscriptionId(), List.of());
        for (int i = 0; i < versions.size(); i++) {
            Instant validFrom = versions.get(i).from();
            Instant validTo = i + 1 < versions.size() ? versions.get(i + 1).from() : Instant.MAX;
            if (versions.get(i).subscription() != null && validFrom.isBefore(to) && validTo.isAfter(from)) {
                held.addAll(versions.get(i).subscription().recipients());
            }
        }
        for (String address : mail.to()) {
            if (!held.contains(address)) {
                violations.add(new Violation("safety", "digest " + record.id() + " went to " + address
                        + ", which subscription " + record.subscriptionId() + " did not hold when it was claimed"));
            }
        }
    }

    private void checkLatency(SimTable.HistoryItem item, String sub, DigestId digest, Instant reportedAt,
            Map<DigestId, DigestRecord> records, Map<DigestId, Integer> order) {
        Instant latestDue = latestDue(sub, item.ingestedAt());
        long earlier = records.values().stream()
                .filter(r -> r.subscriptionId().equals(sub))
                .filter(r -> r.createdAt().isAfter(item.ingestedAt().minus(SimulatedPipeline.MAX_SKEW)))
                .filter(r -> order.get(r.id()) < order.get(digest))
                .count();
        Duration perDigest = PER_EARLIER_DIGEST.multipliedBy(earlier);
        Instant bound;
        String which;
        // A lease taken or a batch hidden just before the faults stopped outlives them by up to RECOVERY.
        if (item.ingestedAt().isBefore(faultsEnd.plus(RECOVERY))) {
            Instant start = latestDue.isAfter(faultsEnd) ? latestDue : faultsEnd;
            bound = start.plus(RECOVERY).plus(perDigest);
            which = "max(recorded + max delay, faults end) + lease + visibility + sweep + grace";
            // A fault can hide an entry past its slot (an ingest crash after the pending write, whose redelivery
            // notes the arrival only after the slot): on a schedule it then waits for the next slot.
            if (everScheduled(sub)) {
                Instant nextSlot = latestDue(sub, start.plus(RECOVERY));
                bound = nextSlot.plus(RECOVERY).plus(perDigest);
                which = "the slot after max(recorded + max delay, faults end) + recovery, + recovery";
            }
        } else {
            bound = latestDue.plus(HEALTHY_SLACK).plus(perDigest);
            which = "recorded + max delay + " + HEALTHY_SLACK.toSeconds() + " s";
        }
        if (reportedAt.isAfter(bound)) {
            violations.add(new Violation("liveness", "event " + describe(item.event()) + " for " + sub
                    + " recorded at " + item.ingestedAt() + " reported at " + reportedAt + ", past the bound "
                    + which + " (+" + perDigest.toSeconds() + " s for " + earlier + " earlier digests) = " + bound));
        }
    }

    private boolean everScheduled(String sub) {
        return pipeline.history().subscriptionVersions.getOrDefault(sub, List.of()).stream()
                .anyMatch(v -> v.subscription() != null && v.subscription().schedule().isPresent());
    }

    /**
     * The latest an event recorded at {@code at} can be due, by the subscription version in force then. A later
     * version can only have been read within one cache period: take the later of the two.
     */
    private Instant latestDue(String sub, Instant at) {
        Subscription inForce = null;
        for (SimulatedPipeline.SubscriptionVersion version :
                pipeline.history().subscriptionVersions.getOrDefault(sub, List.of())) {
            if (!version.from().isAfter(at) && version.subscription() != null) {
                inForce = version.subscription();
            }
        }
        Instant latest = (inForce == null ? defaultTiming : inForce.timing(defaultTiming)).latestDueAt(at);
        for (SimulatedPipeline.SubscriptionVersion version :
                pipeline.history().subscriptionVersions.getOrDefault(sub, List.of())) {
            if (version.subscription() != null && version.from().isAfter(at)) {
                Instant later = version.subscription().timing(defaultTiming).latestDueAt(at);
                if (later.isAfter(latest)) {
                    latest = later;
                }
            }
        }
        return latest;
    }

    private boolean deletedSince(String sub, Instant at) {
        return pipeline.history().subscriptionVersions.getOrDefault(sub, List.of()).stream()
                .anyMatch(v -> v.subscription() == null && v.from().isAfter(at.minus(SimulatedPipeline.SUBSCRIPTION_CACHE)));
    }

    private void checkLeftovers(SimTable table, Map<DigestId, DigestRecord> records) {
        table.pending.forEach((sub, entries) -> {
            if (!entries.isEmpty()) {
                violations.add(new Violation("liveness", entries.size() + " entries still pending for " + sub
                        + " at the end, oldest recorded " + entries.firstEntry().getValue().ingestedAt()));
            }
        });
        table.states.forEach((sub, state) -> {
            if (state.leaseOwner != null && state.leaseExpiresAt.isAfter(end)) {
                violations.add(new Violation("liveness", "lease of " + sub + " still held at the end"));
            }
            if (state.activeDigest != null) {
                violations.add(new Violation("liveness", "digest " + state.activeDigest + " of " + sub
                        + " still in flight at the end"));
            }
        });
        records.values().stream().filter(r -> r.status() != DigestRecord.Status.COMPLETE
                        && r.status() != DigestRecord.Status.ABANDONED && r.status() != DigestRecord.Status.RETRIED)
                .forEach(r -> violations.add(new Violation("liveness", "digest " + r.id() + " of "
                        + r.subscriptionId() + " left " + r.status() + (r.failureReason() == null ? ""
                        : " (" + r.failureReason() + ")"))));
        // Only the malformed messages may stay there, parked with their reason; each of them must be there.
        java.util.Set<String> parked = new java.util.HashSet<>();
        for (SimQueue.Message message : pipeline.ingestDeadLetters().peekAll()) {
            boolean rejected = message.attributes().containsKey(SimulatedPipeline.REASON_ATTRIBUTE);
            if (rejected && malformedBodies.contains(message.body())) {
                parked.add(message.body());
            } else {
                violations.add(new Violation("liveness", "a message on the ingest dead-letter queue at the end"
                        + (rejected ? " rejected as " + message.attributes().get(SimulatedPipeline.REASON_ATTRIBUTE)
                        : " (moved by the redrive policy)") + ": " + abbreviate(message.body())));
            }
        }
        for (String body : malformedBodies) {
            if (!parked.contains(body)) {
                violations.add(new Violation("safety", "a malformed message was not parked with its reason: "
                        + abbreviate(body)));
            }
        }
        if (pipeline.digestDeadLetters().size() > 0) {
            violations.add(new Violation("liveness", pipeline.digestDeadLetters().size()
                    + " message(s) on the digest dead-letter queue at the end"));
        }
    }

    private static String abbreviate(String body) {
        return body.length() <= 120 ? body : body.substring(0, 120) + "...";
    }

    private static String describe(ObjectEvent event) {
        return event.bucket() + "/" + event.key() + " " + event.eventName() + " " + event.id().value().substring(0, 8);
    }
}
