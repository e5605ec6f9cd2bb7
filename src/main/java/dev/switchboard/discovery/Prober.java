package dev.switchboard.discovery;

import dev.switchboard.store.ApiType;
import dev.switchboard.store.Redaction;
import dev.switchboard.upstream.UpstreamClient;
import dev.switchboard.upstream.UpstreamClient.UpstreamException;
import dev.switchboard.upstream.UpstreamRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs probes concurrently: at most {@code parallel} at once, each bounded by the per-probe timeout, all of them
 * by the overall bound. A probe that runs out of time is reported as a timeout; the others still count.
 */
final class Prober {
    /** Model lists are small; a relay answering with a whole web page must not be read without end. */
    private static final int MAX_BODY = 4 * 1024 * 1024;

    /** One planned probe. {@code chat} probes are the one-token generation calls. */
    record Spec(ApiType type, String base, URI uri, String method, byte[] body, Map<String, String> headers,
                boolean chat) {
        @Override
        public String toString() {
            return "Spec[" + type + " " + method + " " + uri + "]"; // headers hold the key
        }
    }

    /** A probe's outcome; {@code list} is set when a model list of the spec's type was read. */
    record Result(Spec spec, Probe probe, ModelLists.Parsed list, UpstreamException.Kind failure) {
        boolean answered() {
            return probe.status() > 0;
        }
    }

    private final UpstreamClient client;
    private final Duration timeout;
    private final Duration overall;
    private final int parallel;

    Prober(UpstreamClient client, Duration timeout, Duration overall, int parallel) {
        this.client = client;
        this.timeout = timeout;
        this.overall = overall;
        this.parallel = parallel;
    }

    Duration timeout() {
        return timeout;
    }

