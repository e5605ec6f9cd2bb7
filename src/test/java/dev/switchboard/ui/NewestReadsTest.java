package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The usage tab's reading policy, without a display: the newest read wins, and a busy reader is not piled on. */
class NewestReadsTest {
    private final Background background = new Background();
    private final NewestReads<String> reads = new NewestReads<>(background);
    private final List<String> shown = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        background.close();
    }

    @Test
    void aSlowReadThatALaterOneOvertookIsDropped() throws Exception {
        var slow = new CountDownLatch(1);
        var first = reads.read(() -> {
            slow.await(10, TimeUnit.SECONDS);
            return "today";
        }, shown::add, e -> failures.add(e.getMessage()));
        var second = reads.read(() -> "last 7 days", shown::add, e -> failures.add(e.getMessage()));
        second.get(10, TimeUnit.SECONDS);
        slow.countDown();
        first.get(10, TimeUnit.SECONDS);

        assertEquals(List.of("last 7 days"), shown);
    }

    @Test
    void soIsTheFailureOfAnOvertakenRead() throws Exception {
        var slow = new CountDownLatch(1);
        var first = reads.read(() -> {
            slow.await(10, TimeUnit.SECONDS);
            throw new IllegalStateException("disk");
        }, shown::add, e -> failures.add(e.getMessage()));
        var second = reads.read(() -> "answer", shown::add, e -> failures.add(e.getMessage()));
        second.get(10, TimeUnit.SECONDS);
        slow.countDown();
        first.get(10, TimeUnit.SECONDS);

        assertEquals(List.of("answer"), shown);
        assertEquals(List.of(), failures, "the newer answer is on screen: no error over it");

        reads.read(() -> {
            throw new IllegalStateException("disk");
        }, shown::add, e -> failures.add(e.getMessage())).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("disk"), failures, "the newest read's failure is shown");
    }

    @Test
    void itIsIdleOnlyWhenTheLastReadIsDone() throws Exception {
        assertTrue(reads.idle(), "nothing read yet");
        var slow = new CountDownLatch(1);
        var read = reads.read(() -> {
            slow.await(10, TimeUnit.SECONDS);
            return "today";
        }, shown::add, e -> failures.add(e.getMessage()));
        assertFalse(reads.idle(), "a tick now would pile a read on the running one");
        assertEquals(read, reads.last());

        slow.countDown();
        read.get(10, TimeUnit.SECONDS);
        assertTrue(reads.idle());
        assertEquals(List.of("today"), shown);
    }
}
