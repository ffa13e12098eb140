package io.bucketdigest.cli.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketdigest.core.normalize.MalformedMessageException;
import io.bucketdigest.core.normalize.NormalizedMessage;
import io.bucketdigest.core.normalize.S3MessageNormalizer;
import io.bucketdigest.core.sender.DigestSignal;
import io.bucketdigest.core.sender.DigestSignalCodec;
import io.bucketdigest.core.time.SortableTime;

/** Decodes queue bodies with the same normalizer the ingest function uses, so peek shows what ingest saw. */
public final class MessageDecoder {

    private final S3MessageNormalizer normalizer = new S3MessageNormalizer(new ObjectMapper());

    public DlqMessage.Decoded decode(QueueRole role, String body) {
        return role.carriesS3Notifications() ? decodeIngest(body) : decodeDigest(body);
    }

    private DlqMessage.Decoded decodeIngest(String body) {
        try {
            NormalizedMessage normalized = normalizer.normalize(body);
            if (normalized instanceof NormalizedMessage.TestEvent test) {
                return new DlqMessage.S3TestEvent(test.bucket());
            }
            return new DlqMessage.S3Events(((NormalizedMessage.Events) normalized).events());
        } catch (MalformedMessageException e) {
            return new DlqMessage.Malformed(e.reason());
        }
    }

    /** The digest function's own decoder, so a missing or bad field reads here as it does there. */
    private DlqMessage.Decoded decodeDigest(String body) {
        try {
            DigestSignal signal = DigestSignalCodec.decode(body);
            return new DlqMessage.DigestSignal(signal.subscriptionId(), SortableTime.format(signal.signalledAt()));
        } catch (DigestSignalCodec.MalformedSignalException e) {
            return new DlqMessage.Malformed(e.getMessage());
        }
    }
}
