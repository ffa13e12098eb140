package io.bucketdigest.simulation;

import io.bucketdigest.core.port.DigestMailer;
import io.bucketdigest.core.port.TransientFailureException;
import java.util.function.Supplier;

/**
 * The one door every fake request goes through: the scheduler may run other actors first, and the fault it decided
 * is applied here, the same way for every request of a kind. {@code effect} is the request's atomic effect; it throws
 * {@link ConditionFailed} when its condition does not hold.
 */
final class Requests {

    private final Scheduler scheduler;
    private final Bugs bugs;
    private final InMemoryBackend.RequestObserver observer;

    Requests(Scheduler scheduler, Bugs bugs) {
        this(scheduler, bugs, (label, kind) -> { });
    }

    /** {@code observer} hears of every request before it is made (the benchmarks count them). */
    Requests(Scheduler scheduler, Bugs bugs, InMemoryBackend.RequestObserver observer) {
        this.scheduler = scheduler;
        this.bugs = bugs;
        this.observer = observer;
    }

    <T> T call(String label, RequestKind kind, Supplier<T> effect) {
        observer.requested(label, kind);
        Fault fault = scheduler.beforeRequest(label, kind);
        switch (fault) {
            case NONE, STALL -> {
                return effect.get();
            }
            case THROTTLE -> throw new TransientFailureException("simulated throttling of " + label);
            case TIMEOUT_AFTER_EFFECT -> {
                applyIgnoringCondition(effect);
                throw new TransientFailureException("simulated timeout after " + label + " took effect");
            }
            case SDK_RETRY -> {
                if (kind == RequestKind.DB_TRANSACTION) {
                    // Same client request token: DynamoDB applies it once and answers the retry with success.
                    return effect.get();
                }
                applyIgnoringCondition(effect);
                return effect.get();
            }
            case CRASH_AFTER -> {
                applyIgnoringCondition(effect);
                throw scheduler.killCurrent("crash after " + label);
            }
            case SES_UNCERTAIN -> {
                effect.get();
                if (bugs.has(Bug.SES_SDK_RETRIES)) {
                    // The SDK sends the same mail again and reports that answer: two mails, nothing flagged.
                    return effect.get();
                }
                throw new DigestMailer.UncertainDeliveryException("simulated: SES accepted " + label
                        + " and the answer was lost", null);
            }
            case SES_PERMANENT -> throw new DigestMailer.PermanentMailException(
                    "simulated: SES refused " + label + " permanently", null);
            default -> throw new IllegalStateException("fault " + fault + " at " + label);
        }
    }

    void run(String label, RequestKind kind, Runnable effect) {
        call(label, kind, () -> {
            effect.run();
            return null;
        });
    }

    private static <T> void applyIgnoringCondition(Supplier<T> effect) {
        try {
            effect.get();
        } catch (ConditionFailed ignored) {
            // The first attempt's answer, whatever it was, never reached the caller.
        }
    }
}
