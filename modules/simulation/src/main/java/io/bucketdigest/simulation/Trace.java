package io.bucketdigest.simulation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What happened in a run, line by line, on simulated time. Always kept (a run's fingerprint is its hash, which proves
 * a seed replays exactly); printed in full for {@code scripts/simulate --seed S}. Verbose traces also list every
 * request.
 */
final class Trace {

    private final boolean verbose;
    private final List<String> lines = new ArrayList<>();
    private long hash = 1125899906842597L;

    Trace(boolean verbose) {
        this.verbose = verbose;
    }

    boolean verbose() {
        return verbose;
    }

    void line(Instant at, String actor, String what) {
        String line = at + " " + actor + ": " + what;
        for (int i = 0; i < line.length(); i++) {
            hash = 31 * hash + line.charAt(i);
        }
        if (verbose || lines.size() < 200_000) {
            lines.add(line);
        }
    }

    List<String> lines() {
        return lines;
    }

    /** Equal for two runs exactly when they did the same things at the same simulated times. */
    long fingerprint() {
        return hash;
    }
}
