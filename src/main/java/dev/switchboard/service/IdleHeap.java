package dev.switchboard.service;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Gives the heap a burst of traffic grew back to the operating system once the burst is over, so that a gateway
 * left in the tray for weeks shows in the task manager what it needs, not its busiest minute (issue 14).
 *
 * <p>Why the program does this itself: run as {@code java -jar} on a 24 GB machine, the JVM starts G1 with a 384 MB
 * heap that may grow to 6 GB, and Java 17's G1 never collects an idle heap: the young generation a burst touched
 * stays resident (about 250 to 500 MB measured, docs/BENCHMARKS.md). The serial collector of the packaged app
 * shrinks only at a full collection, which an idle process never has either.
 *
 * <p>How: every {@value #CHECK_SECONDS} s it reads the collectors' counts. A count that moved means the heap is in
 * use; once it has stood still for {@value #QUIET_SECONDS} s after moving, and the heap holds more than
 * {@value #SLACK_MB} MB it does not use, one full collection ({@link System#gc()}) runs and the collector returns
 * what is free beyond {@code MaxHeapFreeRatio}, which is lowered from 70 % to {@value #MAX_FREE_PERCENT} % at start
 * (a person's own {@code -XX:MaxHeapFreeRatio} wins). Then it waits for the next burst: an idle process is collected
 * once, not every few seconds. The cost is one full collection of a small live set (tens of MB, tens of
 * milliseconds) per burst, when nothing is waiting for it. Start-up counts as a burst: the garbage of loading the
 * catalog and the classes is given back too. Ignored under {@code -XX:+DisableExplicitGC}.
 */
public final class IdleHeap implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IdleHeap.class.getName());
    static final int CHECK_SECONDS = 5;
    static final int QUIET_SECONDS = 10;
    static final int SLACK_MB = 24;
    static final int MAX_FREE_PERCENT = 30;
    static final int MIN_FREE_PERCENT = 10;

    private final LongSupplier collections;
    private final LongSupplier unusedBytes;
    private final Runnable collect;
    private final ScheduledExecutorService timer;
    private long seen = -1;
    private long quietChecks;
    private boolean trimmed; // start-up is a burst of its own: its garbage is given back too

    IdleHeap(LongSupplier collections, LongSupplier unusedBytes, Runnable collect, ScheduledExecutorService timer) {
        this.collections = collections;
        this.unusedBytes = unusedBytes;
        this.collect = collect;
        this.timer = timer;
    }

    /** Lowers the free-heap ratios (unless the person set them) and starts watching. */
    public static IdleHeap start() {
        lowerFreeRatios();
        var timer = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "switchboard-idle-heap");
            t.setDaemon(true);
            return t;
        });
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        var heap = new IdleHeap(
                () -> gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum(),
                () -> {
                    var usage = memory.getHeapMemoryUsage();
                    return usage.getCommitted() - usage.getUsed();
                },
                System::gc, timer);
        timer.scheduleWithFixedDelay(heap::check, CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
        return heap;
    }

    /** One look; package-private so that a test can step it with its own counters. */
    void check() {
        try {
            long count = collections.getAsLong();
            if (count != seen) {
                seen = count;
                quietChecks = 0;
                trimmed = false;
                return;
            }
            quietChecks++;
            if (!trimmed && quietChecks * CHECK_SECONDS >= QUIET_SECONDS
                    && unusedBytes.getAsLong() > SLACK_MB * 1024L * 1024L) {
                collect.run();
                seen = collections.getAsLong(); // its own collection is not traffic
                trimmed = true;
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Idle heap check failed", e);
        }
    }

    /**
     * {@code MaxHeapFreeRatio} and {@code MinHeapFreeRatio} are "manageable": they can be changed while the JVM
     * runs, so the jar sets them for itself. Only where they are still the JVM's defaults.
     */
    private static void lowerFreeRatios() {
        try {
            var hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (isDefault(hotspot, "MaxHeapFreeRatio") && isDefault(hotspot, "MinHeapFreeRatio")) {
                // the order keeps Min <= Max at every step, which the JVM checks on each change
                hotspot.setVMOption("MinHeapFreeRatio", String.valueOf(MIN_FREE_PERCENT));
                hotspot.setVMOption("MaxHeapFreeRatio", String.valueOf(MAX_FREE_PERCENT));
            }
        } catch (RuntimeException | LinkageError e) {
            // not HotSpot, or a runtime without jdk.management: the heap simply shrinks less
            LOG.log(System.Logger.Level.DEBUG, "Cannot lower the free-heap ratios", e);
        }
    }

    private static boolean isDefault(HotSpotDiagnosticMXBean hotspot, String option) {
        return hotspot.getVMOption(option).getOrigin() == VMOption.Origin.DEFAULT;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
