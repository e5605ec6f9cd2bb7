package dev.switchboard.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.switchboard.gateway.GatewayFixture.calls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.ThinkingConfigEnabled;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.json.Mappers;
import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.ModelPattern;
import dev.switchboard.store.SceneRule;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scene rules and the {@code /g/<group>/} prefix through the running gateway, with real upstreams (WireMock) and the
 * official SDKs as clients: each kind of request reaches the group its rule names, a pinned client reaches its group
 * whatever model it names, and the request log says, for every request, which rule, pin or tier chose it.
 *
 * <p>Every upstream is an OpenAI-compatible channel whose one model has its own name, so where a request went is
 * read off the upstream that got it and the model it was asked for.
 */
@Timeout(60)
class SceneRulesThroughTheGatewayTest {
    /** The headers Claude Code 2.1.332 sends (recorded; see {@link ClientTraitsTest}). */
    private static final String CLAUDE_CODE_AGENT = "claude-cli/2.1.332 (external, sdk-cli)";

    @TempDir
    Path dataDir;

    private GatewayFixture gw;

    @BeforeEach
    void start() {
        gw = new GatewayFixture(dataDir, Clock.systemUTC());
        serves(gw.bareChannel("main"));
        gw.store.entries().add("main", "claude-sonnet-4-5", null, true);
        gw.store.entries().add("main", "gpt-4o", null, true);
        for (var name : List.of("cheap", "think", "vision", "searcher")) {
            serves(gw.bareChannel(name));
            gw.store.entries().add(name, name + "-model", null, false);
            gw.store.entries().createGroup(name);
            gw.store.entries().addMember(name, name + "/" + name + "-model", null);
        }
        var rules = gw.store.rules();
        rules.add(rule("background", SceneRule.When.NOTHING.withBackground(true), "cheap"), null);
        rules.add(rule("reasoning", SceneRule.When.NOTHING.withThinking(true), "think"), null);
        rules.add(rule("vision", SceneRule.When.NOTHING.withImages(true), "vision"), null);
        rules.add(rule("search", SceneRule.When.NOTHING.withWebSearch(true), "searcher"), null);
        gw.start();
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    private static SceneRule.Draft rule(String name, SceneRule.When when, String group) {
        return new SceneRule.Draft(name, true, when, group);
    }

    /** Answers whole (JSON) or as a stream, as the request asks. */
    private static void serves(WireMockServer wm) {
        GatewayFixture.answers(wm);
        wm.stubFor(WireMock.post(urlEqualTo(GatewayFixture.PATH)).withRequestBody(matchingJsonPath("$.stream",
                WireMock.equalTo("true"))).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(GatewayFixture.fixture("sse/openai-chat-stream.txt"))));
    }

    /** The model the channel's upstream was last asked for. */
    private String modelAskedOf(String channel) {
        var got = gw.upstream(channel).findAll(postRequestedFor(urlEqualTo(GatewayFixture.PATH)));
        assertTrue(!got.isEmpty(), channel + " got no request");
        return GatewayFixture.json(got.get(got.size() - 1).getBodyAsString()).get("model").asText();
    }

    private String chosenBy() {
        return gw.lastUsage().chosenBy();
    }

