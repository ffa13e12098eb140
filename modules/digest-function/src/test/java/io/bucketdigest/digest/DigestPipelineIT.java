package io.bucketdigest.digest;

import io.bucketdigest.emulator.InProcessContext;
import io.bucketdigest.mailreader.CsvRows;
import io.bucketdigest.mailreader.MimeParts;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.bucketdigest.aws.sqs.SqsRejectedMessages;
import io.bucketdigest.core.sender.SendStep;
import io.bucketdigest.core.sender.StepListener;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.MotoServer;
import io.bucketdigest.testing.SharedMoto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The ingest and digest stages end to end on moto_server: real handlers, real adapters, the digest queue's delays,
 * SES v2 raw mail read back from moto. Time for the quiet period comes from a mutable clock both stages share; the
 * queue's DelaySeconds (2 s quiet period) are real.
 */
class DigestPipelineIT {

    private static final Pattern BURST_KEY = Pattern.compile("uploads/2026/03/file-[0-9]{5}\\.bin");
    private static final String BURST_PREFIX = "uploads/2026/03/file-";

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

    @Test
    void burstOf2000Objects_oneDigestListsEachObjectOnce_thenASecondBurstGetsADigestOfOnlyTheNewEvents() {
        DigestHandler handler = stack.digestHandler();
        List<String> first = DigestStack.keys(BURST_PREFIX, 0, 2000);
        stack.upload(first);
        stack.clock.advance(Duration.ofSeconds(3));

        DigestStack.Drain drain = stack.drain(handler);

        assertThat(drain.responses).allSatisfy(r -> assertThat(r.getBatchItemFailures()).isEmpty());
        List<DigestStack.Mail> mails = stack.mails();
        assertThat(mails).as("one digest for the whole burst").hasSize(1);
        DigestStack.Mail digest = mails.get(0);
        assertThat(digest.source()).isEqualTo(DigestStack.SENDER);
        assertThat(digest.destinations()).containsOnly(DigestStack.RECIPIENT);
        assertThat(digest.parts().header("Subject")).isEqualTo("2,000 objects created in photo-archive");
        assertThat(digest.parts().text()).contains("2,000 objects").contains(digest.digestId());
        assertThat(digest.parts().html()).contains("<table");

        List<List<String>> rows = CsvRows.parse(digest.parts().csv().orElseThrow(
                () -> new AssertionError("2,000 entries exceed the inline limit of 200: the CSV must be attached")));
        assertThat(rows.get(0)).containsExactly("bucket", "key", "story", "outcome", "events", "final_size_bytes",
                "first_event_time", "last_event_time", "event_ids", "change", "requesters", "source_ips",
                "size_before_bytes");
        List<List<String>> data = rows.subList(1, rows.size());
        assertThat(data).extracting(row -> row.get(1)).as("every object exactly once")
                .containsExactlyInAnyOrderElementsOf(first);
        assertThat(data).allSatisfy(row -> {
            assertThat(row.get(0)).isEqualTo(DigestStack.BUCKET);
            assertThat(row.get(3)).isEqualTo("WRITTEN");
            assertThat(row.get(4)).isEqualTo("1");
        });
        Set<String> mailedEventIds = data.stream().map(row -> row.get(8)).collect(Collectors.toSet());
        assertThat(stack.eventIds).hasSize(2000);
        assertThat(mailedEventIds).as("the CSV names every uploaded event").isEqualTo(Set.copyOf(stack.eventIds));
        assertThat(BURST_KEY.matcher(digest.parts().text()).results().count())
                .as("the text part shows the inline limit of entries").isEqualTo(200);

        assertThat(stack.digestRecords("default")).singleElement().satisfies(record -> {
            assertThat(DigestStack.str(record, "digestId")).isEqualTo(digest.digestId());
            assertThat(DigestStack.str(record, "status")).isEqualTo("COMPLETE");
            assertThat(record.get("entryCount").n()).isEqualTo("2000");
            assertThat(DigestStack.str(record, "sesMessageId")).isEqualTo(digest.messageId());
        });
        for (String key : List.of(first.get(0), first.get(777), first.get(1999))) {
            assertThat(stack.notes(key)).as("history of %s: which digest told me?", key).singleElement()
                    .satisfies(note -> assertThat(DigestStack.str(note, "digestId")).isEqualTo(digest.digestId()));
        }
        assertThat(stack.pendingCount("default")).isZero();
        assertLeaseReleasedAndNothingPending();

        stack.clock.advance(Duration.ofSeconds(30));
        List<String> second = DigestStack.keys(BURST_PREFIX, 5000, 150);
        stack.upload(second);
        stack.clock.advance(Duration.ofSeconds(3));
        stack.drain(handler);

        mails = stack.mails();
        assertThat(mails).hasSize(2);
        DigestStack.Mail next = mails.get(1);
        assertThat(next.digestId()).isNotEqualTo(digest.digestId());
        assertThat(next.parts().csv()).as("150 entries fit inline").isEmpty();
        assertThat(DigestStack.keysInText(next, BURST_KEY)).containsExactlyInAnyOrderElementsOf(second);
        assertThat(stack.digestRecords("default")).hasSize(2).first()
                .satisfies(record -> assertThat(record.get("entryCount").n()).isEqualTo("150"));
        for (String key : List.of(second.get(0), second.get(149))) {
            assertThat(stack.notes(key)).singleElement()
                    .satisfies(note -> assertThat(DigestStack.str(note, "digestId")).isEqualTo(next.digestId()));
        }
        assertThat(stack.notes(first.get(5))).singleElement()
                .satisfies(note -> assertThat(DigestStack.str(note, "digestId")).isEqualTo(digest.digestId()));
        assertThat(stack.pendingCount("default")).isZero();
    }

