package dev.switchboard.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.protocol.ChatRequest;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.SseReader;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.UpstreamCodec;
import dev.switchboard.protocol.anthropic.MessagesCodec;
import dev.switchboard.protocol.gemini.GeminiCodec;
import dev.switchboard.protocol.openai.ChatCompletionsCodec;
import dev.switchboard.protocol.responses.ResponsesCodec;
import dev.switchboard.routing.HealthTracker;
import dev.switchboard.routing.Outcome;
import dev.switchboard.routing.OutcomeClassifier;
import dev.switchboard.routing.UpstreamResult;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Health;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.Settings;
import dev.switchboard.store.SpeedTestStore;
import dev.switchboard.store.Store;
import dev.switchboard.upstream.Endpoints;
import dev.switchboard.upstream.UpstreamCall;
import dev.switchboard.upstream.UpstreamClient;
import dev.switchboard.upstream.UpstreamClient.UpstreamException;
import dev.switchboard.upstream.UpstreamRequest;
import dev.switchboard.upstream.UpstreamTimeoutException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * The one-click speed test: a minimal streamed request ("Say OK", a few output tokens) to each selected entry, in
 * the entry's own protocol, timing the first meaningful event (TTFT) and the end of the stream (total).
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
public final class SpeedTest {
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
    private static final int MAX_ERROR_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    private static final int MESSAGE_LIMIT = 300;
    /** More threads than this would only queue on the machine's connections; channels beyond wait their turn. */
    private static final int MAX_PARALLEL_CHANNELS = 16;
    /** How long past the bound the run waits for a worker to notice an abort before giving up on it. */
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(SpeedTest.class.getName());

    private final Store store;
    private final UpstreamClient upstream;
    private final Clock clock;

    public SpeedTest(Store store, UpstreamClient upstream, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.upstream = Objects.requireNonNull(upstream);
        this.clock = Objects.requireNonNull(clock);
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
            return new Attempt(outcome, ttftMs, totalMs, nameOf(outcome), reasonOf(outcome), true);
        }

