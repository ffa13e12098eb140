package io.bucketdigest.simulation;

import java.util.EnumSet;
import java.util.Set;

/** The bugs injected into one run; none in a normal run. */
record Bugs(Set<Bug> injected) {

    Bugs {
        injected = injected.isEmpty() ? EnumSet.noneOf(Bug.class) : EnumSet.copyOf(injected);
    }

    static Bugs none() {
        return new Bugs(Set.of());
    }

    boolean has(Bug bug) {
        return injected.contains(bug);
    }
}
