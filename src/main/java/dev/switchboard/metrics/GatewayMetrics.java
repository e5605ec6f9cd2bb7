package dev.switchboard.metrics;

import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.UsageRecord;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What {@code GET /metrics} serves, in the Prometheus text format (version 0.0.4, which every Prometheus reads), for
 * a gateway run headless and watched by Prometheus.
 *
 * <p><b>Counted off the request path.</b> The counters and histograms are fed by the usage recorder's writer thread
 * ({@code UsageRecorder.addListener}): every finished client request becomes one {@link UsageRecord} with its
 * attempts, and this class counts it there, after it is written. The request thread does nothing for metrics. A
 * record the recorder had to drop (its queue full) is missing here as it is from the request log, and
 * {@code switchboard_usage_records_dropped_total} says how many were.
 *
 * <p><b>Gauges at scrape time.</b> Cooldowns, disabled entries, entry counts and balances are read from memory at
 * each scrape ({@link LiveGauges}): a scrape makes no database query.
 *
 * <p><b>What is exported</b> (all names start with {@code switchboard_}; durations in seconds):
 * <ul>
 *   <li>{@code requests_total{client_protocol,channel,model,outcome}}: every finished client request. {@code channel}
 *       and {@code model} are the entry that answered (its upstream model name), empty when none did (a refusal, no
 *       candidate, every attempt failed); {@code outcome} is the request log's ({@link LoggedOutcome#id()});</li>
 *   <li>{@code refused_requests_total{client_protocol,outcome}}: the part of those refused before routing (by the
 *       access guard, an unreadable or invalid body, a path or method not served);</li>
 *   <li>{@code attempts_total{client_protocol,channel,model,outcome}}: every try of an entry, by its outcome;</li>
 *   <li>{@code failovers_total{client_protocol,channel,model,outcome}}: the attempts that were followed by another
 *       one: the entry left, and why;</li>
 *   <li>{@code failed_over_requests_total{client_protocol,outcome}}: requests that took more than one attempt, by how
 *       they ended;</li>
 *   <li>{@code request_duration_seconds{client_protocol,channel,model}}: a histogram of answered requests' whole
 *       duration as the client saw it, failovers included;</li>
 *   <li>{@code time_to_first_token_seconds{client_protocol,channel,model}}: a histogram of answered streams' time to
 *       their first byte to the client (Switchboard commits a stream at the upstream's first meaningful event);</li>
 *   <li>{@code tokens_total{channel,model,type}}: tokens as the upstreams reported them; {@code type} is
 *       {@code input} (cached tokens included), {@code output}, {@code cache_read}, {@code cache_write},
 *       {@code reasoning} (part of output);</li>
 *   <li>the gauges of {@link LiveGauges}: {@code entries{state}}, {@code entry_cooldown_remaining_seconds},
 *       {@code entry_system_disabled}, {@code upstream_balance{channel,unit}} and {@code upstream_balance_limit}
 *       (only where a balance is known), {@code info{version}}, {@code usage_records_dropped_total}.</li>
 * </ul>
 *
 * <p><b>Cardinality is bounded by the configuration</b>: {@code channel} and {@code model} come from the configured
 * entries, {@code client_protocol} and {@code outcome} from closed sets. The model a client asked for is free text
 * (anything a client sends) and is never a label, nor is anything that could hold a key. A counter's series for an
 * entry that was deleted or renamed stays until the next start, as Prometheus expects of counters.
 */
public final class GatewayMetrics implements Consumer<List<UsageRecord>> {
    /** Where the gateway serves them. */
    public static final String PATH = "/metrics";
    /** {@code text/plain; version=0.0.4; charset=utf-8}. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    /**
     * Seconds, for a whole LLM request: a short answer or an embedding in well under a second, a long generation or
     * a reasoning model's answer in minutes; 300 s is the longest a client usually waits.
     */
    static final double[] DURATION_BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300};
    /** Seconds to a stream's first token: finer below 3 s, where interactive use lives; a cold reasoning model later. */
    static final double[] FIRST_TOKEN_BUCKETS = {0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 20, 30, 60, 120};
    /** The outcomes of requests refused before any routing: Switchboard's own refusals ({@code gateway.Refusals}). */
    static final Set<LoggedOutcome> REFUSED_BEFORE_ROUTING =
            EnumSet.of(LoggedOutcome.REFUSED, LoggedOutcome.INVALID_REQUEST, LoggedOutcome.NO_ROUTE);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Counter refused;
    private final Counter attempts;
    private final Counter failovers;
    private final Counter failedOver;
    private final Counter tokens;
    private final Histogram duration;
    private final Histogram firstToken;

    /**
     * @param snapshot the configuration with live health (the health tracker's overlay of the live snapshot), read at
     *                 each scrape
     * @param balances the upstream balances known ({@link BalanceSource#NONE} until the balance feature provides them)
     * @param dropped  how many records the usage recorder has dropped so far
     */
    public GatewayMetrics(Supplier<Snapshot> snapshot, Clock clock, BalanceSource balances, LongSupplier dropped,
                          String version) {
        requests = counter("switchboard_requests", "Finished client requests. channel and model are the entry that"
                + " answered, empty when none did.", "client_protocol", "channel", "model", "outcome");
        refused = counter("switchboard_refused_requests", "Client requests refused before routing: by the access"
                + " guard, for a body Switchboard cannot take, or a path or method it does not serve. Also counted in"
                + " switchboard_requests_total.", "client_protocol", "outcome");
        attempts = counter("switchboard_attempts", "Tries of an entry for a client request, by the try's outcome.",
                "client_protocol", "channel", "model", "outcome");
        failovers = counter("switchboard_failovers", "Attempts followed by another attempt of the same request: the"
                + " entry that was left, and why.", "client_protocol", "channel", "model", "outcome");
        failedOver = counter("switchboard_failed_over_requests", "Client requests that took more than one attempt,"
                + " by how they ended.", "client_protocol", "outcome");
        tokens = counter("switchboard_tokens", "Tokens as the upstreams reported them. input includes cached tokens;"
                + " reasoning is part of output.", "channel", "model", "type");
        duration = histogram("switchboard_request_duration_seconds", "Whole duration of answered client requests,"
                + " failovers included.", DURATION_BUCKETS);
        firstToken = histogram("switchboard_time_to_first_token_seconds", "Time to the first byte of answered"
                + " streams, as the client saw it.", FIRST_TOKEN_BUCKETS);
        registry.register(new LiveGauges(snapshot, clock, balances, dropped, version));
    }

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).withoutExemplars().register(registry);
    }

    private Histogram histogram(String name, String help, double[] buckets) {
        return Histogram.builder().name(name).help(help).labelNames("client_protocol", "channel", "model")
                .classicOnly().classicUpperBounds(buckets).withoutExemplars().register(registry);
    }

    /** Counts a batch of finished requests; the usage recorder calls this on its writer thread. */
    @Override
    public void accept(List<UsageRecord> batch) {
        for (var r : batch) {
            count(r);
        }
    }

    private void count(UsageRecord r) {
        var protocol = text(r.clientProtocol());
        var outcome = r.outcome() == null ? LoggedOutcome.UNKNOWN : r.outcome();
        var channel = text(r.channelName());
        var model = text(r.upstreamModel());
        requests.labelValues(protocol, channel, model, outcome.id()).inc();
        if (REFUSED_BEFORE_ROUTING.contains(outcome)) {
            refused.labelValues(protocol, outcome.id()).inc();
        }
        var tries = r.attempts();
        for (int i = 0; i < tries.size(); i++) {
            var a = tries.get(i);
            var tried = a.outcome() == null ? LoggedOutcome.UNKNOWN.id() : a.outcome().id();
            var aChannel = text(a.channelName());
            var aModel = text(a.upstreamModel());
            attempts.labelValues(protocol, aChannel, aModel, tried).inc();
            if (i < tries.size() - 1) {
                failovers.labelValues(protocol, aChannel, aModel, tried).inc();
            }
        }
        if (tries.size() > 1) {
            failedOver.labelValues(protocol, outcome.id()).inc();
        }
        if (outcome == LoggedOutcome.SUCCESS) {
            if (r.totalMs() != null) {
                duration.labelValues(protocol, channel, model).observe(r.totalMs() / 1000.0);
            }
            if (r.stream() && r.ttfbMs() != null) {
                firstToken.labelValues(protocol, channel, model).observe(r.ttfbMs() / 1000.0);
            }
        }
        var t = r.tokens();
        add(channel, model, "input", t.input());
        add(channel, model, "output", t.output());
        add(channel, model, "cache_read", t.cacheRead());
        add(channel, model, "cache_write", t.cacheWrite());
        add(channel, model, "reasoning", t.reasoning());
    }

    private void add(String channel, String model, String type, Long n) {
        if (n != null && n > 0) {
            tokens.labelValues(channel, model, type).inc(n);
        }
    }

    private static String text(String labelValue) {
        return labelValue == null ? "" : labelValue;
    }

    /** Everything, in the Prometheus text format ({@link #CONTENT_TYPE}). */
    public byte[] scrape() {
        var out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return out.toByteArray();
    }
}
