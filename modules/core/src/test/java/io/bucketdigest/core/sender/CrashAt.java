package io.bucketdigest.core.sender;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A {@link StepListener} that throws a {@link Crash} the first time the sender reaches one of the given steps. */
final class CrashAt implements StepListener {

    private final Set<SendStep> armed;
    private final List<SendStep> reached = new ArrayList<>();

    private CrashAt(Set<SendStep> armed) {
        this.armed = armed;
    }

    static CrashAt step(SendStep step) {
        return new CrashAt(EnumSet.of(step));
    }

    static CrashAt never() {
        return new CrashAt(EnumSet.noneOf(SendStep.class));
    }

    /** Crash at {@code step} the next time it is reached (again after a previous crash fired). */
    synchronized CrashAt arm(SendStep step) {
        armed.add(step);
        return this;
    }

    @Override
    public synchronized void reached(SendStep step) {
        reached.add(step);
        if (armed.remove(step)) {
            throw new Crash(step);
        }
    }

    synchronized boolean fired() {
        return armed.isEmpty();
    }

    synchronized List<SendStep> reachedSteps() {
        return List.copyOf(reached);
    }
}
