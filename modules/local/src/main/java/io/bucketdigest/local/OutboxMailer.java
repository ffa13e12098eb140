package io.bucketdigest.local;

import io.bucketdigest.core.port.DigestMailer;
import io.bucketdigest.core.render.MimeMessageWriter;
import io.bucketdigest.mailreader.MimeParts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Sends through the real mailer (SES on the emulator), then keeps a copy of the raw message in the outbox. */
final class OutboxMailer implements DigestMailer {

    record Delivered(Path file, String subject, String sesMessageId) {}

    private final DigestMailer delegate;
    private final Path outbox;
    private final Consumer<Delivered> listener;

    OutboxMailer(DigestMailer delegate, Path outbox, Consumer<Delivered> listener) {
        this.delegate = delegate;
        this.outbox = outbox;
        this.listener = listener;
    }

    @Override
    public String send(Mail mail) {
        String messageId = delegate.send(mail);
        MimeParts parts = MimeParts.parse(mail.rawMessage());
        String digestId = parts.header(MimeMessageWriter.DIGEST_ID_HEADER);
        Path file = outbox.resolve((digestId == null ? messageId : digestId) + ".eml");
        try {
            Files.createDirectories(outbox);
            Files.write(file, mail.rawMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the outbox copy " + file, e);
        }
        listener.accept(new Delivered(file, parts.subject(), messageId));
        return messageId;
    }
}
