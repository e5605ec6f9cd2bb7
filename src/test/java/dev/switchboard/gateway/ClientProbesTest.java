package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What clients ask before they send a message: Claude Code's HEAD and token count, model lists in each shape. */
class ClientProbesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private Store store;
    private Switchboard switchboard;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
        store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, "https://relay.example/v1",
                List.of("sk-test-probe-key")));
        store.entries().add("relay", "claude-sonnet-4-5", null, true);
        switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        switchboard.close();
        store.close();
    }

    private com.anthropic.client.AnthropicClient anthropic() {
        return AnthropicOkHttpClient.builder().baseUrl(switchboard.gateway().baseUrl()).apiKey("unused")
                .maxRetries(0).build();
    }

    @Test
    void answersClaudeCodesHeadProbeOfTheBaseUrl() throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(switchboard.gateway().baseUrl() + "/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());

        assertEquals(200, response.statusCode());
    }

    @Test
    void countsTokensLocallyWithAnEstimateThatGrowsWithTheText() {
        var shortCount = anthropic().messages().countTokens(MessageCountTokensParams.builder()
                .model("auto").addUserMessage("Hi").build()).inputTokens();
        var longCount = anthropic().messages().countTokens(MessageCountTokensParams.builder()
                .model("auto").addUserMessage("Hi ".repeat(400)).build()).inputTokens();

        assertTrue(shortCount >= 1, "a message costs at least a token");
        assertTrue(longCount >= 300, "1,200 characters are about 300 tokens: " + longCount);
    }

    @Test
    void listsModelsInAnthropicsShapeForTheAnthropicSdk() {
        var ids = anthropic().models().list().data().stream().map(m -> m.id()).toList();

        assertEquals(List.of("auto", "claude-sonnet-4-5"), ids);
    }

    @Test
    void listsModelsInGeminisShapeUnderV1beta() throws Exception {
        var body = http.send(HttpRequest.newBuilder(URI.create(switchboard.gateway().baseUrl() + "/v1beta/models"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        var models = JSON.readTree(body).get("models");

        assertEquals("models/auto", models.get(0).get("name").asText());
        assertEquals("models/claude-sonnet-4-5", models.get(1).get("name").asText());
        assertEquals("generateContent", models.get(1).get("supportedGenerationMethods").get(0).asText());
    }
}
