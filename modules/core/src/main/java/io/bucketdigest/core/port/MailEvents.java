package io.bucketdigest.core.port;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.mail.MailEvent;
import java.util.List;

/**
 * The delivery history of digest mails, kept beside each digest record. Recording is idempotent: SES and SQS may
 * deliver one event more than once, and the same (type, recipient, time) is stored once. One request per event.
 */
public interface MailEvents {

    void record(MailEvent event);

    /** A digest's events, oldest first. */
    List<MailEvent> forDigest(DigestId digestId);
}
