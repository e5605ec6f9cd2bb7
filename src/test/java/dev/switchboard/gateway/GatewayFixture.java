package dev.switchboard.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Health;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Store;
import dev.switchboard.store.UsageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running Switchboard over a store in a temporary folder, with one real upstream per channel: WireMock servers
 * made here, or any other server (a Jetty or raw-socket test upstream) by its base URL. Each channel gets the
 * entry {@value #MODEL}, in {@code auto} in the order the channels were made, and the obviously fake key
 * {@code sk-test-key-<channel>} unless others are given.
 *
 * <pre>{@code
 * try (var gw = GatewayFixture.withChannels(dir, 2)) { ... gw.upstream("c1") ... }
 * }</pre>
 */
final class GatewayFixture implements AutoCloseable {
    static final String PATH = "/v1/chat/completions";
    static final String MODEL = "up-model";
    static final ObjectMapper JSON = new ObjectMapper();

    final Store store;
    private final Clock clock;
    private final Map<String, WireMockServer> upstreams = new LinkedHashMap<>();
    private final List<AutoCloseable> others = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Switchboard switchboard;
    private OpenAIClient openai;

    GatewayFixture(Path dataDir, Clock clock) {
        this.clock = clock;
        this.store = Store.open(dataDir, Database.Check.FULL, clock);
    }

    /** Channels c1 … cn on WireMock upstreams, started. */
    static GatewayFixture withChannels(Path dataDir, int n) {
        return withChannels(dataDir, n, Clock.systemUTC());
    }

    static GatewayFixture withChannels(Path dataDir, int n, Clock clock) {
        var gw = new GatewayFixture(dataDir, clock);
        for (int i = 1; i <= n; i++) {
            gw.channel("c" + i);
        }
        return gw.start();
    }

    /** A channel on a new WireMock upstream with entry {@value #MODEL}; keys default to {@code sk-test-key-<name>}. */
    WireMockServer channel(String name, String... keys) {
        var wm = bareChannel(name, keys);
        store.entries().add(name, MODEL, null, true);
        return wm;
    }

    /**
     * A channel of {@code type} on a new WireMock upstream with entry {@value #MODEL} and key
     * {@code sk-test-key-<name>}; the base URL as people paste it for that type (Azure's resource root, else with
     * /v1).
     */
    WireMockServer channel(String name, ApiType type) {
        var wm = new WireMockServer(options().dynamicPort());
        wm.start();
        upstreams.put(name, wm);
        var base = type == ApiType.AZURE ? wm.baseUrl() : wm.baseUrl() + "/v1";
        store.channels().create(ChannelDraft.of(name, type, base, List.of("sk-test-key-" + name)));
        store.entries().add(name, MODEL, null, true);
        return wm;
    }

    /** A channel on a new WireMock upstream, without entries. */
    WireMockServer bareChannel(String name, String... keys) {
        var wm = new WireMockServer(options().dynamicPort());
        wm.start();
        upstreams.put(name, wm);
        var list = keys.length == 0 ? List.of("sk-test-key-" + name) : List.of(keys);
        store.channels().create(ChannelDraft.of(name, ApiType.OPENAI, wm.baseUrl() + "/v1", list));
        return wm;
    }

    /** A channel whose upstream is some other test server, closed with the fixture when it is AutoCloseable. */
    void channelAt(String name, String baseUrl, String... keys) {
        var list = keys.length == 0 ? List.of("sk-test-key-" + name) : List.of(keys);
        store.channels().create(ChannelDraft.of(name, ApiType.OPENAI, baseUrl, list));
        store.entries().add(name, MODEL, null, true);
    }

    void closeWith(AutoCloseable upstream) {
        others.add(upstream);
    }

    GatewayFixture start() {
        switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", clock);
        openai = OpenAIOkHttpClient.builder().baseUrl(baseUrl() + "/v1").apiKey("client-key-unused")
                .maxRetries(0).build();
        return this;
    }

    Switchboard switchboard() {
        return switchboard;
    }

    String baseUrl() {
        return switchboard.gateway().baseUrl();
    }

    int port() {
        return switchboard.gateway().port();
    }

    OpenAIClient openai() {
        return openai;
    }

    WireMockServer upstream(String channel) {
        return upstreams.get(channel);
    }

    void set(Setting setting, String value) {
        store.settings().set(setting, value);
    }

    // ---- upstream behaviour

    static void answers(WireMockServer wm) {
        wm.stubFor(WireMock.post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("json/openai-chat-completion.json"))));
    }

    static void streams(WireMockServer wm, String fixture) {
        streamsBody(wm, fixture(fixture));
    }

    static void streamsBody(WireMockServer wm, String body) {
        wm.stubFor(WireMock.post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(body)));
    }

    static void fails(WireMockServer wm, int status, String body) {
        wm.stubFor(WireMock.post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    static void faults(WireMockServer wm, Fault fault) {
        wm.stubFor(WireMock.post(urlEqualTo(PATH)).willReturn(aResponse().withFault(fault)));
    }

    static int calls(WireMockServer wm) {
        return wm.countRequestsMatching(postRequestedFor(urlEqualTo(PATH)).build()).getCount();
    }

    static String errorBody(String message) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";
    }

    static String fixture(String path) {
        try (var in = GatewayFixture.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the client side

    static ChatCompletionCreateParams params(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello").build();
    }

    /** Asks through the official SDK; returns the answer's text. */
    String ask(String model) {
        return openai.chat().completions().create(params(model)).choices().get(0).message().content().orElseThrow();
    }

    /** Streams through the official SDK; returns the text of every chunk. */
    String askStreaming(String model) {
        var text = new StringBuilder();
        try (var stream = openai.chat().completions().createStreaming(params(model))) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
        }
        return text.toString();
    }

    static String chatBody(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}],\"stream\":"
                + stream + "}";
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json");
    }

    /** POSTs a raw body to /v1/chat/completions and reads the whole answer as text. */
    HttpResponse<String> post(String body) {
        return send(request(PATH).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POSTs a raw body and returns as soon as the headers are in: the body is read as it arrives. */
    HttpResponse<InputStream> open(String body) {
        try {
            return http.send(request(PATH).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- what the gateway recorded

    /** Every request logged so far, newest first, after the usage writer caught up. */
    List<UsageRecord> usage() {
        try {
            switchboard.usage().flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return store.usage().recent(100);
    }

    UsageRecord lastUsage() {
        var all = usage();
        if (all.isEmpty()) {
            throw new AssertionError("no request was logged");
        }
        return all.get(0);
    }

    long entryId(String channel) {
        return store.entries().get(channel + "/" + MODEL).id();
    }

    /** The live health of the channel's entry. */
    Health health(String channel) {
        return switchboard.health().current(entryId(channel));
    }

    /** The health of the channel's entry as persisted, after the writer caught up. */
    Health storedHealth(String channel) {
        switchboard.health().flush();
        return store.health().get(entryId(channel));
    }

    @Override
    public void close() {
        if (openai != null) {
            openai.close();
        }
        if (switchboard != null) {
            switchboard.close();
        }
        store.close();
        upstreams.values().forEach(WireMockServer::stop);
        for (var o : others) {
            try {
                o.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
