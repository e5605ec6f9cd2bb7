package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.models.models.ModelInfo;
import com.anthropic.models.models.ModelListParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.errors.ClientException;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.ListModelsConfig;
import com.google.genai.types.Model;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.switchboard.json.Mappers;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The model routes through each protocol's official SDK, against a running Switchboard (issue 12): the list and one
 * model in OpenAI's, Anthropic's and Gemini's shapes, Gemini's countTokens on {@code /v1beta} and {@code /v1}, and
 * an unknown model as each SDK's own not-found error. No upstream is called: the routes answer from the
 * configuration and the catalog, so the channels' addresses lead nowhere.
 */
class ModelRoutesTest {
    /** What the OpenAI listing has always given for this configuration: groups first, then each name once. */
    private static final List<String> LISTED = List.of("auto", "coding", "claude-sonnet-4-5", "deepseek", "gpt-4o",
            "qwen/qwen3-coder");

    @TempDir
    static Path dataDir;

    private static Store store;
    private static Switchboard switchboard;
    private static OpenAIClient openai;
    private static AnthropicClient anthropic;
    private static AnthropicClient anthropicWithBearer;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
        store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, "https://relay.example/v1",
                List.of("sk-test-relay-models")));
        store.channels().create(ChannelDraft.of("claude", ApiType.ANTHROPIC, "https://anthropic.example",
                List.of("sk-test-claude-models")));
        store.entries().add("relay", "gpt-4o", null, true);
        store.entries().add("relay", "deepseek-ai/DeepSeek-V3.2", "deepseek", true);
        store.entries().add("relay", "qwen/qwen3-coder", null, true); // a '/' in the name clients use
        store.entries().add("claude", "claude-sonnet-4-5", null, true);
        store.entries().createGroup("coding");
        store.entries().addMember("coding", "claude/claude-sonnet-4-5", null);
        switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC());
        var base = switchboard.gateway().baseUrl();
        openai = OpenAIOkHttpClient.builder().baseUrl(base + "/v1").apiKey("unused-on-loopback").maxRetries(0)
                .build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(base).apiKey("unused-on-loopback").maxRetries(0).build();
        // As Claude Code with a token: Authorization: Bearer instead of x-api-key, anthropic-version all the same.
        anthropicWithBearer = AnthropicOkHttpClient.builder().baseUrl(base).authToken("unused-on-loopback")
                .maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        openai.close();
        anthropic.close();
        anthropicWithBearer.close();
        switchboard.close();
        store.close();
    }

    private static Client gemini(String apiVersion) {
        return Client.builder().apiKey("unused-on-loopback").httpOptions(HttpOptions.builder()
                .baseUrl(switchboard.gateway().baseUrl()).apiVersion(apiVersion).build()).build();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(switchboard.gateway().baseUrl() + path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Mappers.JSON.readTree(response.body());
    }

    // ---- OpenAI

    @Test
    void openAiSdkListsEveryRoutableNameAndRetrievesEachInOpenAisShape() {
        var ids = openai.models().list().data().stream().map(com.openai.models.models.Model::id).toList();

        assertEquals(LISTED, ids);
        for (var id : ids) {
            var model = openai.models().retrieve(id);
            assertEquals(id, model.id());
            assertEquals(id.equals("auto") || id.equals("coding") ? "switchboard"
                    : id.equals("claude-sonnet-4-5") ? "claude" : "relay", model.ownedBy());
        }
    }

    @Test
    void openAiSdkRetrievesAChannelQualifiedNameThatItSendsWithAnEncodedSlash() {
        assertEquals("relay/deepseek-ai/DeepSeek-V3.2", openai.models().retrieve("relay/deepseek-ai/DeepSeek-V3.2")
                .id());
    }

    @Test
    void openAiSdkGetsNotFoundForAnUnknownModel() {
        var e = assertThrows(com.openai.errors.NotFoundException.class,
                () -> openai.models().retrieve("no-such-model"));

        assertEquals(404, e.statusCode());
        assertTrue(e.getMessage().contains("no-such-model"), e.getMessage());
    }

    // ---- Anthropic

    @Test
    void anthropicSdkListsTheSameNamesInAnthropicsShape() {
        var page = anthropic.models().list();
        var ids = page.data().stream().map(ModelInfo::id).toList();

        assertEquals(LISTED, ids);
        assertFalse(page.hasNextPage());
        for (var model : page.data()) {
            assertEquals(JsonValue.from("model"), model._type());
            assertFalse(model.displayName().isBlank(), model.id());
            assertEquals(ModelInfo.Lifecycle.ACTIVE, model.lifecycle());
        }
    }

    @Test
    void anthropicSdkRetrievesEachNameWithTheCatalogsFactsWhereKnown() {
        for (var id : LISTED) {
            var model = anthropic.models().retrieve(id);
            assertEquals(id, model.id());
            assertFalse(model.displayName().isBlank(), id);
        }
        var sonnet = anthropic.models().retrieve("claude-sonnet-4-5");
        assertTrue(sonnet.displayName().startsWith("Claude Sonnet 4.5"), sonnet.displayName());
        assertEquals(200_000L, sonnet.maxInputTokens().orElseThrow());
        // An alias keeps the person's own name rather than the catalog's.
        assertEquals("deepseek", anthropic.models().retrieve("deepseek").displayName());
        assertEquals("qwen/qwen3-coder", anthropic.models().retrieve("qwen/qwen3-coder").id());
    }

    @Test
    void anthropicShapeFollowsAnthropicVersionWhicheverWayTheClientAuthenticates() {
        var ids = anthropicWithBearer.models().list().data().stream().map(ModelInfo::id).toList();

        assertEquals(LISTED, ids);
        var sonnet = anthropicWithBearer.models().retrieve("claude-sonnet-4-5");
        assertTrue(sonnet.displayName().startsWith("Claude Sonnet 4.5"), sonnet.displayName());
    }

    @Test
    void anthropicSdkPagesThroughTheListWhenItAsksForSmallPages() {
        var first = anthropic.models().list(ModelListParams.builder().limit(4).build());
        var all = new ArrayList<String>();
        first.autoPager().forEach(m -> all.add(m.id()));

        assertEquals(4, first.data().size());
        assertTrue(first.hasNextPage());
        assertEquals(LISTED, all);
    }

    @Test
    void anthropicListCarriesItsPagingFields() throws Exception {
        var body = json(get("/v1/models", "Authorization", "Bearer unused", "anthropic-version", "2023-06-01"));

        assertFalse(body.get("has_more").asBoolean());
        assertEquals("auto", body.get("first_id").asText());
        assertEquals(LISTED.get(LISTED.size() - 1), body.get("last_id").asText());
        assertFalse(body.has("object"), "not OpenAI's shape");
    }

    @Test
    void anthropicSdkGetsNotFoundForAnUnknownModel() throws Exception {
        var e = assertThrows(com.anthropic.errors.NotFoundException.class,
                () -> anthropic.models().retrieve("no-such-model"));
        var raw = json(get("/v1/models/no-such-model", "x-api-key", "unused", "anthropic-version", "2023-06-01"));

        assertEquals(404, e.statusCode());
        assertEquals("error", raw.get("type").asText());
        assertEquals("not_found_error", raw.get("error").get("type").asText());
    }

    // ---- Gemini

    @ParameterizedTest
    @ValueSource(strings = {"v1beta", "v1"})
    void geminiSdkListsTheSameNamesAsModelsSlashId(String apiVersion) {
        var names = new ArrayList<String>();
        for (Model m : gemini(apiVersion).models.list(null)) {
            names.add(m.name().orElseThrow());
            assertTrue(m.supportedActions().orElseThrow().contains("generateContent"), m.toString());
        }

        assertEquals(LISTED.stream().map(id -> "models/" + id).toList(), names);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1beta", "v1"})
    void geminiSdkPagesThroughTheListWhenItAsksForSmallPages(String apiVersion) {
        var names = new ArrayList<String>();
        gemini(apiVersion).models.list(ListModelsConfig.builder().pageSize(2).build())
                .forEach(m -> names.add(m.name().orElseThrow()));

        assertEquals(LISTED.stream().map(id -> "models/" + id).toList(), names);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1beta", "v1"})
    void geminiSdkGetsEachModelWithTheCatalogsLimitsWhereKnown(String apiVersion) {
        var client = gemini(apiVersion);
        for (var id : LISTED) {
            assertEquals("models/" + id, client.models.get(id, null).name().orElseThrow());
        }
        var sonnet = client.models.get("claude-sonnet-4-5", null);
        assertEquals(200_000, sonnet.inputTokenLimit().orElseThrow());
        assertEquals(64_000, sonnet.outputTokenLimit().orElseThrow());
        // A group's limits are those of its smallest member; "coding" has one.
        assertEquals(200_000, client.models.get("coding", null).inputTokenLimit().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1beta", "v1"})
    void geminiSdkCountsTokensWithAnEstimateThatGrowsWithTheText(String apiVersion) {
        var client = gemini(apiVersion);
        int shortCount = client.models.countTokens("auto", "Hi", null).totalTokens().orElseThrow();
        int longCount = client.models.countTokens("gpt-4o", "Hi ".repeat(400), null).totalTokens().orElseThrow();

        assertTrue(shortCount >= 1, "a message costs at least a token");
        assertTrue(longCount >= 300, "1,200 characters are about 300 tokens: " + longCount);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1beta", "v1"})
    void geminiSdkGetsNotFoundForAnUnknownModel(String apiVersion) {
        var e = assertThrows(ClientException.class, () -> gemini(apiVersion).models.get("no-such-model", null));

        assertEquals(404, e.code());
        assertEquals("NOT_FOUND", e.status());
    }

    @Test
    void geminiCallersOfV1ModelsAreKnownByTheirKeyHeaderOrQueryKey() throws Exception {
        var byHeader = json(get("/v1/models", "x-goog-api-key", "unused"));
        var byQuery = json(get("/v1/models?key=unused"));
        var plain = json(get("/v1/models"));

        assertEquals("models/auto", byHeader.get("models").get(0).get("name").asText());
        assertEquals("models/auto", byQuery.get("models").get(0).get("name").asText());
        assertEquals("list", plain.get("object").asText());
    }

    // ---- every route behind the access guard

    @ParameterizedTest
    @ValueSource(strings = {"/v1/models", "/v1/models/auto", "/v1beta/models", "/v1beta/models/auto"})
    void accessGuardRefusesABrowserOriginOnEveryModelRouteInTheCallersShape(String path) throws Exception {
        var anthropicCaller = get(path, "Origin", "https://evil.example", "anthropic-version", "2023-06-01");
        var countTokens = http.send(HttpRequest.newBuilder(URI.create(switchboard.gateway().baseUrl()
                        + "/v1beta/models/auto:countTokens")).header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"contents\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(403, anthropicCaller.statusCode());
        assertEquals(403, countTokens.statusCode());
        if (path.startsWith("/v1beta")) {
            assertEquals("PERMISSION_DENIED", json(anthropicCaller).get("error").get("status").asText());
        } else {
            assertEquals("permission_error", json(anthropicCaller).get("error").get("type").asText());
        }
        assertEquals("PERMISSION_DENIED", json(countTokens).get("error").get("status").asText());
    }
}
