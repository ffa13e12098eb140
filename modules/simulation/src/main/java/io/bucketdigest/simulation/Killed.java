package io.bucketdigest.simulation;

/**
 * Unwinds an actor's thread when the simulation kills it (a crash or its Lambda deadline). An Error, so that the core
 * code's {@code catch (RuntimeException)} blocks do not swallow it, as they could not swallow a real crash.
 */
final class Killed extends Error {

    private static final long serialVersionUID = 1L;

    Killed(String why) {
        super(why, null, false, false);
    }
}
