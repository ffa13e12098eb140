package io.bucketdigest.digest;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.bucketdigest.core.sender.DigestSweep;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The safety net, invoked by the EventBridge schedule with its "Scheduled Event": signals every subscription whose
 * pending entries are overdue (see {@link DigestSweep}). It only signals; the digest queue delivers.
 */
public final class DigestSweepHandler implements RequestHandler<ScheduledEvent, Void>, Resource {

    private static final Logger LOG = LoggerFactory.getLogger(DigestSweepHandler.class);

    private final DigestSweep sweep;
    private final Runnable primer;

    /** Used by the Lambda runtime. The sweep sends no mail, so it has no digest metrics to publish. */
    public DigestSweepHandler() {
        this(DigestWiring.fromEnvironment(DigestMetrics.none()));
    }

    private DigestSweepHandler(DigestWiring wiring) {
        this(wiring.sweep(), wiring::prime);
        Core.getGlobalContext().register(this);
    }

    /** A handler over an existing wiring (the local runtime and integration tests build theirs). */
    public static DigestSweepHandler from(DigestWiring wiring) {
        return new DigestSweepHandler(wiring);
    }

    public DigestSweepHandler(DigestSweep sweep, Runnable primer) {
        this.sweep = sweep;
        this.primer = primer;
    }

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            List<String> signalled = sweep.sweep();
            LOG.info("sweep done", entry("overdueSubscriptions", signalled.size()),
                    entry("scheduledEventId", event == null ? null : event.getId()));
            return null;
        });
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        primer.run();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh: see DigestHandler.afterRestore.
    }
}
