package dev.switchboard.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.ApiKey;
import dev.switchboard.store.Database;
import dev.switchboard.store.HeldSecrets;
import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.Store;
import dev.switchboard.store.UsageRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log file's one line per request (issue 12): its fields, its masking, and that the usage writer writes it, so
 * that a request's thread neither formats nor writes one and a slow log cannot hold a request up.
 */
class RequestLinesTest {
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private Store store;
    private UsageRecorder recorder;
    private final Logger requests = Logger.getLogger(RequestLines.LOGGER);
    private final Lines lines = new Lines();

    /** What the request logger publishes, and on which thread; it can hold the thread that logs, until released. */
    private static final class Lines extends Handler {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public void publish(LogRecord r) {
            texts.add(r.getMessage());
            threads.add(Thread.currentThread().getName());
            entered.countDown();
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the writer");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @BeforeEach
    void open() {
        store = Store.open(dir, Database.Check.FULL, Clock.systemUTC());
        requests.addHandler(lines);
        requests.setLevel(Level.INFO);
        requests.setUseParentHandlers(false); // the lines are read here, not printed
    }

    @AfterEach
    void close() {
        lines.gate.countDown();
        if (recorder != null) {
            recorder.close();
        }
        requests.removeHandler(lines);
        requests.setLevel(null);
        requests.setUseParentHandlers(true);
        store.close();
    }

    private static UsageRecord success() {
        return new UsageRecord(AT, "openai-chat", "auto", false, 7L, "relay", "gpt-4o", 200, LoggedOutcome.SUCCESS,
                310L, 1234L, null, null, List.of(tryOf("relay", "gpt-4o", 503, LoggedOutcome.TRANSIENT),
                        tryOf("relay", "gpt-4o", 200, LoggedOutcome.SUCCESS)));
    }

    private static UsageRecord.Attempt tryOf(String channel, String model, int status, LoggedOutcome outcome) {
        return new UsageRecord.Attempt(7L, channel, model, 0, status, outcome, 10L, 20L, null);
    }

    private static UsageRecord refusal(String model, String reason) {
        return new UsageRecord(AT, "anthropic-messages", model, false, null, null, null, 401, LoggedOutcome.REFUSED,
                null, 0L, null, reason, List.of());
    }

    @Test
    void aServedRequestIsOneLineWithStatusProtocolModelEntryAttemptsAndTime() {
        assertEquals("200 openai-chat model=auto entry=relay/gpt-4o attempts=2 1234ms success",
                RequestLines.line(success()));
    }

    @Test
    void aRoutedRequestSaysWhatChoseItsCandidates() {
        var s = success();
        var byRule = new UsageRecord(s.startedAt(), s.clientProtocol(), s.requestedModel(), s.stream(), s.entryId(),
                s.channelName(), s.upstreamModel(), s.status(), s.outcome(), s.ttfbMs(), s.totalMs(), s.tokens(),
                s.error(), s.attempts(), "rule:background");
        assertEquals("200 openai-chat model=auto by=rule:background entry=relay/gpt-4o attempts=2 1234ms success",
                RequestLines.line(byRule));
        var skipped = new UsageRecord(s.startedAt(), s.clientProtocol(), s.requestedModel(), s.stream(), s.entryId(),
                s.channelName(), s.upstreamModel(), s.status(), s.outcome(), s.ttfbMs(), s.totalMs(), s.tokens(),
                s.error(), s.attempts(), "tier:exact (rule vision skipped: group gone does not exist)");
        assertTrue(RequestLines.line(skipped).contains(
                " by=\"tier:exact (rule vision skipped: group gone does not exist)\" entry="), RequestLines.line(skipped));
    }

    @Test
    void aFailedRequestSaysWhyOnItsLine() {
        var r = new UsageRecord(AT, "gemini", "gemini x", true, null, null, null, 502, LoggedOutcome.ALL_FAILED,
                null, 95L, null, "Every candidate for 'gemini x' failed:\nrelay/gemini-x → HTTP 503",
                List.of(tryOf("relay", "gemini-x", 503, LoggedOutcome.TRANSIENT)));

        assertEquals("502 gemini model=\"gemini x\" entry=- attempts=1 95ms all_failed: Every candidate for"
                + " 'gemini x' failed:\\nrelay/gemini-x → HTTP 503", RequestLines.line(r),
                "a name with a space is quoted, and a line break cannot begin a forged line");
    }

    @Test
    void aClientThatLeftBeforeAnyStatusHasADash() {
        var r = new UsageRecord(AT, "openai-responses", null, true, null, null, null, null, LoggedOutcome.CANCELLED,
                null, null, null, "the client went away before the answer", List.of());

        assertEquals("- openai-responses model=- entry=- attempts=0 - cancelled: the client went away before the"
                + " answer", RequestLines.line(r));
    }

    @Test
    void aKeyInTheModelOrTheReasonIsMasked() {
        var held = "3f9a0c1e5b7d42a8b6c1d0e9f8a7b6c5"; // a bare hex key, as many relays issue: known only by value
        HeldSecrets.add(held);
        var shaped = "sk-proj-" + "AbCdEfGhIjKlMnOpQrStUvWxYz012345"; // caught by its shape, though never held

        var line = RequestLines.line(refusal(shaped, "the relay said: key " + held + " is not valid"));

        assertFalse(line.contains(held), line);
        assertFalse(line.contains(shaped), line);
        assertTrue(line.contains(ApiKey.mask(held)), "masked, so the person can still tell which key: " + line);
    }

    /**
     * The writer is held inside the log handler, as a disk that stalls would hold it: recording still returns at
     * once, a queue that is full drops and counts instead of waiting (the test would hang otherwise), and every
     * line is written on the writer's thread, after its rows, once the writer can go on.
     */
    @Test
    void recordingNeverWaitsForTheWriterAndTheWriterWritesTheLines() throws Exception {
        lines.gate = new CountDownLatch(1);
        recorder = UsageRecorder.start(store.usage(), 2);

        recorder.record(success());
        assertTrue(lines.entered.await(60, TimeUnit.SECONDS), "the writer reached the log");
        assertEquals(1, store.usage().count(), "the row is written before the line");
        for (int i = 0; i < 5; i++) {
            recorder.record(refusal("m" + i, "invalid_access_key (POST /v1/messages from 192.0.2.7): not valid"));
        }
        assertEquals(3, recorder.dropped(), "two waited in the queue; the rest were dropped, not waited for");

        lines.gate.countDown();
        recorder.flush();

        assertEquals(3, recorder.written());
        assertEquals(3, store.usage().count());
        assertEquals(3, lines.texts.size(), lines.texts.toString());
        assertEquals("200 openai-chat model=auto entry=relay/gpt-4o attempts=2 1234ms success", lines.texts.get(0));
        assertTrue(lines.texts.get(1).startsWith("401 anthropic-messages model=m0 entry=- attempts=0 0ms refused: "
                + "invalid_access_key (POST /v1/messages from 192.0.2.7)"), lines.texts.get(1));
        assertEquals(List.of("switchboard-usage", "switchboard-usage", "switchboard-usage"), lines.threads);
    }
}