    private HttpRequest.Builder asClaudeCode(String path) {
        return HttpRequest.newBuilder(URI.create(gw.baseUrl() + path))
                .header("Content-Type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .header("x-app", "cli")
                .header("User-Agent", CLAUDE_CODE_AGENT)
                .header("Authorization", "Bearer sk-FAKE-client-placeholder");
    }

    private AnthropicClient anthropic(String base) {
        return AnthropicOkHttpClient.builder().baseUrl(base).apiKey("unused").maxRetries(0).build();
    }

    private com.google.genai.Client gemini(String base) {
        return com.google.genai.Client.builder().apiKey("unused").httpOptions(HttpOptions.builder().baseUrl(base)
                .retryOptions(HttpRetryOptions.builder().attempts(1).build()).build()).build();
    }

    @Test
    void claudeCodesBackgroundCallGoesToTheCheapGroupAndItsConversationDoesNot() throws Exception {
        var background = ClientTraitsTest.body("claude-code/background-request.json");
        var answer = gw.send(asClaudeCode("/v1/messages?beta=true")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Mappers.JSON.writeValueAsBytes(background))).build());

        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("event: message_stop"), answer.body());
        assertEquals("cheap-model", modelAskedOf("cheap"));
        var logged = gw.lastUsage();
        assertEquals("rule:background", logged.chosenBy());
        assertEquals("claude-haiku-4-5", logged.requestedModel());

        var turn = ClientTraitsTest.body("claude-code/main-turn-request.json");
        var second = gw.send(asClaudeCode("/v1/messages?beta=true")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Mappers.JSON.writeValueAsBytes(turn))).build());

        assertEquals(200, second.statusCode(), second.body());
        assertEquals("rule:reasoning", chosenBy(), "the conversation thinks: not a background call");
        assertEquals(1, calls(gw.upstream("cheap")));
    }

    @Test
    void aThinkingRequestFromTheAnthropicSdkGoesToTheReasoningGroup() {
        var client = anthropic(gw.baseUrl());
        try {
            var message = client.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5")
                    .maxTokens(2048).thinking(ThinkingConfigEnabled.builder().budgetTokens(1024).build())
                    .addUserMessage("Think, then say hello").build());
            assertTrue(message.content().stream().anyMatch(b -> b.isText()), message.toString());
        } finally {
            client.close();
        }
        assertEquals("think-model", modelAskedOf("think"));
        assertEquals("rule:reasoning", chosenBy());
        assertEquals(0, calls(gw.upstream("main")));
    }

    @Test
    void withoutThinkingTheSameRequestIsServedByItsName() {
        var client = anthropic(gw.baseUrl());
        try {
            client.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(256)
                    .addUserMessage("Say hello").build());
        } finally {
            client.close();
        }
        assertEquals("claude-sonnet-4-5", modelAskedOf("main"));
        assertEquals("tier:exact", chosenBy());
    }

    @Test
    void aWebSearchRequestFromTheOpenAiSdkGoesToTheSearchGroup() {
        gw.openai().chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o")
                .addUserMessage("What happened today?")
                .webSearchOptions(ChatCompletionCreateParams.WebSearchOptions.builder().build()).build());

        assertEquals("searcher-model", modelAskedOf("searcher"));
        assertEquals("rule:search", chosenBy());
    }

    @Test
    void anImageGoesToTheVisionGroup() {
        var response = gw.post("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"text\",\"text\":\"What is this?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":"
                + "\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQ"
                + "AAAABJRU5ErkJggg==\"}}]}]}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("vision-model", modelAskedOf("vision"));
        assertEquals("rule:vision", chosenBy());
    }

    @Test
    void aLongRequestGoesToTheLongContextGroupOnlyAboveItsThreshold() {
        gw.store.rules().add(rule("long", SceneRule.When.NOTHING.withTokensAbove(1000L), "vision"), 1);
        var small = gw.post(GatewayFixture.chatBody("gpt-4o", false));
        assertEquals(200, small.statusCode());
        assertEquals("tier:exact", chosenBy());

        var large = gw.post("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "word ".repeat(1000) + "\"}]}");

        assertEquals(200, large.statusCode(), large.body());
        assertEquals("rule:long", chosenBy());
        assertEquals("vision-model", modelAskedOf("vision"));
    }

    @Test
    void theLongerModelPatternWinsWhereverItSits() {
        gw.store.rules().add(rule("gpt", SceneRule.When.NOTHING.withModel(ModelPattern.of("gpt*")), "cheap"), null);
        gw.store.rules().add(rule("gpt-4o", SceneRule.When.NOTHING.withModel(ModelPattern.of("gpt-4o*")), "think"),
                null);
        gw.store.rules().move("gpt-4o", 6); // last, behind the shorter gpt*

        assertEquals("Hello there", gw.ask("gpt-4o"));
        assertEquals("rule:gpt-4o", chosenBy());
        assertEquals("think-model", modelAskedOf("think"));
        assertEquals("Hello there", gw.ask("gpt-3.5-turbo"));
        assertEquals("rule:gpt", chosenBy());
    }

    @Test
    void aRuleWhoseGroupIsGoneIsSkippedAndTheLogSaysSo() {
        gw.store.entries().createGroup("temp");
        gw.store.entries().addMember("temp", "cheap/cheap-model", null);
        gw.store.rules().add(rule("gpts", SceneRule.When.NOTHING.withModel(ModelPattern.of("gpt*")), "temp"), null);
        gw.store.entries().deleteGroup("temp");

        assertEquals("Hello there", gw.ask("gpt-4o"));

        assertEquals("gpt-4o", modelAskedOf("main"));
        assertEquals("tier:exact (rule gpts skipped: group temp does not exist)", chosenBy());
        assertEquals(0, calls(gw.upstream("cheap")));
    }

    @Test
    void aChannelQualifiedNameIsNeverTakenByARule() {
        var client = anthropic(gw.baseUrl());
        try {
            client.messages().create(MessageCreateParams.builder().model("main/claude-sonnet-4-5").maxTokens(2048)
                    .thinking(ThinkingConfigEnabled.builder().budgetTokens(1024).build())
                    .addUserMessage("Think, then say hello").build());
        } finally {
            client.close();
        }
        assertEquals("claude-sonnet-4-5", modelAskedOf("main"));
        assertEquals("tier:channel-qualified", chosenBy());
        assertEquals(0, calls(gw.upstream("think")));
    }

    @Test
    void aPinnedOpenAiClientReachesItsGroupWhateverModelItNamesAndListsThatGroup() {
        var client = OpenAIOkHttpClient.builder().baseUrl(gw.baseUrl() + "/g/cheap/v1").apiKey("unused")
                .maxRetries(0).build();
        try {
            assertEquals("Hello there", client.chat().completions().create(GatewayFixture.params("gpt-4o"))
                    .choices().get(0).message().content().orElseThrow());
            var logged = gw.lastUsage();
            assertEquals("pinned:/g/cheap", logged.chosenBy());
            assertEquals("gpt-4o", logged.requestedModel(), "the client's own name is kept");
            assertEquals("cheap-model", modelAskedOf("cheap"));
            assertEquals(0, calls(gw.upstream("main")));

            // streamed, and with thinking, which the reasoning rule would take without the pin
            var text = new StringBuilder();
            try (var stream = client.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                    .model("o3").reasoningEffort(com.openai.models.ReasoningEffort.HIGH).addUserMessage("hi").build())) {
                stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
            }
            assertTrue(!text.isEmpty());
            assertEquals("pinned:/g/cheap", chosenBy());

            var ids = client.models().list().data().stream().map(m -> m.id()).toList();
            assertEquals(List.of("cheap", "cheap-model"), ids);
        } finally {
            client.close();
        }
    }

    @Test
    void aPinnedAnthropicAndGeminiClientReachTheirGroupToo() {
        var client = anthropic(gw.baseUrl() + "/g/VISION");
        try {
            client.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(256)
                    .addUserMessage("Say hello").build());
        } finally {
            client.close();
        }
        assertEquals("vision-model", modelAskedOf("vision"));
        assertEquals("pinned:/g/vision", chosenBy(), "groups are named ignoring case; the log spells it as stored");

        try (var g = gemini(gw.baseUrl() + "/g/searcher")) {
            var answer = g.models.generateContent("gemini-2.5-flash", "Say hello", null);
            assertTrue(answer.text() != null && !answer.text().isEmpty());
        }
        assertEquals("searcher-model", modelAskedOf("searcher"));
        assertEquals("pinned:/g/searcher", chosenBy());
    }

    @Test
    void anUnknownPinnedGroupIs404InEachClientsOwnShape() {
        var openai = OpenAIOkHttpClient.builder().baseUrl(gw.baseUrl() + "/g/nope/v1").apiKey("unused")
                .maxRetries(0).build();
        try {
            var e = assertThrows(com.openai.errors.NotFoundException.class,
                    () -> openai.chat().completions().create(GatewayFixture.params("gpt-4o")));
            assertTrue(e.getMessage().contains("There is no group 'nope' for the path /g/nope/"), e.getMessage());
        } finally {
            openai.close();
        }
        var anthropic = anthropic(gw.baseUrl() + "/g/nope");
        try {
            var e = assertThrows(com.anthropic.errors.NotFoundException.class, () -> anthropic.messages().create(
                    MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(64).addUserMessage("hi")
                            .build()));
            assertTrue(e.getMessage().contains("There is no group 'nope'"), e.getMessage());
        } finally {
            anthropic.close();
        }
        try (var g = gemini(gw.baseUrl() + "/g/nope")) {
            var e = assertThrows(com.google.genai.errors.ClientException.class,
                    () -> g.models.generateContent("gemini-2.5-flash", "hi", null));
            assertEquals(404, e.code());
        }
        var logged = gw.lastUsage();
        assertEquals(LoggedOutcome.NO_ROUTE, logged.outcome());
        assertTrue(logged.error().startsWith("group_not_found"), logged.error());
        assertNull(logged.chosenBy(), "refused before routing");
        for (var channel : List.of("main", "cheap", "think", "vision", "searcher")) {
            assertEquals(0, calls(gw.upstream(channel)), channel);
        }
    }

    @Test
    void theAdminApiIsNotBehindAPin() {
        var response = gw.send(gw.request("/g/cheap/admin/status").GET().build());
        assertEquals(404, response.statusCode(), response.body());
    }
}
