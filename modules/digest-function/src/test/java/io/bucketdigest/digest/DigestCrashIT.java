package io.bucketdigest.digest;

import io.bucketdigest.emulator.InProcessContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.sender.SendStep;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.MotoServer;
import io.bucketdigest.testing.SharedMoto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The fault-injection harness against the real DynamoDB, SQS and SES adapters on moto_server: the digest function
 * crashes at each {@link SendStep}; its batch stays on the queue and comes back after the visibility timeout (longer
 * than the 16-minute lease, so the clock moves 31 minutes); a healthy function then drains the queue.
 */
class DigestCrashIT {

    private static final Pattern KEY = Pattern.compile("crash/[0-9]{5}\\.bin");

    private static MotoServer moto;
    private static AwsTestClients aws;
    private DigestStack stack;

    @BeforeAll
    static void startMoto() {
        moto = SharedMoto.get();
        aws = new AwsTestClients(moto.endpoint());
    }

    @AfterAll
    static void closeClients() {
        aws.close();
    }

    @BeforeEach
    void provision() {
        stack = new DigestStack(moto, aws, Duration.ofSeconds(2));
    }

    @ParameterizedTest(name = "crash at {0}")
    @EnumSource(SendStep.class)
    void crashAtStep_batchRedeliveredAfterTheLease_eachObjectInExactlyOneDigest(SendStep step) {
        List<String> keys = DigestStack.keys("crash/", 0, 25);
        stack.upload(keys);
        stack.clock.advance(Duration.ofSeconds(3));

        List<Message> crashed = crashOnFirstDueBatch(step);
        stack.clock.advance(Duration.ofMinutes(31));
        crashed.forEach(stack::makeVisibleAgain);
        stack.drain(stack.digestHandler());

        List<DigestStack.Mail> mails = stack.mails();
        assertThat(mails).as("mails after a crash at " + step)
                .hasSize(step == SendStep.SES_ACCEPTED ? 2 : 1);
        assertThat(mails).extracting(DigestStack.Mail::digestId).as("a repeat is the same digest").containsOnly(
                mails.get(0).digestId());
        assertThat(mails).allSatisfy(mail -> assertThat(DigestStack.keysInText(mail, KEY))
                .containsExactlyInAnyOrderElementsOf(keys));
        assertCompleteAndClean(Map.of(mails.get(0).digestId(), Set.copyOf(keys)));
    }

    @ParameterizedTest(name = "crash at {0}")
    @EnumSource(value = SendStep.class, names = {"LEASE_ACQUIRED", "DIGEST_CLAIMED", "SES_ACCEPTED", "PENDING_REMOVED"})
    void crashAtStep_newUploadsWhileTheDeadLeaseBlocks_theyGetTheirOwnLaterDigest(SendStep step) {
        List<String> first = DigestStack.keys("crash/", 0, 15);
        stack.upload(first);
        stack.clock.advance(Duration.ofSeconds(3));
        List<Message> crashed = crashOnFirstDueBatch(step);

        stack.clock.advance(Duration.ofSeconds(30));
        List<String> later = DigestStack.keys("crash/", 500, 8);
        stack.upload(later);
        stack.clock.advance(Duration.ofSeconds(3));
        DigestHandler healthy = stack.digestHandler();
        stack.drain(healthy);
        assertThat(stack.mails()).as("the dead sender's lease holds everyone off")
                .hasSize(step.compareTo(SendStep.SES_ACCEPTED) >= 0 ? 1 : 0);

        stack.clock.advance(Duration.ofMinutes(31));
        crashed.forEach(stack::makeVisibleAgain);
        stack.drain(healthy);

        List<DigestStack.Mail> mails = stack.mails();
        List<String> digestIds = mails.stream().map(DigestStack.Mail::digestId).distinct().toList();
        if (step == SendStep.LEASE_ACQUIRED) {
            assertThat(digestIds).as("nothing was claimed before the crash: one digest for all").hasSize(1);
            assertCompleteAndClean(Map.of(digestIds.get(0), union(first, later)));
        } else {
            assertThat(digestIds).hasSize(2);
            assertThat(DigestStack.keysInText(mails.get(0), KEY)).containsExactlyInAnyOrderElementsOf(first);
            assertThat(DigestStack.keysInText(mails.get(mails.size() - 1), KEY))
                    .containsExactlyInAnyOrderElementsOf(later);
            assertCompleteAndClean(Map.of(digestIds.get(0), Set.copyOf(first), digestIds.get(1), Set.copyOf(later)));
        }
    }

    /** Hands the first visible batch to a function that crashes at {@code step}; the batch stays on the queue. */
    private List<Message> crashOnFirstDueBatch(SendStep step) {
        DigestHandler crashing = DigestHandler.from(stack.digestWiring(Map.of(), SimulatedCrash.once(step)));
        List<Message> batch = stack.receive(Duration.ofSeconds(15));
        assertThat(batch).isNotEmpty();
        assertThatThrownBy(() -> crashing.handleRequest(DigestStack.sqsEvent(batch), InProcessContext.of("digest")))
                .isInstanceOf(SimulatedCrash.class);
        return batch;
    }

    private static Set<String> union(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** Every digest COMPLETE, each object's note naming exactly its digest, nothing pending, the lease free. */
    private void assertCompleteAndClean(Map<String, Set<String>> keysByDigest) {
        Map<String, List<Map<String, AttributeValue>>> table = stack.itemsByType();
        assertThat(table.get("DIGEST")).extracting(d -> DigestStack.str(d, "digestId"))
                .containsExactlyInAnyOrderElementsOf(keysByDigest.keySet());
        assertThat(table.get("DIGEST")).allSatisfy(d -> assertThat(DigestStack.str(d, "status")).isEqualTo("COMPLETE"));
        Map<String, Set<String>> notes = table.get("NOTE").stream().collect(Collectors.groupingBy(
                note -> DigestStack.str(note, "digestId"),
                Collectors.mapping(note -> DigestStack.str(note, "pk")
                        .substring(("OBJ#" + DigestStack.BUCKET + "#").length()), Collectors.toSet())));
        assertThat(notes).isEqualTo(keysByDigest);
        assertThat(table.get("NOTE")).as("one note per object and subscription")
                .hasSize(keysByDigest.values().stream().mapToInt(Set::size).sum());
        assertThat(table).doesNotContainKey("PENDING");
        assertThat(stack.state("default")).doesNotContainKeys("leaseOwner", "activeDigestId", "firstPendingAt");
    }
}