    /** Runs every spec; the results are in the specs' order. */
    List<Result> run(List<Spec> specs, String proxy) {
        if (specs.isEmpty()) {
            return List.of();
        }
        var n = new AtomicInteger();
        var pool = Executors.newFixedThreadPool(Math.min(parallel, specs.size()), r -> {
            var t = new Thread(r, "switchboard-probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            var tasks = new ArrayList<Callable<Result>>();
            specs.forEach(s -> tasks.add(() -> probe(s, proxy)));
            var futures = pool.invokeAll(tasks, overall.toMillis(), TimeUnit.MILLISECONDS);
            var out = new ArrayList<Result>();
            for (int i = 0; i < specs.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (CancellationException | ExecutionException e) {
                    // invokeAll cancelled it at the overall bound (or it broke): say so, never a bare "failed"
                    var s = specs.get(i);
                    out.add(new Result(s, new Probe(shown(s.uri()), s.type(), 0, overall.toMillis(),
                            "timeout (overall limit of " + overall.toSeconds() + " s)", Probe.Kind.TIMEOUT,
                            s.uri().getHost()), null, UpstreamException.Kind.TIMEOUT));
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private Result probe(Spec s, String proxy) {
        long start = System.nanoTime();
        var request = new UpstreamRequest(s.method(), s.uri(), s.headers(), s.body(), proxy, timeout, timeout, timeout);
        try (var call = client.open(request)) {
            int status = call.status();
            byte[] body;
            try {
                // the body is bounded too: a relay that sends headers and then stalls must not hold the probe
                call.armDeadline(timeout.toMillis(), "probe body");
                body = call.readBody(MAX_BODY);
            } catch (IOException e) {
                body = new byte[0];
            }
            var list = !s.chat() && status / 100 == 2 ? ModelLists.parse(s.type(), body) : null;
            var kind = kind(s, status, list);
            return new Result(s, new Probe(shown(s.uri()), s.type(), status, since(start),
                    outcome(s, status, list), kind, detail(kind, status, list, s.uri())), list, null);
        } catch (UpstreamException e) {
            var kind = kind(e);
            return new Result(s, new Probe(shown(s.uri()), s.type(), 0, since(start), failure(e, s.uri()), kind,
                    kind == Probe.Kind.TLS || kind == Probe.Kind.BROKEN ? s.uri().getHost() + " (" + rootCause(e) + ")"
                            : s.uri().getHost()), null, e.kind());
        }
    }

    private static String outcome(Spec s, int status, ModelLists.Parsed list) {
        if (status / 100 == 2) {
            if (s.chat()) {
                return "chat answered";
            }
            return list == null ? "answered, but not a model list" : "models: " + list.ids().size();
        }
        switch (status) {
            case 401:
            case 403:
                return "key rejected";
            case 404:
            case 405:
                return "not found";
            case 429:
                return "rate limited";
            case 400:
            case 422:
                return s.chat() ? "endpoint exists (request refused: " + status + ")" : "bad request";
            default:
                return status >= 500 ? "server error" : "answered " + status;
        }
    }

    /** The outcome of an HTTP answer as a value; {@link #outcome} says the same in words. */
    private static Probe.Kind kind(Spec s, int status, ModelLists.Parsed list) {
        if (status / 100 == 2) {
            return s.chat() ? Probe.Kind.CHAT_ANSWERED : list == null ? Probe.Kind.NOT_A_LIST : Probe.Kind.MODELS;
        }
        return switch (status) {
            case 401, 403 -> Probe.Kind.KEY_REJECTED;
            case 404, 405 -> Probe.Kind.NOT_FOUND;
            case 429 -> Probe.Kind.RATE_LIMITED;
            case 400, 422 -> s.chat() ? Probe.Kind.ENDPOINT_EXISTS : Probe.Kind.BAD_REQUEST;
            default -> status >= 500 ? Probe.Kind.SERVER_ERROR : Probe.Kind.ANSWERED;
        };
    }

    private static String detail(Probe.Kind kind, int status, ModelLists.Parsed list, URI uri) {
        return switch (kind) {
            case MODELS -> String.valueOf(list.ids().size());
            case ENDPOINT_EXISTS, ANSWERED -> String.valueOf(status);
            default -> uri.getHost();
        };
    }

    /** A failure without an HTTP answer as a value; {@link #failure} says the same in words. */
    private static Probe.Kind kind(UpstreamException e) {
        return switch (e.kind()) {
            case UNREACHABLE -> Probe.Kind.UNKNOWN_HOST;
            case REFUSED -> Probe.Kind.REFUSED;
            case TLS -> Probe.Kind.TLS;
            case TIMEOUT, CANCELLED -> Probe.Kind.TIMEOUT;
            default -> Probe.Kind.BROKEN;
        };
    }

    /** A failure in words a person understands, naming the host: never a bare "failed". */
    static String failure(UpstreamException e, URI uri) {
        var host = uri.getHost();
        switch (e.kind()) {
            case UNREACHABLE:
                return "unreachable: " + host + " (unknown host)";
            case REFUSED:
                return "unreachable: " + host + " (connection refused)";
            case TLS:
                return "TLS failure: " + host + " (" + rootCause(e) + ")";
            case TIMEOUT:
            case CANCELLED:
                return "timeout";
            default:
                return "connection broken: " + host + " (" + rootCause(e) + ")";
        }
    }

    /** The innermost cause's message, redacted before it is cut, so that a cut cannot leave part of a key. */
    private static String rootCause(Throwable t) {
        var c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        var m = c.getMessage() == null ? c.getClass().getSimpleName() : Redaction.redact(c.getMessage());
        return m.length() > 120 ? m.substring(0, 120) + "…" : m;
    }

    /** The URL as evidence shows it: redacted, in case a key was pasted into the URL the person gave. */
    static String shown(URI uri) {
        return Redaction.redact(uri.toString());
    }

    private static long since(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /**
     * Why no usable answer came, from the probes' outcomes: a rejected key first (the host is there, the key is
     * wrong), then a TLS failure, an unreachable host, a timeout. Null when some probe got another answer.
     */
    static String whyNothing(List<Result> results) {
        var rejected = results.stream().filter(r -> r.probe().status() == 401 || r.probe().status() == 403)
                .findFirst();
        if (rejected.isPresent()) {
            return "key rejected: " + host(rejected.get()) + " answered HTTP " + rejected.get().probe().status()
                    + " to the key; check it (and that it is for this provider).";
        }
        if (results.stream().anyMatch(Result::answered)) {
            return null;
        }
        for (var kind : List.of(UpstreamException.Kind.TLS, UpstreamException.Kind.UNREACHABLE,
                UpstreamException.Kind.REFUSED, UpstreamException.Kind.TIMEOUT, UpstreamException.Kind.RESET)) {
            var hit = results.stream().filter(r -> r.failure() == kind).findFirst();
            if (hit.isPresent()) {
                return hit.get().probe().outcome() + (kind == UpstreamException.Kind.TIMEOUT
                        ? ": " + host(hit.get()) + " did not answer within " + hit.get().probe().millis() + " ms" : "");
            }
        }
        return "timeout: no probe finished in time";
    }

    private static String host(Result r) {
        return r.spec().uri().getHost();
    }
}
