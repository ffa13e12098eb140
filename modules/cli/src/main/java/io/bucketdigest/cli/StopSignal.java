package io.bucketdigest.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a long operation stop at a safe point on Ctrl-C. While armed, a JVM shutdown hook asks the operation to stop
 * and waits (up to 30 s) until it has finished the message in flight, released what it holds and printed its summary.
 * Tests use {@link #manual()} and call {@link #request()} themselves.
 */
public final class StopSignal {

    private final boolean jvmHook;
    private volatile boolean requested;
    private volatile CountDownLatch finished = new CountDownLatch(1);
    private Thread hook;

    private StopSignal(boolean jvmHook) {
        this.jvmHook = jvmHook;
    }

    public static StopSignal jvm() {
        return new StopSignal(true);
    }

    public static StopSignal manual() {
        return new StopSignal(false);
    }

    public synchronized void arm() {
        finished = new CountDownLatch(1);
        if (jvmHook && hook == null) {
            hook = new Thread(() -> {
                request();
                try {
                    finished.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bucket-digest-stop");
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    /** Marks the operation finished (the shutdown hook may now let the JVM exit). */
    public synchronized void disarm() {
        finished.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is running and now returns
            }
            hook = null;
        }
    }

    public void request() {
        requested = true;
    }

    public boolean requested() {
        return requested;
    }
}