    @Test
    void redeliveredDigestMessage_sendsNothingNew() {
        DigestHandler handler = stack.digestHandler();
        List<String> keys = DigestStack.keys(BURST_PREFIX, 0, 30);
        stack.upload(keys);
        stack.clock.advance(Duration.ofSeconds(3));
        AtomicBoolean keptForRedelivery = new AtomicBoolean();

        DigestStack.Drain drain = stack.drain(handler, (batch, response) -> {
            boolean sentJustNow = !keptForRedelivery.get() && stack.mails().size() == 1;
            if (sentJustNow) {
                keptForRedelivery.set(true);
                return false;
            }
            return true;
        });

        assertThat(keptForRedelivery).isTrue();
        assertThat(drain.receivedTwice).as("SQS delivered the digest's message again").isNotEmpty();
        assertThat(drain.received).filteredOn(m -> drain.receivedTwice.contains(m.messageId()))
                .anySatisfy(m -> assertThat(m.attributesAsStrings().get("ApproximateReceiveCount")).isEqualTo("2"));
        assertThat(stack.mails()).hasSize(1);

        stack.clock.advance(Duration.ofMinutes(20));
        for (Message old : drain.received) {
            aws.sqs().sendMessage(b -> b.queueUrl(stack.digestQueueUrl).messageBody(old.body()));
        }
        stack.drain(handler);

        assertThat(stack.mails()).as("old signals, much later").hasSize(1);
        assertThat(stack.items("DIGEST")).hasSize(1);
        assertThat(DigestStack.keysInText(stack.mails().get(0), BURST_KEY)).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void twoConcurrentSenders_sameSignal_oneDigestPerBurst() throws Exception {
        DigestHandler first = stack.digestHandler();
        DigestHandler second = stack.digestHandler();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                List<String> keys = DigestStack.keys(BURST_PREFIX, round * 100, 25);
                stack.upload(keys);
                stack.clock.advance(Duration.ofSeconds(3));
                List<Message> messages = stack.receive(Duration.ofSeconds(10));
                assertThat(messages).isNotEmpty();
                SQSEvent event = DigestStack.sqsEvent(messages);
                CyclicBarrier bothReady = new CyclicBarrier(2);
                List<Future<SQSBatchResponse>> responses = new ArrayList<>();
                for (DigestHandler handler : List.of(first, second)) {
                    responses.add(pool.submit(() -> {
                        bothReady.await(10, TimeUnit.SECONDS);
                        return handler.handleRequest(event, InProcessContext.of("digest"));
                    }));
                }
                Set<String> retried = new HashSet<>();
                for (Future<SQSBatchResponse> response : responses) {
                    response.get(60, TimeUnit.SECONDS).getBatchItemFailures()
                            .forEach(failure -> retried.add(failure.getItemIdentifier()));
                }
                // A loser may report its message for retry: moto runs requests on threads without locking its
                // tables, so two conditional lease updates can both pass there; the claim's condition on
                // activeDigestId then stops the second sender (LeaseLostException). DynamoDB's conditional writes are
                // atomic and the lease alone decides. Either way the retry must find nothing new to send.
                for (Message message : messages) {
                    if (retried.contains(message.messageId())) {
                        stack.makeVisibleAgain(message);
                    } else {
                        stack.delete(message);
                    }
                }
                stack.drain(first);

                List<DigestStack.Mail> mails = stack.mails();
                assertThat(mails).as("digests after round %d", round).hasSize(round + 1);
                assertThat(DigestStack.keysInText(mails.get(round), BURST_KEY))
                        .containsExactlyInAnyOrderElementsOf(keys);
                stack.clock.advance(Duration.ofSeconds(30));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(stack.items("NOTE")).hasSize(75);
    }

    @Test
    void secondSenderRunsWhileTheFirstIsSending_itIsShutOutByTheLease() {
        List<String> keys = DigestStack.keys(BURST_PREFIX, 0, 12);
        stack.upload(keys);
        stack.clock.advance(Duration.ofSeconds(3));
        List<Message> messages = stack.receive(Duration.ofSeconds(10));
        SQSEvent event = DigestStack.sqsEvent(messages);
        DigestHandler intruder = stack.digestHandler();
        AtomicReference<SQSBatchResponse> intruderResponse = new AtomicReference<>();
        AtomicReference<String> ownerDuringIntrusion = new AtomicReference<>();
        StepListener intrudeOnce = step -> {
            if (step == SendStep.SEND_STARTED && intruderResponse.get() == null) {
                String owner = DigestStack.str(stack.state("default"), "leaseOwner");
                intruderResponse.set(intruder.handleRequest(event, InProcessContext.of("digest")));
                ownerDuringIntrusion.set(DigestStack.str(stack.state("default"), "leaseOwner") + "|" + owner);
            }
        };
        DigestHandler sender = DigestHandler.from(stack.digestWiring(Map.of(), intrudeOnce));

        SQSBatchResponse response = sender.handleRequest(event, InProcessContext.of("digest"));
        messages.forEach(stack::delete);
        stack.drain(sender);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(intruderResponse.get().getBatchItemFailures()).isEmpty();
        String[] owners = ownerDuringIntrusion.get().split("\\|");
        assertThat(owners[0]).as("the lease did not change hands").isEqualTo(owners[1]).isNotEqualTo("null");
        assertThat(stack.mails()).hasSize(1);
        assertThat(stack.items("DIGEST")).hasSize(1);
        assertThat(DigestStack.keysInText(stack.mails().get(0), BURST_KEY)).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void unverifiedSender_signalParkedWithReasonAndRecordFailed_replayAfterVerifyingDelivers() {
        String unverified = "reports@unverified.example";
        DigestHandler handler = DigestHandler.from(stack.digestWiring(Map.of("SENDER_ADDRESS", unverified),
                StepListener.NONE));
        List<String> keys = DigestStack.keys(BURST_PREFIX, 0, 12);
        stack.upload(keys);
        stack.clock.advance(Duration.ofSeconds(3));

        DigestStack.Drain drain = stack.drain(handler);

        assertThat(drain.responses).allSatisfy(r -> assertThat(r.getBatchItemFailures())
                .as("a permanent failure is parked, not retried").isEmpty());
        assertThat(stack.mails()).isEmpty();
        List<Message> parked = aws.sqs().receiveMessage(b -> b.queueUrl(stack.digestDlqUrl).maxNumberOfMessages(10)
                .messageAttributeNames("All")).messages();
        assertThat(parked).isNotEmpty().allSatisfy(message -> {
            MessageAttributeValue reason = message.messageAttributes().get(SqsRejectedMessages.REASON_ATTRIBUTE);
            assertThat(reason.stringValue()).contains("SES rejected the digest")
                    .contains("check that the sender identity is verified");
            assertThat(reason.stringValue()).doesNotContain(DigestStack.RECIPIENT);
            assertThat(message.messageAttributes()).containsKey(SqsRejectedMessages.SOURCE_MESSAGE_ATTRIBUTE);
            assertThat(message.body()).contains("\"subscriptionId\":\"default\"");
        });
        Map<String, AttributeValue> record = stack.items("DIGEST").get(0);
        assertThat(stack.items("DIGEST")).hasSize(1);
        assertThat(DigestStack.str(record, "status")).isEqualTo("FAILED");
        assertThat(DigestStack.str(record, "failureReason")).contains("SES rejected the digest");
        assertThat(DigestStack.str(stack.state("default"), "activeDigestId"))
                .isEqualTo(DigestStack.str(record, "digestId"));
        assertThat(stack.state("default")).doesNotContainKey("leaseOwner");
        assertThat(stack.items("PENDING")).as("nothing dropped").hasSize(12);

        aws.ses().createEmailIdentity(b -> b.emailIdentity(unverified));
        for (Message message : parked) {
            aws.sqs().sendMessage(b -> b.queueUrl(stack.digestQueueUrl).messageBody(message.body()));
            aws.sqs().deleteMessage(b -> b.queueUrl(stack.digestDlqUrl).receiptHandle(message.receiptHandle()));
        }
        stack.drain(handler);

        List<DigestStack.Mail> mails = stack.mails();
        assertThat(mails).singleElement().satisfies(mail -> {
            assertThat(mail.digestId()).isEqualTo(DigestStack.str(record, "digestId"));
            assertThat(mail.source()).isEqualTo(unverified);
            assertThat(DigestStack.keysInText(mail, BURST_KEY)).containsExactlyInAnyOrderElementsOf(keys);
        });
        assertThat(DigestStack.str(stack.items("DIGEST").get(0), "status")).isEqualTo("COMPLETE");
        assertThat(stack.items("PENDING")).isEmpty();
        assertLeaseReleasedAndNothingPending();
    }

    private void assertLeaseReleasedAndNothingPending() {
        Map<String, AttributeValue> state = stack.state("default");
        assertThat(state).doesNotContainKeys("leaseOwner", "activeDigestId", "firstPendingAt");
        assertThat(new HashSet<>(state.keySet())).contains("lastArrivalAt");
    }
}