        static Attempt timeout(String message) {
            return new Attempt(null, null, null, "timeout", message, false);
        }
    }

    private Attempt attempt(Entry entry, Channel channel, Settings settings, Duration left) {
        var classifier = new OutcomeClassifier(settings, clock);
        var codec = codecFor(channel.type());
        var request = upstreamRequest(entry, channel, settings, codec, left);
        boolean settingBoundsFirstByte = settings.firstByteTimeout().compareTo(left) <= 0;
        long started = System.nanoTime();
        UpstreamCall call;
        try {
            call = upstream.open(request);
        } catch (UpstreamException e) {
            if (e.kind() == UpstreamException.Kind.TIMEOUT && !settingBoundsFirstByte) {
                return Attempt.timeout("no answer within the test's time bound of " + seconds(left));
            }
            return Attempt.of(classifier.classify(UpstreamResult.transportFailure(e)), null, null);
        }
        try (call) {
            // Bounds the whole stream, not only its start: a stream that trickles forever must not hold the run.
            call.armDeadline(Math.max(1, (left.toNanos() - (System.nanoTime() - started)) / 1_000_000),
                    "the test's time bound passed");
            int status = call.status();
            if (status < 200 || status > 299) {
                var body = readQuietly(call, MAX_ERROR_BYTES);
                return Attempt.of(classifier.classify(UpstreamResult.http(status, call.headers(), body)), null, null);
            }
            var type = call.header("content-type");
            if (type == null || !type.toLowerCase(Locale.ROOT).contains("event-stream")) {
                return whole(call, codec, classifier, started);
            }
            return stream(call, codec, classifier, started, left);
        }
    }

    /** A streamed answer: TTFT at the first meaningful event, total at the upstream's terminal event (or EOF). */
    private Attempt stream(UpstreamCall call, UpstreamCodec codec, OutcomeClassifier classifier, long started,
                           Duration left) {
        int status = call.status();
        var reader = new SseReader(call.body());
        var decoder = codec.streamDecoder();
        Long ttft = null;
        try {
            while (true) {
                var event = reader.next();
                if (event == null) {
                    break;
                }
                List<StreamEvent> events;
                try {
                    events = decoder.decode(event);
                } catch (IOException e) {
                    return failedStream(classifier, status, ttft, "the upstream sent a malformed event: "
                            + String.valueOf(event.data()));
                }
                var error = firstError(events);
                if (error != null) {
                    return failedStream(classifier, status, ttft, error.message());
                }
                if (ttft == null && meaningful(events)) {
                    ttft = msSince(started);
                }
                if (decoder.finished()) {
                    break;
                }
            }
        } catch (IOException e) {
            if (timedOut(e)) {
                return new Attempt(null, ttft, null, "timeout", "the stream did not end within the test's time bound"
                        + " of " + seconds(left), false);
            }
            if (ttft == null) {
                return Attempt.of(classifier.classify(UpstreamResult.transportFailure(e)), null, null);
            }
            return Attempt.of(new Outcome.Transient("the upstream stream broke off: " + e.getMessage(), null), ttft,
                    null);
        }
        if (ttft == null) {
            // Opened and ended without a word: DESIGN §3 counts an empty 2xx as transient.
            return Attempt.of(classifier.classify(UpstreamResult.emptyOrErrorEvent(status, null)), null, null);
        }
        if (!decoder.reachedEnd()) {
            // Cut short: the gateway fails such a stream (DESIGN §3), and a test must not call it healthy.
            return Attempt.of(new Outcome.Transient("the upstream's stream stopped before the answer was complete",
                    null), ttft, null);
        }
        return Attempt.of(new Outcome.Success(), ttft, msSince(started));
    }

    /** An error event: before the first meaningful one it is the upstream's answer; after it, a broken stream. */
    private static Attempt failedStream(OutcomeClassifier classifier, int status, Long ttft, String message) {
        if (ttft == null) {
            return Attempt.of(classifier.classify(UpstreamResult.emptyOrErrorEvent(status, message)), null, null);
        }
        return Attempt.of(new Outcome.Transient("the upstream reported an error mid-stream: " + message, null), ttft,
                null);
    }

    /** An upstream that ignored {@code stream}: its whole answer is the first and the last event at once. */
    private static Attempt whole(UpstreamCall call, UpstreamCodec codec, OutcomeClassifier classifier, long started) {
        int status = call.status();
        String text;
        try {
            text = new String(call.readBody(MAX_BODY_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            if (timedOut(e)) {
                return Attempt.timeout("the answer did not arrive within the test's time bound");
            }
            return Attempt.of(classifier.classify(UpstreamResult.transportFailure(e)), null, null);
        }
        long ms = msSince(started);
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (IOException e) {
            json = null;
        }
        boolean decoded = false;
        if (json != null && json.isObject() && codec.errorMessage(json) == null) {
            try {
                codec.decodeResponse(json);
                decoded = true;
            } catch (IllegalArgumentException e) {
                decoded = false;
            }
        }
        if (!decoded) {
            return Attempt.of(classifier.classify(UpstreamResult.emptyOrErrorEvent(status,
                    text.isBlank() ? null : text)), null, null);
        }
        return Attempt.of(new Outcome.Success(), ms, ms);
    }

    private UpstreamRequest upstreamRequest(Entry entry, Channel channel, Settings settings, UpstreamCodec codec,
                                            Duration left) {
        int maxTokens = channel.type() == ApiType.RESPONSES ? MAX_TOKENS_RESPONSES : MAX_TOKENS;
        var chat = new ChatRequest(entry.model(), List.of(), List.of(Message.user(PROMPT)), List.of(), null, null,
                maxTokens, null, null, null, List.of(), true, null, null, null);
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(codec.encodeRequest(chat));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "text/event-stream");
        // The first key: the test measures the entry, and a multi-key channel's rotation is routing's business.
        headers.putAll(Endpoints.auth(channel.type(), channel.keys().get(0).reveal()));
        headers.putAll(channel.headers());
        var proxy = channel.proxy() != null ? channel.proxy()
                : settings.outboundProxy().isEmpty() ? null : settings.outboundProxy();
        return new UpstreamRequest("POST", Endpoints.generate(channel, entry.model(), true), headers, body, proxy,
                shorter(settings.connectTimeout(), left), shorter(settings.firstByteTimeout(), left),
                shorter(settings.idleTimeout(), left));
    }

    static UpstreamCodec codecFor(ApiType type) {
        switch (type) {
            case ANTHROPIC:
                return MessagesCodec.create();
            case RESPONSES:
                return ResponsesCodec.create();
            case GEMINI:
                return GeminiCodec.create();
            default:
                return ChatCompletionsCodec.create(); // openai and azure speak Chat Completions
        }
    }

    /** The same rule as the gateway's late commit: text, reasoning, a tool call, a signature or the finish. */
    static boolean meaningful(List<StreamEvent> events) {
        for (var e : events) {
            if (e instanceof StreamEvent.TextDelta || e instanceof StreamEvent.ThinkingDelta
                    || e instanceof StreamEvent.ToolArgumentsDelta || e instanceof StreamEvent.SignatureDelta
                    || e instanceof StreamEvent.Finish) {
                return true;
            }
            if (e instanceof StreamEvent.BlockStart b && (b.kind() == StreamEvent.BlockKind.TOOL_CALL
                    || b.kind() == StreamEvent.BlockKind.REDACTED_THINKING)) {
                return true;
            }
        }
        return false;
    }

    private static StreamEvent.Error firstError(List<StreamEvent> events) {
        for (var e : events) {
            if (e instanceof StreamEvent.Error error) {
                return error;
            }
        }
        return null;
    }

    static String nameOf(Outcome o) {
        if (o instanceof Outcome.Transient) {
            return "transient";
        } else if (o instanceof Outcome.Credential) {
            return "credential";
        } else if (o instanceof Outcome.MissingModel) {
            return "missing_model";
        } else if (o instanceof Outcome.ClientError) {
            return "client_error";
        }
        return "success";
    }

    private static String reasonOf(Outcome o) {
        if (o instanceof Outcome.Transient t) {
            return t.reason();
        } else if (o instanceof Outcome.Credential c) {
            return c.reason();
        } else if (o instanceof Outcome.MissingModel m) {
            return m.reason();
        } else if (o instanceof Outcome.ClientError c) {
            return "HTTP " + c.status() + ": the upstream refused the test request";
        }
        return null;
    }

    /**
     * Redacted, then cut: an upstream may echo the key it was sent, in any shape; {@link Redaction} masks every key
     * Switchboard holds by value (the channel's own keys among them), and cutting after it cannot leave a piece
     * of a key that no longer matches.
     */
    static String clean(String message) {
        var text = Redaction.redact(message.strip().replaceAll("\\s+", " "));
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

    private static String readQuietly(UpstreamCall call, int max) {
        try {
            return new String(call.readBody(max), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    private static long msSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
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
