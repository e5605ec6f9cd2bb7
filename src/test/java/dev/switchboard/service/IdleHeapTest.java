package dev.switchboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The idle heap trim, stepped by hand over counters the test controls: when it collects, and when it must not. */
class IdleHeapTest {
    private static final long MB = 1024L * 1024L;
    private final AtomicLong collections = new AtomicLong();
    private final AtomicLong unused = new AtomicLong(200 * MB);
    private final AtomicLong trims = new AtomicLong();
    private final int quietChecks = IdleHeap.QUIET_SECONDS / IdleHeap.CHECK_SECONDS;
    private IdleHeap heap;
    private java.util.concurrent.ScheduledExecutorService timer;

    @BeforeEach
    void create() {
        timer = Executors.newSingleThreadScheduledExecutor();
        // the collection the trim runs is counted like any other, as System.gc() is
        heap = new IdleHeap(collections::get, unused::get, () -> {
            trims.incrementAndGet();
            collections.incrementAndGet();
            unused.set(4 * MB);
        }, timer);
    }

    @AfterEach
    void close() {
        heap.close();
    }

    private void checks(int n) {
        for (int i = 0; i < n; i++) {
            heap.check();
        }
    }

    @Test
    void collectsOnceAfterABurstHasBeenQuietLongEnough() {
        heap.check(); // the first look learns the count
        collections.addAndGet(40); // a burst before start-up was quiet long enough
        heap.check();
        checks(quietChecks - 1);
        assertEquals(0, trims.get(), "not before the quiet period has passed");
        heap.check();
        assertEquals(1, trims.get());
        checks(20);
        assertEquals(1, trims.get(), "an idle process is collected once, not on every check");
    }

    @Test
    void collectsStartUpsGarbageOnceThenNotWhileIdle() {
        checks(50);
        assertEquals(1, trims.get());
    }

    @Test
    void waitsWhileCollectionsKeepComing() {
        heap.check();
        for (int i = 0; i < 30; i++) {
            collections.incrementAndGet(); // steady traffic: a collection between every two checks
            heap.check();
        }
        assertEquals(0, trims.get());
    }

    @Test
    void leavesAHeapWithLittleSlackAlone() {
        heap.check();
        collections.incrementAndGet();
        unused.set(IdleHeap.SLACK_MB * MB - 1);
        checks(quietChecks + 5);
        assertEquals(0, trims.get(), "nothing worth a full collection to give back");
    }

    @Test
    void collectsAgainAfterTheNextBurst() {
        heap.check();
        collections.incrementAndGet();
        checks(quietChecks + 1);
        unused.set(150 * MB);
        collections.addAndGet(10);
        checks(quietChecks + 1);
        assertEquals(2, trims.get());
    }
}
