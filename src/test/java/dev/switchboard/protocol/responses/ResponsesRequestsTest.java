package dev.switchboard.protocol.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.ResponseCreateParams;
import dev.switchboard.protocol.ChatRequest;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Role;
import dev.switchboard.protocol.Tool;
import dev.switchboard.protocol.ToolChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ResponsesRequestsTest {
    private final ResponsesCodec codec = ResponsesCodec.create();

    /** Decode, encode for a Responses upstream, decode again: the second reading must mean what the first did. */
    private ChatRequest roundTrip(ChatRequest first) throws Exception {
        var encoded = codec.encodeRequest(first);
        assertAcceptedBySdk(encoded);
        return codec.decodeRequest(encoded);
    }

    /**
     * The OpenAI SDK's request model must take what we send upstream. Reasoning items are checked apart: the SDK
     * types their {@code id} as required, while the API takes them back without one under {@code store: false}
     * (and fails with one), which is how Codex sends them.
     */
    private static void assertAcceptedBySdk(ObjectNode body) throws Exception {
        var copy = body.deepCopy();
        var input = copy.withArray("input");
        for (int i = input.size() - 1; i >= 0; i--) {
            var item = input.get(i);
            if ("reasoning".equals(item.path("type").asText())) {
                assertFalse(item.has("id"), "reasoning goes back without an id");
                assertTrue(item.get("encrypted_content").asText().startsWith("gAAAAA"));
                assertTrue(item.get("summary").isArray());
                input.remove(i);
            }
        }
        ObjectMappers.jsonMapper().readValue(Fixtures.JSON.writeValueAsString(copy), ResponseCreateParams.Body.class)
                .validate();
    }

    private static String systemText(ChatRequest r) {
        return r.system().stream().map(Part.Text::text).collect(Collectors.joining("\n\n"));
    }

    private static List<String> types(JsonNode items) {
        var out = new ArrayList<String>();
        items.forEach(i -> out.add(i.path("type").asText(i.path("role").asText())));
        return out;
    }

    @Test
    void decodesACodexRequest() throws Exception {
        var body = Fixtures.json("requests/codex.json");
        var request = codec.decodeRequest(body);

        assertEquals("gpt-5-codex", request.model());
        assertEquals(2, request.system().size(), "instructions, then the developer message");
        assertEquals(body.get("instructions").asText(), request.system().get(0).text());
        assertTrue(request.system().get(1).text().startsWith("<permissions instructions>"));
        assertEquals(3, request.messages().size(), "AGENTS.md, environment context and the prompt, in order");
        assertTrue(request.messages().stream().allMatch(m -> m.role() == Role.USER));
        assertEquals(Message.user("Why does InvoiceTotalsTest fail? Fix it."), request.messages().get(2));
        assertEquals(List.of("shell", "update_plan", "view_image"),
                request.tools().stream().map(Tool::name).collect(Collectors.toList()),
                "the custom apply_patch tool and web_search are OpenAI's own and dropped");
        assertEquals("command", request.tools().get(0).parameters().at("/required/0").asText());
        assertEquals(new ToolChoice.Auto(), request.toolChoice());
        assertEquals(Boolean.FALSE, request.parallelToolCalls());
        assertEquals("medium", request.reasoningEffort());
        assertTrue(request.stream());
        assertNull(request.maxTokens());
        assertNull(request.user());
    }

    @Test
    void encodesForAResponsesUpstreamStatelessly() throws Exception {
        var request = codec.decodeRequest(Fixtures.json("requests/codex.json"));
        var encoded = codec.encodeRequest(request);

        assertAcceptedBySdk(encoded);
        assertEquals(systemText(request), encoded.get("instructions").asText(), "the system prompt is instructions");
        assertEquals(List.of("message", "message", "message"), types(encoded.get("input")));
        assertFalse(encoded.get("store").asBoolean(), "Switchboard keeps nothing at OpenAI");
        assertEquals("reasoning.encrypted_content", encoded.at("/include/0").asText());
        assertEquals("medium", encoded.at("/reasoning/effort").asText());
        assertFalse(encoded.get("reasoning").has("summary"), "summaries need a verified organization");
        for (var tool : encoded.get("tools")) {
            assertEquals("function", tool.get("type").asText());
            assertFalse(tool.has("function"), "Responses tools are flat");
            assertFalse(tool.get("strict").asBoolean(), "strict by default would refuse most schemas");
        }
        assertFalse(encoded.get("parallel_tool_calls").asBoolean());
        assertTrue(encoded.get("stream").asBoolean());
        assertFalse(encoded.has("previous_response_id"));
        var again = roundTrip(request);
        assertEquals(systemText(request), systemText(again));
        assertEquals(request.messages(), again.messages());
        assertEquals(request.tools(), again.tools());
        assertEquals(request.reasoningEffort(), again.reasoningEffort());
    }

    @Test
    void readsATwoTurnToolConversationWithReasoning() throws Exception {
        var body = Fixtures.json("requests/codex-tool-turns.json");
        var request = codec.decodeRequest(body);

        var roles = request.messages().stream().map(Message::role).collect(Collectors.toList());
        assertEquals(List.of(Role.USER, Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT, Role.USER,
                Role.ASSISTANT, Role.USER), roles);
        var first = request.messages().get(2).parts();
        var encrypted1 = body.at("/input/3/encrypted_content").asText();
        assertEquals(new Part.Thinking("**Locating the failing test**\n\nI'll run the test class first to see the"
                + " assertion that fails.", encrypted1, false), first.get(0));
        var call = assertInstanceOf(Part.ToolCall.class, first.get(1));
        assertEquals("call_Qd7Xb2mZk1LwR9sTf4hYc3Ve", call.id());
        assertEquals("shell", call.name());
        assertTrue(call.arguments().contains("InvoiceTotalsTest"));
        var result = assertInstanceOf(Part.ToolResult.class, request.messages().get(3).parts().get(0));
        assertEquals("call_Qd7Xb2mZk1LwR9sTf4hYc3Ve", result.callId());
        assertEquals("shell", result.name(), "the name is looked up from the call");
        assertFalse(result.isError());

        var second = request.messages().get(4).parts();
        assertEquals(3, second.size(), "reasoning and two calls make one assistant turn");
        var thinking = assertInstanceOf(Part.Thinking.class, second.get(0));
        assertEquals("**Inspecting rounding**\n\nThe total is rounded with HALF_DOWN; the test expects HALF_UP."
                + "\n\n**Checking the call site**\n\nI'll read InvoiceTotals.java around the rounding call.",
                thinking.text(), "summary parts join with a blank line");
        assertEquals(2, request.messages().get(5).parts().size(), "both outputs answer in one user turn");
        var answer = request.messages().get(6).parts();
        assertEquals(1, answer.size(), "the apply_patch custom call and its output are dropped together");
        assertTrue(((Part.Text) answer.get(0)).text().startsWith("`InvoiceTotals.total()` rounded"));
        assertEquals(Message.user("Thanks. Does anything else use HALF_DOWN?"), request.messages().get(7));
        assertEquals("high", request.reasoningEffort());
        assertEquals(Boolean.TRUE, request.parallelToolCalls());
    }

    @Test
    void sendsReasoningBackWithItsEncryptedContentAndNoIds() throws Exception {
        var request = codec.decodeRequest(Fixtures.json("requests/codex-tool-turns.json"));
        var encoded = codec.encodeRequest(request);
        var input = encoded.get("input");

        assertEquals(List.of("message", "message", "reasoning", "function_call", "function_call_output", "reasoning",
                "function_call", "function_call", "function_call_output", "function_call_output", "message",
                "message"), types(input));
        for (var item : input) {
            assertFalse(item.has("id"), "items go without ids under store: false: " + item);
        }
        assertEquals("call_Hn4Pw8cJt6GaY2kLm5xRb9Qe", input.get(6).get("call_id").asText());
        assertEquals("src/main/java/shop/InvoiceTotals.java:41:        return sum.setScale(2, RoundingMode.HALF_DOWN);\n",
                input.get(8).get("output").asText());
        assertEquals("assistant", input.get(10).get("role").asText());
        assertTrue(input.get(10).get("content").isTextual(), "assistant text goes back as the plain string form");
        assertEquals(request.messages(), roundTrip(request).messages());
    }

    @Test
    void dropsThinkingThatOpenAiCannotTakeBack() {
        var request = new ChatRequest("gpt-5", List.of(), List.of(
                Message.user("Hi"),
                new Message(Role.ASSISTANT, List.of(
                        new Part.Thinking("Anthropic thought", "EqQBCkgIBxABGAIiQ…", false),
                        new Part.Thinking("", "EmwKAhgBEgy3va3pzix/LafPsn4a…", true),
                        new Part.Thinking("DeepSeek thought", null, false),
                        new Part.Thinking("OpenAI thought", "gAAAAABowXyz", false),
                        new Part.Text("Hello"), new Part.Text(" there"),
                        new Part.ToolCall("toolu_01A", "get_time", "", null))),
                Message.user("And?")), List.of(), null, null, 1, null, null, 40, List.of("STOP"), false, null, 2048,
                null);
        var encoded = codec.encodeRequest(request);
        var input = encoded.get("input");

        assertEquals(List.of("message", "reasoning", "message", "function_call", "message"), types(input));
        assertEquals("OpenAI thought", input.get(1).at("/summary/0/text").asText());
        assertEquals("gAAAAABowXyz", input.get(1).get("encrypted_content").asText());
        assertEquals("Hello there", input.get(2).get("content").asText());
        assertEquals("{}", input.get(3).get("arguments").asText(), "no arguments is the empty object");
        assertEquals(16, encoded.get("max_output_tokens").asInt(), "OpenAI's minimum");
        assertFalse(encoded.has("top_k"));
        assertFalse(encoded.has("stop"), "Responses has no stop sequences");
        assertFalse(encoded.has("reasoning"), "a thinking budget is not an effort");
        assertFalse(encoded.has("include"));
        assertFalse(encoded.has("tool_choice"), "tool settings only go with tools");
        assertFalse(encoded.has("instructions"));
    }

    @Test
    void keepsImagesSystemMessagesToolsAndSampling() throws Exception {
        var request = codec.decodeRequest(Fixtures.json("requests/sdk-images-tools.json"));

        assertEquals(List.of(new Part.Text("You are a helpful travel assistant. Answer briefly."),
                new Part.Text("Prefer metric units.")), request.system());
        var parts = request.messages().get(0).parts();
        assertEquals(new Part.Text("What is in this picture, and what is the weather there now?"), parts.get(0));
        assertEquals(Part.Image.at("https://upload.wikimedia.org/wikipedia/commons/3/3a/Oslo_Opera_House_seen_from_Langkaia.JPG"),
                parts.get(1));
        var inline = assertInstanceOf(Part.Image.class, parts.get(2));
        assertEquals("image/png", inline.mediaType());
        assertTrue(inline.data().startsWith("iVBORw0KGgo"));
        assertEquals(2, request.tools().size(), "file_search is dropped");
        assertEquals(new ToolChoice.Named("get_weather"), request.toolChoice());
        assertEquals(800, request.maxTokens());
        assertEquals(0.3, request.temperature());
        assertEquals(0.9, request.topP());
        assertEquals("user-4711", request.user());
        assertFalse(request.stream());

        var encoded = codec.encodeRequest(request);
        assertEquals("function", encoded.at("/tool_choice/type").asText());
        assertEquals("get_weather", encoded.at("/tool_choice/name").asText());
        assertTrue(encoded.at("/input/0/content/2/image_url").asText().startsWith("data:image/png;base64,iVBORw0KGgo"));
        var again = roundTrip(request);
        assertEquals(request.messages(), again.messages());
        assertEquals(request.tools(), again.tools());
        assertEquals(request.toolChoice(), again.toolChoice());
        assertEquals(request.parallelToolCalls(), again.parallelToolCalls());
        assertEquals(request.maxTokens(), again.maxTokens());
        assertEquals(request.temperature(), again.temperature());
        assertEquals(request.topP(), again.topP());
        assertEquals(request.user(), again.user());
    }

    @Test
    void keepsEveryToolChoiceVariant() throws Exception {
        var cases = List.of(
                List.of("\"auto\"", new ToolChoice.Auto()),
                List.of("\"none\"", new ToolChoice.None()),
                List.of("\"required\"", new ToolChoice.Required()),
                List.of("{\"type\":\"function\",\"name\":\"get_time\"}", new ToolChoice.Named("get_time")),
                List.of("{\"type\":\"allowed_tools\",\"mode\":\"required\",\"tools\":[{\"type\":\"function\","
                        + "\"name\":\"get_time\"}]}", new ToolChoice.Required()),
                List.of("{\"type\":\"web_search_preview\"}", new ToolChoice.Auto()));
        for (var c : cases) {
            var body = Fixtures.json("requests/sdk-images-tools.json");
            body.set("tool_choice", Fixtures.parse((String) c.get(0)));
            var request = codec.decodeRequest(body);
            assertEquals(c.get(1), request.toolChoice(), (String) c.get(0));
            assertEquals(c.get(1), roundTrip(request).toolChoice(), (String) c.get(0));
        }
    }

    @Test
    void readsAStringInputAsOneUserMessage() throws Exception {
        var request = codec.decodeRequest((ObjectNode) Fixtures.parse(
                "{\"model\":\"gpt-4.1\",\"input\":\"Tell me a three sentence bedtime story about a unicorn.\"}"));

        assertEquals(List.of(Message.user("Tell me a three sentence bedtime story about a unicorn.")),
                request.messages());
        assertTrue(request.system().isEmpty());
        assertTrue(request.tools().isEmpty());
        var encoded = codec.encodeRequest(request);
        assertEquals("Tell me a three sentence bedtime story about a unicorn.", encoded.at("/input/0/content").asText());
        assertEquals(request.messages(), roundTrip(request).messages());
    }

    @Test
    void sendsToolResultsWithImagesAsContentParts() throws Exception {
        var request = new ChatRequest("gpt-5", List.of(), List.of(
                Message.user("Screenshot the page"),
                new Message(Role.ASSISTANT, List.of(new Part.ToolCall("call_1", "screenshot", "{}", null))),
                new Message(Role.USER, List.of(new Part.ToolResult("call_1", "screenshot",
                        List.of(new Part.Text("Here it is"), Part.Image.inline("image/jpeg", "/9j/4AAQ")), true),
                        new Part.Text("What do you see?")))),
                List.of(new Tool("screenshot", null, null)), new ToolChoice.Required(), null, null, null, null, null,
                List.of(), false, null, null, null);
        var encoded = codec.encodeRequest(request);

        assertAcceptedBySdk(encoded);
        var output = encoded.at("/input/2/output");
        assertEquals("input_text", output.at("/0/type").asText());
        assertEquals("data:image/jpeg;base64,/9j/4AAQ", output.at("/1/image_url").asText());
        assertEquals("What do you see?", encoded.at("/input/3/content").asText());
        assertEquals("object", encoded.at("/tools/0/parameters/type").asText(), "a tool without a schema takes none");
        assertEquals("required", encoded.get("tool_choice").asText());
        var again = codec.decodeRequest(encoded);
        var result = (Part.ToolResult) again.messages().get(2).parts().get(0);
        assertEquals("screenshot", result.name());
        assertEquals(2, result.content().size());
        assertFalse(result.isError(), "Responses has no error flag for a result");
    }

    private void assertRefused(String json, String param) {
        var e = assertThrows(ProtocolException.class, () -> codec.decodeRequest((ObjectNode) Fixtures.parse(json)));
        assertEquals(param, e.param(), e.getMessage());
    }

    @Test
    void refusesWhatCannotBeConverted() {
        assertRefused("{\"model\":\"gpt-5\"}", "input");
        assertRefused("{\"model\":42,\"input\":\"hi\"}", "model");
        assertRefused("{\"input\":\"hi\"}", "model");
        assertRefused("{\"model\":\"gpt-5\",\"input\":\"hi\",\"stream\":\"yes\"}", "stream");
        assertRefused("{\"model\":\"gpt-5\",\"input\":{\"role\":\"user\"}}", "input");
        assertRefused("{\"model\":\"gpt-5\",\"input\":\"And then?\",\"previous_response_id\":\"resp_123\"}",
                "previous_response_id");
        assertRefused("{\"model\":\"gpt-5\",\"input\":\"hi\",\"conversation\":\"conv_123\"}", "conversation");
        assertRefused("{\"model\":\"gpt-5\",\"input\":\"hi\",\"background\":true}", "background");
        assertRefused("{\"model\":\"gpt-5\",\"input\":[{\"type\":\"item_reference\",\"id\":\"msg_123\"}]}", "input[0]");
        assertRefused("{\"model\":\"gpt-5\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\","
                + "\"file_id\":\"file-abc\",\"detail\":\"auto\"}]}]}", "input[0].content[0].file_id");
        assertRefused("{\"model\":\"gpt-5\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_file\","
                + "\"file_id\":\"file-abc\"}]}]}", "input[0].content[0].type");
        assertRefused("{\"model\":\"gpt-5\",\"input\":[{\"type\":\"teleport\"}]}", "input[0].type");
        assertRefused("{\"model\":\"gpt-5\",\"input\":[{\"role\":\"critic\",\"content\":\"hm\"}]}", "input[0].role");
        assertRefused("{\"model\":\"gpt-5\",\"input\":[{\"type\":\"function_call\",\"name\":\"f\"}]}",
                "input[0].call_id");
        assertRefused("{\"model\":\"gpt-5\",\"input\":\"hi\",\"max_output_tokens\":\"many\"}", "max_output_tokens");
        assertRefused("{\"model\":\"gpt-5\",\"input\":\"hi\",\"reasoning\":{\"effort\":3}}", "reasoning.effort");
    }
}
