package io.bucketdigest.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap of this JVM while a benchmark runs: the most heap in use after any garbage collection (the live set's high
 * water, a lower bound of what must fit) and the heap pools' peak use (live data and garbage not yet collected: an
 * upper bound). Listens to the collectors' notifications until closed.
 */
final class HeapWatch implements AutoCloseable {

    private static final double MB = 1024.0 * 1024.0;

    private final AtomicLong maxAfterGc = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::collected;

    HeapWatch() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        resetPeaks();
    }

    private void collected(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
        maxAfterGc.accumulateAndGet(used, Math::max);
    }

    /** Collects now and gives the heap in use afterwards: the live data at this point. */
    double liveNowMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MB;
    }

    void resetPeaks() {
        maxAfterGc.set(0);
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    double maxAfterGcMb() {
        return maxAfterGc.get() / MB;
    }

    /** The sum of the heap pools' peaks since the last reset (the pools peak at different times: an upper bound). */
    double poolPeaksMb() {
        return heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / MB;
    }

    double maxHeapMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / MB;
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .toList();
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException e) {
                // already gone
            }
        }
    }
}
