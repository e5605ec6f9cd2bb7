package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.ClientHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What scene rules see of a request ({@link ClientTraits}), read from recorded and SDK-made request bodies of each
 * protocol. The two Claude Code fixtures are from one run of the pinned Claude Code (2.1.332) through a recording
 * upstream, asked to fetch a page with WebFetch, {@code ANTHROPIC_DEFAULT_HAIKU_MODEL=claude-haiku-4-5}:
 * {@code background-request.json} is its summary of the fetched page, sent to the small fast model, as recorded
 * (the device id zeroed); {@code main-turn-request.json} is the conversation's first turn, trimmed to three of its
 * 26 tools and to the first 300 characters of each text.
 */
class ClientTraitsTest {
    /** The headers Claude Code 2.1.332 sent with both. */
    private static final ClientHeaders CLAUDE_CODE = ClientHeaders.of(Map.of(
            "User-Agent", "claude-cli/2.1.332 (external, sdk-cli)", "x-app", "cli",
            "anthropic-version", "2023-06-01"), "beta=true");
    private static final ClientHeaders SDK = ClientHeaders.of(Map.of("User-Agent", "Anthropic/Java 2.9.0",
            "anthropic-version", "2023-06-01"), null);

    static ObjectNode body(String resource) {
        try (var in = ClientTraitsTest.class.getResourceAsStream("/fixtures/" + resource)) {
            return (ObjectNode) Mappers.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ClientTraits traits(ClientProtocol p, String resource, ClientHeaders client) {
        return new ClientTraits(p, body(resource), client);
    }

    private static ClientTraits traits(ClientProtocol p, String json) {
        try {
            return new ClientTraits(p, (ObjectNode) Mappers.JSON.readTree(json), ClientHeaders.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void claudeCodesBackgroundCallIsRecognisedByItsShapeNotItsModel() {
        var background = traits(ClientProtocol.MESSAGES, "claude-code/background-request.json", CLAUDE_CODE);
        assertTrue(background.background());
        // the same call to whatever model the person set: still a background call
        var renamed = body("claude-code/background-request.json").put("model", "my-own-small-model");
        assertTrue(new ClientTraits(ClientProtocol.MESSAGES, renamed, CLAUDE_CODE).background());
        // with no small fast model set, Claude Code sends it to the main model and omits thinking altogether
        var main = body("claude-code/background-request.json").put("model", "claude-opus-5-5");
        main.remove("thinking");
        assertTrue(new ClientTraits(ClientProtocol.MESSAGES, main, CLAUDE_CODE).background());
    }

    @Test
    void theConversationIsNoBackgroundCall() {
        var turn = traits(ClientProtocol.MESSAGES, "claude-code/main-turn-request.json", CLAUDE_CODE);
        assertFalse(turn.background(), "tools and thinking");
        assertTrue(turn.thinking());
        assertFalse(traits(ClientProtocol.MESSAGES, "claude-code/messages-request.json", CLAUDE_CODE).background());
        // a tool-free, thinking-free turn of a longer conversation
        var later = body("claude-code/background-request.json");
        later.withArray("messages").addObject().put("role", "assistant").put("content", "Sure.");
        later.withArray("messages").addObject().put("role", "user").put("content", "And then?");
        assertFalse(new ClientTraits(ClientProtocol.MESSAGES, later, CLAUDE_CODE).background());
    }

    @Test
    void onlyClaudeCodeMakesBackgroundCalls() {
        assertFalse(traits(ClientProtocol.MESSAGES, "claude-code/background-request.json", SDK).background(),
                "an SDK script's one-shot question is its main call");
        assertTrue(traits(ClientProtocol.MESSAGES, "claude-code/background-request.json",
                ClientHeaders.of(Map.of("x-app", "cli"), null)).background());
        assertFalse(new ClientTraits(ClientProtocol.CHAT, body("claude-code/background-request.json"), CLAUDE_CODE)
                .background(), "Messages only");
    }

    @ParameterizedTest(name = "{0} {1}: thinking {2}")
    @CsvSource({
            "MESSAGES,  anthropic/request-images.json,                  false",
            "MESSAGES,  openai/reasoning/messages_thinking_budget.json, true",
            "MESSAGES,  claude-code/background-request.json,            false",
            "CHAT,      openai/reasoning/chat_client_for_any_model.json, false",
            "RESPONSES, openai/reasoning/responses_minimal_effort.json, true",
            "RESPONSES, responses/requests/sdk-images-tools.json,       false",
            "GEMINI,    openai/reasoning/gemini_thinking_off.json,      false",
            "GEMINI,    gemini/request-gemini-cli.json,                 true",
            "GEMINI,    gemini/request-images.json,                     true",
    })
    void thinkingIsWhatEachProtocolCallsIt(ClientProtocol p, String fixture, boolean thinking) {
        assertEquals(thinking, traits(p, fixture, ClientHeaders.NONE).thinking());
    }

    @Test
    void chatThinkingAsOpenAiAndTheRelaysSayIt() {
        assertTrue(traits(ClientProtocol.CHAT, "{\"reasoning_effort\":\"high\"}").thinking());
        assertFalse(traits(ClientProtocol.CHAT, "{\"reasoning_effort\":\"none\"}").thinking());
        assertTrue(traits(ClientProtocol.CHAT, "{\"reasoning\":{\"effort\":\"low\"}}").thinking());
        assertTrue(traits(ClientProtocol.CHAT, "{\"reasoning\":{\"enabled\":true}}").thinking());
        assertTrue(traits(ClientProtocol.CHAT, "{\"thinking\":{\"type\":\"enabled\"}}").thinking());
        assertTrue(traits(ClientProtocol.CHAT, "{\"enable_thinking\":true}").thinking());
        assertFalse(traits(ClientProtocol.CHAT, "{\"enable_thinking\":false}").thinking());
        assertTrue(traits(ClientProtocol.MESSAGES, "{\"thinking\":{\"type\":\"adaptive\"}}").thinking());
        assertFalse(traits(ClientProtocol.RESPONSES, "{\"reasoning\":{\"effort\":\"none\"}}").thinking());
    }

    @ParameterizedTest(name = "{0} {1}: images {2}")
    @CsvSource({
            "MESSAGES,  anthropic/request-images.json,            true",
            "MESSAGES,  claude-code/main-turn-request.json,       false",
            "CHAT,      openai/requests/images.json,              true",
            "CHAT,      openai/requests/tools.json,               false",
            "RESPONSES, responses/requests/sdk-images-tools.json, true",
            "RESPONSES, responses/requests/codex.json,            false",
            "GEMINI,    gemini/request-images.json,               true",
            "GEMINI,    gemini/request-gemini-cli.json,           false",
    })
    void imagesInTheConversationAreFound(ClientProtocol p, String fixture, boolean images) {
        assertEquals(images, traits(p, fixture, ClientHeaders.NONE).images());
    }

    @Test
    void anImageInAToolResultCountsAndAPdfDoesNot() {
        assertTrue(traits(ClientProtocol.MESSAGES, "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"tool_result\",\"tool_use_id\":\"t\",\"content\":[{\"type\":\"image\",\"source\":{}}]}]}]}")
                .images());
        assertFalse(traits(ClientProtocol.GEMINI, "{\"contents\":[{\"parts\":[{\"inlineData\":{\"mimeType\":"
                + "\"application/pdf\",\"data\":\"AA==\"}}]}]}").images());
    }

    @Test
    void webSearchIsAHostedToolOffered() {
        assertTrue(traits(ClientProtocol.RESPONSES, "responses/requests/codex.json", ClientHeaders.NONE).webSearch());
        assertFalse(traits(ClientProtocol.RESPONSES, "responses/requests/sdk-images-tools.json", ClientHeaders.NONE)
                .webSearch());
        assertTrue(traits(ClientProtocol.MESSAGES, "{\"tools\":[{\"type\":\"web_search_20250305\",\"name\":"
                + "\"web_search\",\"max_uses\":5}]}").webSearch());
        assertFalse(traits(ClientProtocol.MESSAGES, "claude-code/main-turn-request.json", CLAUDE_CODE).webSearch(),
                "Claude Code's own WebSearch tool is a function it runs, not the hosted tool");
        assertTrue(traits(ClientProtocol.CHAT, "{\"web_search_options\":{}}").webSearch());
        assertTrue(traits(ClientProtocol.GEMINI, "{\"tools\":[{\"googleSearch\":{}}]}").webSearch());
        assertTrue(traits(ClientProtocol.GEMINI, "{\"tools\":[{\"google_search_retrieval\":{}}]}").webSearch());
        assertFalse(traits(ClientProtocol.GEMINI, "gemini/request-gemini-cli.json", ClientHeaders.NONE).webSearch());
    }

    @Test
    void inputTokensAreTheCountTokensEstimateOfEachProtocol() {
        // 4,000 characters of text are about 1,000 tokens; the field names read add a few; an image is 1,600
        var text = "x".repeat(4000);
        assertAbout(1000, traits(ClientProtocol.CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":\"" + text
                + "\"}]}").inputTokens());
        assertAbout(1000 + 1600, traits(ClientProtocol.CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":[{"
                + "\"type\":\"text\",\"text\":\"" + text + "\"},{\"type\":\"image_url\",\"image_url\":{\"url\":"
                + "\"data:image/png;base64," + "A".repeat(40_000) + "\"}}]}]}").inputTokens());
        assertAbout(1000, traits(ClientProtocol.RESPONSES, "{\"input\":\"" + text + "\"}").inputTokens());
        assertAbout(1000, traits(ClientProtocol.GEMINI, "{\"contents\":[{\"parts\":[{\"text\":\"" + text
                + "\"}]}]}").inputTokens());
        var body = body("claude-code/main-turn-request.json");
        assertEquals(TokenEstimate.of(body), new ClientTraits(ClientProtocol.MESSAGES, body, CLAUDE_CODE)
                .inputTokens());
    }

    private static void assertAbout(long expected, long actual) {
        assertTrue(actual >= expected && actual <= expected + 10, "about " + expected + ": " + actual);
    }
}
