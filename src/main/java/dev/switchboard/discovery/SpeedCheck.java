package dev.switchboard.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.catalog.Catalog;
import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.ChatRequest;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.Streams;
import dev.switchboard.routing.HealthTracker;
import dev.switchboard.routing.Outcome;
import dev.switchboard.routing.OutcomeClassifier;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Health;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.Settings;
import dev.switchboard.store.SpeedTestStore;
import dev.switchboard.store.Store;
import dev.switchboard.upstream.Codecs;
import dev.switchboard.upstream.Dialects;
import dev.switchboard.upstream.UpstreamAttempt;
import dev.switchboard.upstream.UpstreamClient;
import dev.switchboard.upstream.UpstreamTimeoutException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The one-click speed test (what the person calls it: {@code switchboard test}, the window's "Test all"; named a
 * check here so that tools and readers do not take it for a unit test): a minimal streamed request ("Say OK", a
 * few output tokens) to each selected entry, in the entry's own protocol, timing the first meaningful event (TTFT)
 * and the end of the stream (total). Each try is an {@link UpstreamAttempt}, made as the gateway makes its own.
 *
 * <p>Channels run in parallel, the entries of one channel one after another: relays rate-limit per account, and
 * several requests at once on one key would measure their limiter instead of the model. The whole run is bounded:
 * each attempt gets at most the time that is left, and an entry whose turn comes after the bound is reported as a
 * timeout without a call.
 *
 * <p>A result counts like a routed attempt (DESIGN §3), classified by the same {@link OutcomeClassifier} and
 * applied by the same rule ({@link HealthTracker#applied}), with one difference: a success also clears a system
 * disable, because the person started the test, and DESIGN counts that as the person's action. The person's own
 * {@code enabled} switch is never touched. Results are stored ({@link SpeedTestStore}).
 */
public final class SpeedCheck {
    static final String PROMPT = "Say OK";
    static final int MAX_TOKENS = 8;
    /** OpenAI's Responses API refuses a {@code max_output_tokens} below 16. */
    static final int MAX_TOKENS_RESPONSES = 16;
    /**
     * The longest bound a person may give a run (the CLI's {@code --timeout-seconds}, the admin API's
     * {@code timeoutSeconds}): ten minutes is ample for every entry of a large setup, since channels run in
     * parallel, and a longer one is a typo, not a wish.
     */
    public static final int MAX_BOUND_SECONDS = 600;
    private static final int MESSAGE_LIMIT = 300;
    /** More threads than this would only queue on the machine's connections; channels beyond wait their turn. */
    private static final int MAX_PARALLEL_CHANNELS = 16;
    /** How long past the bound the run waits for a worker to notice an abort before giving up on it. */
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final System.Logger LOG = System.getLogger(SpeedCheck.class.getName());

    private final Store store;
    private final UpstreamClient upstream;
    private final Clock clock;
    /** The test request is written as the gateway would write it: a reasoning model refuses max_tokens. */
    private final Dialects dialects;

    public SpeedCheck(Store store, UpstreamClient upstream, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.upstream = Objects.requireNonNull(upstream);
        this.clock = Objects.requireNonNull(clock);
        this.dialects = new Dialects(Catalog.load(store.database().file().getParent()));
    }

    /**
     * A run's bound as a person gave it, in seconds, for every caller alike.
     *
     * @throws IllegalArgumentException when it is not 1 to {@value #MAX_BOUND_SECONDS}, saying so
     */
    public static Duration bound(long seconds) {
        if (seconds < 1 || seconds > MAX_BOUND_SECONDS) {
            throw new IllegalArgumentException("The speed test's time bound must be 1 to " + MAX_BOUND_SECONDS
                    + " seconds; " + seconds + " is out of range.");
        }
        return Duration.ofSeconds(seconds);
    }

    /** The entries {@code which} covers, in the order their results come back from {@link #run}. */
    public List<Entry> entries(Selection which) {
        return which.resolve(store, store.snapshot());
    }

    /**
     * Tests the entries {@code which} covers; returns their results in the order of {@link #entries}.
     *
     * @param progress told of each result as it comes, from the channels' threads (one call at a time)
     */
    public List<SpeedResult> run(Selection which, Consumer<SpeedResult> progress, Duration overallBound) {
        var snapshot = store.snapshot();
        var entries = which.resolve(store, snapshot);
        var settings = snapshot.settings();
        long deadline = System.nanoTime() + overallBound.toNanos();
        var byChannel = new LinkedHashMap<Long, List<Integer>>();
        for (int i = 0; i < entries.size(); i++) {
            byChannel.computeIfAbsent(entries.get(i).channelId(), k -> new ArrayList<>()).add(i);
        }
        var results = new AtomicReferenceArray<SpeedResult>(entries.size());
        Consumer<SpeedResult> report = r -> {
            synchronized (progress) {
                progress.accept(r);
            }
        };
        if (entries.isEmpty()) {
            return List.of();
        }
        var threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(byChannel.size(), MAX_PARALLEL_CHANNELS), r -> {
            var t = new Thread(r, "switchboard-speed-test-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            var futures = new ArrayList<Future<?>>();
            for (var indexes : byChannel.values()) {
                var channel = snapshot.channel(entries.get(indexes.get(0)).channelId()).orElseThrow();
                futures.add(pool.submit(() -> {
                    for (int i : indexes) {
                        var r = testAndRecord(entries.get(i), channel, settings, deadline, overallBound);
                        results.set(i, r);
                        report.accept(r);
                    }
                }));
            }
            for (var f : futures) {
                long left = deadline - System.nanoTime() + GRACE.toNanos();
                try {
                    f.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true); // a worker stuck past every bound: its entries are reported below
                } catch (ExecutionException e) {
                    LOG.log(System.Logger.Level.WARNING, "A speed test worker failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        var out = new ArrayList<SpeedResult>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            var r = results.get(i);
            if (r == null) {
                r = notTested(entries.get(i), overallBound);
                report.accept(r);
            }
            out.add(r);
        }
        return out;
    }

    private SpeedResult testAndRecord(Entry entry, Channel channel, Settings settings, long deadline,
                                      Duration overallBound) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return notTested(entry, overallBound);
        }
        Attempt a;
        try {
            a = attempt(entry, channel, settings, Duration.ofNanos(left));
        } catch (RuntimeException e) {
            // A bug or a channel the codecs refuse must cost one entry its result, not the whole run.
            LOG.log(System.Logger.Level.WARNING, "Speed test of " + entry.ref() + " failed", e);
            a = new Attempt(null, null, null, "error", "Switchboard could not test it: " + e.getMessage(), false);
        }
        var testedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        var message = a.message == null ? null : clean(a.message);
        boolean ok = a.outcome instanceof Outcome.Success;
        var result = new SpeedResult(entry.id(), entry.ref(), channel.name(), ok, a.ttftMs, a.totalMs,
                a.name, message, testedAt);
        store.speedTests().add(new SpeedTestStore.Result(entry.id(), testedAt, ok, a.ttftMs, a.totalMs, a.name,
                message));
        if (a.outcome != null && a.countsForHealth) {
            applyHealth(entry, a.outcome, a.ttftMs, settings);
        }
        return result;
    }

    private SpeedResult notTested(Entry entry, Duration overallBound) {
        return new SpeedResult(entry.id(), entry.ref(), entry.channelName(), false, null, null, "timeout",
                "not tested: the test's time bound of " + overallBound.toSeconds() + " s passed first",
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    /** Routing's rule, plus: a success the person asked for lifts a system disable. */
    private void applyHealth(Entry entry, Outcome outcome, Long latencyMs, Settings settings) {
        var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        // Read and written in one transaction: a gateway writing this entry's health meanwhile is not undone.
        store.health().update(entry.id(), before -> {
            var after = HealthTracker.applied(before, outcome, latencyMs, settings, now);
            if (outcome instanceof Outcome.Success && after.systemDisabled()) {
                after = new Health(after.entryId(), after.cooldownUntil(), null, after.consecutiveFailures(),
                        after.lastLatencyMs(), after.lastError());
            }
            return after;
        });
    }

    /**
     * What one attempt came to.
     *
     * @param outcome        the classified outcome, or null when there was none to apply (a bug)
     * @param name           what the result calls it
     * @param countsForHealth false when the test's own time bound ended it: that bound is the person's choice
     *                       for the whole run, not DESIGN §3's measure of a broken upstream
     */
    private record Attempt(Outcome outcome, Long ttftMs, Long totalMs, String name, String message,
                           boolean countsForHealth) {
        static Attempt of(Outcome outcome, Long ttftMs, Long totalMs) {
            return new Attempt(outcome, ttftMs, totalMs, outcome.logged().id(), messageOf(outcome), true);
        }

        static Attempt timeout(String message) {
            return new Attempt(null, null, null, "timeout", message, false);
        }

        private static String messageOf(Outcome o) {
            if (o instanceof Outcome.Success) {
                return null;
            }
            return o instanceof Outcome.ClientError c
                    ? "HTTP " + c.status() + ": the upstream refused the test request" : o.reason();
        }
    }

    private Attempt attempt(Entry entry, Channel channel, Settings settings, Duration left) {
        var codec = Codecs.upstream(channel.type());
        int maxTokens = channel.type() == ApiType.RESPONSES ? MAX_TOKENS_RESPONSES : MAX_TOKENS;
        var chat = new ChatRequest(entry.model(), List.of(), List.of(Message.user(PROMPT)), List.of(), null, null,
                maxTokens, null, null, null, List.of(), true, null, null, null);
        byte[] body;
        try {
            body = Mappers.JSON.writeValueAsBytes(codec.encodeRequest(chat, dialects.of(channel, entry.model())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // The first key: the test measures the entry, and a multi-key channel's rotation is routing's business.
        var target = new UpstreamAttempt.Target(channel, entry.model(), 0, body, true);
        boolean settingBoundsFirstByte = settings.firstByteTimeout().compareTo(left) <= 0;
        long started = System.nanoTime();
        var opening = new UpstreamAttempt(upstream, new OutcomeClassifier(settings, clock))
                .open(UpstreamAttempt.request(target, settings, left), codec, true, call -> { });
        if (opening instanceof UpstreamAttempt.Failed failed) {
            if (timedOut(failed.cause()) && !settingBoundsFirstByte) {
                return Attempt.timeout("no answer within the test's time bound of " + seconds(left));
            }
            return Attempt.of(failed.outcome(), null, null);
        }
        if (opening instanceof UpstreamAttempt.Refused refused) {
            return Attempt.of(refused.outcome(), null, null);
        }
        if (opening instanceof UpstreamAttempt.Whole) {
            // An upstream that ignored `stream`: its whole answer is the first and the last event at once.
            long ms = msSince(started);
            return Attempt.of(new Outcome.Success(), ms, ms);
        }
        var stream = (UpstreamAttempt.Streaming) opening;
        try (var call = stream.call()) {
            long ttft = msSince(started);
            // The rest of the stream is bounded too: a stream that trickles forever must not hold the run.
            call.armDeadline(Math.max(1, (left.toNanos() - (System.nanoTime() - started)) / 1_000_000),
                    "the test's time bound passed");
            return rest(stream, ttft, started, left);
        }
    }

    /** A stream after its first meaningful event: total at the upstream's end, a failure if it never comes. */
    private static Attempt rest(UpstreamAttempt.Streaming stream, long ttft, long started, Duration left) {
        var decoder = stream.decoder();
        try {
            while (!decoder.finished()) {
                var event = stream.reader().next();
                if (event == null) {
                    break;
                }
                List<StreamEvent> events;
                try {
                    events = decoder.decode(event);
                } catch (IOException e) {
                    return broken("the upstream sent a malformed event: " + String.valueOf(event.data()), ttft);
                }
                var error = Streams.firstError(events);
                if (error != null) {
                    return broken("the upstream reported an error mid-stream: " + error.message(), ttft);
                }
            }
        } catch (IOException e) {
            if (timedOut(e)) {
                return new Attempt(null, ttft, null, "timeout", "the stream did not end within the test's time bound"
                        + " of " + seconds(left), false);
            }
            return broken("the upstream stream broke off: " + stream.call().describe(e), ttft);
        }
        if (!decoder.reachedEnd()) {
            // Cut short: the gateway fails such a stream (DESIGN §3), and a test must not call it healthy.
            return broken("the upstream's stream stopped before the answer was complete", ttft);
        }
        return Attempt.of(new Outcome.Success(), ttft, msSince(started));
    }

    private static Attempt broken(String reason, long ttft) {
        return Attempt.of(new Outcome.Transient(reason, null), ttft, null);
    }

    /**
     * Redacted, then cut: an upstream may echo the key it was sent, in any shape; {@link Redaction} masks every key
     * Switchboard holds by value (the channel's own keys among them), and cutting after it cannot leave a piece
     * of a key that no longer matches.
     */
    static String clean(String message) {
        var text = Redaction.redact(message.strip().replaceAll("\s+", " "));
        return text.length() <= MESSAGE_LIMIT ? text : text.substring(0, MESSAGE_LIMIT - 1) + "…";
    }

    private static boolean timedOut(Throwable e) {
        for (var t = e; t != null; t = t.getCause()) {
            if (t instanceof UpstreamTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static long msSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static String seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000) + " s";
    }

    /** By every entry's latest stored result, not only this run's: testing one channel must not scramble the rest. */
    public static dev.switchboard.store.Group orderAuto(Store store) {
        var okTotal = new java.util.HashMap<Long, Long>();
        var failed = new java.util.HashSet<Long>();
        store.speedTests().latest().forEach((id, r) -> {
            if (r.ok() && r.totalMs() != null) {
                okTotal.put(id, r.totalMs());
            } else {
                failed.add(id);
            }
        });
        return store.entries().orderBySpeed(dev.switchboard.store.Group.AUTO, okTotal, failed);
    }
}
