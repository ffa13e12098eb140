package io.bucketdigest.bench;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Switches the latency model on and off for the SDK clients of a benchmark JVM, like {@link RequestLedger} counts for
 * them: the {@link LatencyInterceptor} is registered globally (so it also sees the clients the functions' wiring
 * builds) and asks this instance how long each call must take. Off by default, so the work-per-event run, which counts
 * and never times, is not slowed down. One seeded Random: the same calls in the same order draw the same round trips.
 */
public final class ModelledLatency {

    public static final ModelledLatency INSTANCE = new ModelledLatency();

    private volatile LatencyModel model;
    private Random random = new Random(0);
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong emulatorSlower = new AtomicLong();

    private ModelledLatency() {}

    public void enable(LatencyModel model, long seed) {
        synchronized (this) {
            this.random = new Random(seed);
        }
        this.model = model;
    }

    public void disable() {
        this.model = null;
    }

    /** The modelled round trip of one call, or 0 while the model is off. */
    double drawMs(String operation) {
        LatencyModel current = model;
        if (current == null) {
            return 0;
        }
        synchronized (this) {
            return current.of(operation).sampleMs(random);
        }
    }

    /** Records whether the emulator alone took longer than the model (then the call's time is emulator time). */
    void completed(boolean emulatorWasSlower) {
        calls.incrementAndGet();
        if (emulatorWasSlower) {
            emulatorSlower.incrementAndGet();
        }
    }

    public long modelledCalls() {
        return calls.get();
    }

    public long callsWhereTheEmulatorWasSlower() {
        return emulatorSlower.get();
    }

    public void resetCounts() {
        calls.set(0);
        emulatorSlower.set(0);
    }
}
