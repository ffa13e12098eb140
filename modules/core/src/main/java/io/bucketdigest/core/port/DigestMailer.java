package io.bucketdigest.core.port;

import java.util.List;

/** Sends one raw MIME digest; returns the provider's message id. */
public interface DigestMailer {

    /**
     * @throws PermanentMailException when the provider refuses for a reason retries cannot fix
     * @throws TransientFailureException when throttling or errors persisted through the mailer's own retries
     */
    String send(Mail mail);

    record Mail(String from, List<String> to, byte[] rawMessage) {
        public Mail {
            to = List.copyOf(to);
        }

        /** Recipient addresses stay out of logs. */
        @Override
        public String toString() {
            return "Mail[recipients=" + to.size() + ", bytes=" + rawMessage.length + "]";
        }
    }

    final class PermanentMailException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public PermanentMailException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
