package io.bucketdigest.core.sender;

/** Observes the sender passing each {@link SendStep}. Production uses {@link #NONE}; tests inject crashes. */
@FunctionalInterface
public interface StepListener {

    StepListener NONE = step -> { };

    void reached(SendStep step);
}
