package io.bucketdigest.local;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The human-readable account of what flows through the local pipeline. */
final class Console {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;

    Console(PrintStream out) {
        this.out = out;
    }

    synchronized void line(String component, String text) {
        out.printf("%s %-7s %s%n", LocalTime.now(ZoneId.systemDefault()).format(TIME), component, text);
        out.flush();
    }

    void batch(SqsEventSourcePoller.BatchResult result) {
        String component = result.functionName().startsWith("Ingest") ? "ingest" : "digest";
        if (result.messages() == 0) {
            line(component, result.error());
        } else if (result.crashed()) {
            line(component, "batch of " + result.messages() + " FAILED as a whole (" + result.error()
                    + "); the messages return after the visibility timeout");
        } else if (result.failed() > 0) {
            line(component, "batch of " + result.messages() + ": " + (result.messages() - result.failed()) + " ok, "
                    + result.failed() + " left for retry (" + result.took().toMillis() + " ms)");
        } else if (component.equals("ingest")) {
            line(component, "batch of " + result.messages() + " message(s) handled (" + result.took().toMillis()
                    + " ms)");
        }
    }

    void delivered(OutboxMailer.Delivered delivered) {
        line("digest", "sent \"" + delivered.subject() + "\" -> " + delivered.file());
    }
}
