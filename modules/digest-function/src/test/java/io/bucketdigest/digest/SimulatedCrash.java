package io.bucketdigest.digest;

import io.bucketdigest.core.sender.SendStep;
import io.bucketdigest.core.sender.StepListener;
import java.util.concurrent.atomic.AtomicBoolean;

/** The digest function dying at a {@link SendStep}: an Error escapes the handler, as a timeout or crash would. */
final class SimulatedCrash extends Error {

    private static final long serialVersionUID = 1L;

    SimulatedCrash(SendStep step) {
        super("simulated crash at " + step, null, false, false);
    }

    /** A listener that crashes the first time the sender reaches {@code step}. */
    static StepListener once(SendStep step) {
        AtomicBoolean fired = new AtomicBoolean();
        return reached -> {
            if (reached == step && fired.compareAndSet(false, true)) {
                throw new SimulatedCrash(step);
            }
        };
    }
}
