package io.bucketdigest.core.port;

import io.bucketdigest.core.digest.DigestId;
import java.util.List;
import java.util.Objects;

/** Sends one raw MIME digest; returns the provider's message id. */
public interface DigestMailer {

    /**
     * @throws PermanentMailException when the provider refuses for a reason retries cannot fix
     * @throws UncertainDeliveryException when the request may have reached the provider and its answer was lost (an
     *         I/O error, a timeout, a server error): the mail may or may not have been accepted
     * @throws TransientFailureException when the provider certainly did not accept it (throttling that persisted
     *         through the mailer's own retries)
     */
    String send(Mail mail);

    /**
     * @param digestId       the digest the mail carries: the mailer tags the mail with it, so that what SES later
     *                       reports about the mail (bounces, complaints, deliveries) finds the digest
     * @param subscriptionId its subscription, for the same tags
     */
    record Mail(String from, List<String> to, byte[] rawMessage, DigestId digestId, String subscriptionId) {
        public Mail {
            to = List.copyOf(to);
            Objects.requireNonNull(digestId, "digestId");
            Objects.requireNonNull(subscriptionId, "subscriptionId");
        }

        /** Recipient addresses stay out of logs. */
        @Override
        public String toString() {
            return "Mail[digest=" + digestId.value() + ", recipients=" + to.size() + ", bytes=" + rawMessage.length
                    + "]";
        }
    }

    final class PermanentMailException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public PermanentMailException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The mail may have been accepted: a re-send must be flagged as a possible duplicate. */
    final class UncertainDeliveryException extends TransientFailureException {
        private static final long serialVersionUID = 1L;

        public UncertainDeliveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
