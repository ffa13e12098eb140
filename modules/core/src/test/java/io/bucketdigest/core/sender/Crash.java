package io.bucketdigest.core.sender;

/**
 * A simulated death of the sender (Lambda timeout, out of memory, runtime crash) at a {@link SendStep}. An Error, so
 * no {@code catch (RuntimeException)} in the code under test can swallow it, just as nothing survives a real crash.
 */
final class Crash extends Error {

    private static final long serialVersionUID = 1L;

    final SendStep step;

    Crash(SendStep step) {
        super("simulated crash at " + step, null, false, false);
        this.step = step;
    }
}
