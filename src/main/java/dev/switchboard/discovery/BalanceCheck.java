package dev.switchboard.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.balance.Balance;
import dev.switchboard.balance.BalanceExpression;
import dev.switchboard.balance.BalancePreset;
import dev.switchboard.balance.BalanceQuery;
import dev.switchboard.json.Mappers;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.Settings;
import dev.switchboard.store.Store;
import dev.switchboard.store.StoreException;
import dev.switchboard.upstream.Endpoints;
import dev.switchboard.upstream.UpstreamClient;
import dev.switchboard.upstream.UpstreamClient.UpstreamException;
import dev.switchboard.upstream.UpstreamRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks a channel's provider for its balance, as its {@link BalanceQuery} says, over the same {@link UpstreamClient}
 * the gateway uses and through the channel's proxy (else the {@code outbound-proxy} setting), with the channel's
 * extra headers and its first key: the balance is the account's, and the first key is the one a person added it
 * with. {@code channels balance}, the admin API, the window and the schedule ({@code service.BalanceSchedule}) all
 * check through here.
 *
 * <p>Every way a check can fail ends as a {@link Balance#failed failed} balance with the reason in words: no answer
 * (unreachable, timeout), an HTTP error with the provider's own message, an answer that is not JSON, an error inside
 * a 200 answer (one-api and new-api answer problems so), a path of the mapping that leads nowhere. Never a zero.
 * Every reason is redacted ({@link Redaction}): some providers repeat the key they were sent.
 */
public final class BalanceCheck {
    /** A balance answer is a few hundred bytes; a relay answering with a web page must not be read without end. */
    static final int MAX_BODY = 1024 * 1024;
    /** A balance is not worth waiting for as long as a reasoning model: at most this long for the first byte. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final int MAX_REASON = 300;

    private final Store store;
    private final UpstreamClient client;
    private final Clock clock;

    public BalanceCheck(Store store, UpstreamClient client, Clock clock) {
        this.store = store;
        this.client = client;
        this.clock = clock;
    }

    /**
     * Checks the channel named {@code name} now and stores the result, failed or not.
     *
     * @throws StoreException NOT_FOUND for no such channel, INVALID when it has no balance query (the message says
     *                        which preset its base URL would take, if any)
     */
    public Channel check(String name) {
        var channel = store.channels().get(name);
        if (channel.balanceQuery() == null) {
            throw new StoreException(StoreException.Kind.INVALID, noQuery(channel));
        }
        return checkAndRecord(channel);
    }

    /** Checks {@code channel} (which has a query) and stores the result; returns the channel as stored. */
    public Channel checkAndRecord(Channel channel) {
        var balance = read(channel, store.settings().load());
        return store.channels().recordBalance(channel, balance);
    }

    /** Checks every channel that has a balance query, one after another; returns them as stored. */
    public List<Channel> checkAll() {
        var out = new ArrayList<Channel>();
        for (var c : store.channels().list()) {
            if (c.balanceQuery() != null) {
                out.add(checkAndRecord(c));
            }
        }
        return out;
    }

    /** What to say of a channel without a query, and how to give it one. */
    public static String noQuery(Channel channel) {
        var preset = BalancePreset.recognise(channel.baseUrl());
        return "Channel '" + channel.name() + "' has no balance query. " + preset
                .map(p -> "Its URL is " + p.title() + "'s: give it with `channels edit " + channel.name()
                        + " --balance " + p.id() + "`.")
                .orElse("Give one with `channels edit " + channel.name() + " --balance PRESET` (" + BalancePreset.ids()
                        + "; custom takes --balance-url and --balance-remaining).");
    }

    /** The channel's balance now, without storing it; never throws for what the provider does. */
    public Balance read(Channel channel, Settings settings) {
        var now = clock.instant();
        var query = channel.balanceQuery();
        if (query == null) {
            return Balance.failed(now, noQuery(channel));
        }
        if (channel.keys().isEmpty()) {
            return Balance.failed(now, "the channel has no key to ask with");
        }
        var withheld = query.withheldHeaders();
        if (!withheld.isEmpty()) {
            return Balance.failed(now, "the value of balance header " + withheld.get(0) + " was withheld by a keyless"
                    + " export; give it with `channels edit " + channel.name() + " --balance-header '"
                    + withheld.get(0) + ": <value>'`");
        }
        var plan = query.plan(channel.baseUrl());
        var answers = new LinkedHashMap<String, JsonNode>();
        for (var call : plan.calls()) {
            try {
                answers.put(call.name(), answer(channel, query, call, settings));
            } catch (Failure f) {
                return Balance.failed(now, shown(f.getMessage()));
            }
        }
        try {
            return Balance.read(now, plan.read(answers));
        } catch (BalanceExpression.ReadException e) {
            return Balance.failed(now, shown("the answer has no balance where the query looks: " + e.getMessage()));
        }
    }

    private JsonNode answer(Channel channel, BalanceQuery query, BalancePreset.Call call, Settings settings)
            throws Failure {
        var key = channel.keys().get(0).reveal();
        var headers = new LinkedHashMap<String, String>(channel.headers());
        headers.put("Accept", "application/json");
        headers.putAll(auth(channel, query, key));
        var proxy = channel.proxy() != null ? channel.proxy()
                : settings.outboundProxy().isEmpty() ? null : settings.outboundProxy();
        var wait = settings.firstByteTimeout().compareTo(MAX_WAIT) < 0 ? settings.firstByteTimeout() : MAX_WAIT;
        var request = new UpstreamRequest(call.method(), call.uri(), headers,
                call.method().equals("POST") ? new byte[0] : null, proxy, settings.connectTimeout(), wait, wait);
        var where = call.uri().getHost() + call.uri().getRawPath();
        try (var response = client.open(request)) {
            byte[] body;
            try {
                response.armDeadline(wait.toMillis(), "the balance answer took too long");
                body = response.readBody(MAX_BODY);
                response.disarm();
            } catch (IOException e) {
                throw new Failure(where + " broke off its answer: " + response.describe(e));
            }
            int status = response.status();
            JsonNode json = parse(body);
            if (status / 100 != 2) {
                throw new Failure(where + " answered HTTP " + status + message(json, body) + hint(status, query));
            }
            if (json == null) {
                throw new Failure(where + " answered, but not with JSON (" + start(body) + ")");
            }
            var error = errorInside(json);
            if (error != null) {
                throw new Failure(where + " answered with an error: " + error);
            }
            return json;
        } catch (UpstreamException e) {
            throw new Failure(e.getMessage());
        }
    }

    /** The query's own headers, {@code {key}} placed; else Bearer for presets, the type's own header otherwise. */
    static Map<String, String> auth(Channel channel, BalanceQuery query, String key) {
        if (!query.headers().isEmpty()) {
            var out = new LinkedHashMap<String, String>();
            query.headers().forEach((k, v) -> out.put(k, v.replace(BalanceQuery.KEY_PLACEHOLDER, key)));
            return out;
        }
        if (query.preset() != BalancePreset.CUSTOM) {
            return Map.of("Authorization", "Bearer " + key);
        }
        var type = channel.type() == ApiType.RESPONSES ? ApiType.OPENAI : channel.type();
        return Endpoints.auth(type, key);
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return Mappers.JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * An error a 2xx answer carries: {@code {"error": {"message": …}}} (one-api, new-api), {@code {"error": "…"}},
     * or {@code {"success": false, "message": …}} (new-api's own API). Null when there is none.
     */
    static String errorInside(JsonNode json) {
        if (!json.isObject()) {
            return null;
        }
        var error = json.get("error");
        if (error != null && !error.isNull() && !(error.isBoolean() && !error.asBoolean())) {
            if (error.isObject()) {
                var m = error.path("message").asText("");
                return m.isEmpty() ? error.toString() : m;
            }
            return error.asText();
        }
        var success = json.get("success");
        if (success != null && success.isBoolean() && !success.asBoolean()) {
            var m = json.path("message").asText("");
            return m.isEmpty() ? "success: false" : m;
        }
        return null;
    }

    /** The provider's own words for an HTTP error: its JSON message, else the start of the body. */
    private static String message(JsonNode json, byte[] body) {
        if (json != null) {
            for (var path : List.of("/error/message", "/message", "/msg", "/error", "/detail")) {
                var n = json.at(path);
                if (n.isTextual() && !n.asText().isBlank()) {
                    return ": " + n.asText();
                }
            }
        }
        return body.length == 0 ? "" : ": " + start(body);
    }

    private static String hint(int status, BalanceQuery query) {
        if (status != 401 && status != 403) {
            return "";
        }
        if (query.preset() == BalancePreset.OPENROUTER) {
            return " (OpenRouter's credits endpoint needs a management key: give one with --balance-header"
                    + " 'Authorization: Bearer <management key>')";
        }
        return " (the key, or the balance query's auth header, was refused)";
    }

    private static String start(byte[] body) {
        var text = new String(body, 0, Math.min(body.length, 120), java.nio.charset.StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ").strip();
        return text.isEmpty() ? "an empty body" : "'" + text + (body.length > 120 ? "…" : "") + "'";
    }

    /** Redacted first, then cut: a cut must not leave part of a key. */
    private static String shown(String reason) {
        var r = Redaction.redact(reason);
        return r.length() > MAX_REASON ? r.substring(0, MAX_REASON) + "…" : r;
    }

    /** Why a call gave no usable answer. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }
}
