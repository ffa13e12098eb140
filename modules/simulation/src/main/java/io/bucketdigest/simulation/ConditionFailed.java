package io.bucketdigest.simulation;

/** A fake request's condition did not hold: the fakes catch it exactly where the adapters catch the SDK's. */
final class ConditionFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ConditionFailed(String what) {
        super(what, null, false, false);
    }
}
