package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.models.Model;
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

class GatewayTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private Store store;
    private Switchboard switchboard;
    private Gateway gateway;
    private OpenAIClient openai;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
        store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, "https://relay.example/v1", List.of("sk-test-relay")));
        store.channels().create(ChannelDraft.of("claude", ApiType.ANTHROPIC, "https://anthropic.example", List.of("sk-test-claude")));
        store.entries().add("relay", "gpt-4o", null, true);
        store.entries().add("relay", "deepseek-ai/DeepSeek-V3.2", "deepseek", true);
        store.entries().add("claude", "claude-sonnet-4-5", null, true);
        store.entries().add("claude", "gpt-4o", null, true); // same name on two channels: listed once
        store.entries().createGroup("coding");
        store.entries().addMember("coding", "claude/claude-sonnet-4-5", null);
        switchboard = Switchboard.start(store, "127.0.0.1", 0, "9.8.7", Clock.systemUTC());
        gateway = switchboard.gateway();
        openai = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl() + "/v1").apiKey("unused-on-loopback").build();
    }

    @AfterEach
    void stop() {
        openai.close();
        switchboard.close();
        store.close();
    }

    private List<String> modelIds() {
        return openai.models().list().data().stream().map(Model::id).toList();
    }

    @Test
    void listsGroupsFirstThenEveryRoutableNameOnceToTheOpenAiSdk() {
        var models = openai.models().list().data();

        assertEquals(List.of("auto", "coding", "claude-sonnet-4-5", "gpt-4o", "deepseek"),
                models.stream().map(Model::id).toList());
        assertEquals("switchboard", models.get(0).ownedBy());
        assertEquals("claude", models.get(2).ownedBy());
    }

    @Test
    void leavesOutDisabledEntriesAndEntriesOfDisabledChannels() {
        store.entries().setEnabled("relay/deepseek-ai/DeepSeek-V3.2", false);
        store.channels().setEnabled("claude", false);

        assertEquals(List.of("auto", "coding", "gpt-4o"), modelIds());
    }

    @Test
    void answersModelsWithoutTheV1PrefixToo() throws Exception {
        var response = get("/models");

        assertEquals(200, response.statusCode());
        assertEquals("list", JSON.readTree(response.body()).get("object").asText());
    }

    @Test
    void healthzReportsVersionAndCounts() throws Exception {
        var response = get("/healthz");
        var body = JSON.readTree(response.body());

        assertEquals(200, response.statusCode());
        assertEquals("ok", body.get("status").asText());
        assertEquals("9.8.7", body.get("version").asText());
        assertEquals(2, body.get("channels").asInt());
        assertEquals(4, body.get("routableEntries").asInt());
    }

    @Test
    void unknownPathGetsAnOpenAiShapedNotFound() throws Exception {
        var response = get("/v1/nothing-here");
        var error = JSON.readTree(response.body()).get("error");

        assertEquals(404, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
        assertEquals("not_found", error.get("code").asText());
        assertTrue(error.get("message").asText().contains("/v1/nothing-here"));
    }

    @Test
    void wrongMethodOnModelsIsRefusedWithAllowHeader() throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/models"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("allow").orElse(""));
        assertEquals("method_not_allowed", JSON.readTree(response.body()).get("error").get("code").asText());
    }

    @Test
    void secondGatewayOnABusyPortSaysWhichSettingToChange() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(GatewayException.class,
                () -> Switchboard.start(store, "127.0.0.1", gateway.port(), "9.8.7", Clock.systemUTC()));

        assertTrue(e.getMessage().contains("in use"), e.getMessage());
        assertTrue(e.getMessage().contains("settings set port"), e.getMessage());
    }

    @Test
    void neverShowsKeysInAnyAnswer() throws Exception {
        for (var path : List.of("/healthz", "/v1/models", "/v1/unknown")) {
            var body = get(path).body();
            assertFalse(body.contains("sk-test-relay") || body.contains("sk-test-claude"), path + ": " + body);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
