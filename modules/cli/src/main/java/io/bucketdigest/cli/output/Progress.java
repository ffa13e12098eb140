package io.bucketdigest.cli.output;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Progress of a long operation on stderr: a bar redrawn in place on a terminal, plain lines (at most one a second,
 * plus the last) when piped.
 */
public final class Progress {

    private static final int BAR = 30;

    private final PrintWriter err;
    private final boolean interactive;
    private final Clock clock;
    private final String label;
    private Instant lastLine;
    private String lastText;
    private boolean drawn;

    public Progress(PrintWriter err, boolean interactive, Clock clock, String label) {
        this.err = err;
        this.interactive = interactive;
        this.clock = clock;
        this.label = label;
    }

    /** {@code total} below 0 means unknown. */
    public void update(long done, long total, String detail) {
        Instant now = clock.instant();
        if (interactive) {
            StringBuilder line = new StringBuilder("\r").append(label).append(' ');
            if (total > 0) {
                int filled = (int) Math.min(BAR, done * BAR / total);
                line.append('[').append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("] ");
                line.append(done).append('/').append(total);
            } else {
                line.append(done);
            }
            if (detail != null && !detail.isEmpty()) {
                line.append("  ").append(detail);
            }
            line.append("\u001b[K");
            err.print(line);
            err.flush();
            drawn = true;
        } else if (lastLine == null || Duration.between(lastLine, now).compareTo(Duration.ofSeconds(1)) >= 0) {
            plain(done, total, detail);
            lastLine = now;
        }
    }

    public void finish(long done, long total, String detail) {
        if (interactive) {
            update(done, total, detail);
            if (drawn) {
                err.println();
            }
        } else {
            plain(done, total, detail);
        }
        err.flush();
    }

    private void plain(long done, long total, String detail) {
        String text = label + " " + done + (total > 0 ? "/" + total : "")
                + (detail == null || detail.isEmpty() ? "" : "  " + detail);
        if (!text.equals(lastText)) {
            err.println(text);
            err.flush();
            lastText = text;
        }
    }
}
