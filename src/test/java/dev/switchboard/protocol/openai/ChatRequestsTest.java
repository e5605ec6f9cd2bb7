package dev.switchboard.protocol.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.protocol.ChatRequest;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Role;
import dev.switchboard.protocol.Tool;
import dev.switchboard.protocol.ToolChoice;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChatRequestsTest {
    private final ChatCompletionsCodec codec = ChatCompletionsCodec.create();

    /** Decode, encode, decode again: the second reading must mean what the first did. */
    private ChatRequest roundTrip(ChatRequest first) throws Exception {
        var encoded = codec.encodeRequest(first);
        assertAcceptedBySdk(encoded);
        return codec.decodeRequest(encoded);
    }

    /** The OpenAI SDK's own request model must take what we send upstream. */
    private static void assertAcceptedBySdk(ObjectNode body) throws Exception {
        ObjectMappers.jsonMapper().readValue(Fixtures.JSON.writeValueAsString(body), ChatCompletionCreateParams.Body.class)
                .validate();
    }

    private static String systemText(ChatRequest r) {
        return r.system().stream().map(Part.Text::text).collect(Collectors.joining("\n\n"));
    }

    @Test
    void keepsSystemAndDeveloperMessagesInOrderAsTheSystemPrompt() throws Exception {
        var request = codec.decodeRequest(Fixtures.json("requests/multi_turn_system_developer.json"));

        assertEquals(List.of(new Part.Text("You are a terse assistant for a hardware shop."),
                new Part.Text("Answer in English."), new Part.Text("Never quote prices.")), request.system());
        assertEquals(List.of(
                Message.user("Do you sell M3 screws?"),
                new Message(Role.ASSISTANT, List.of(new Part.Text("Yes, in stainless and zinc-plated steel."))),
                Message.user("Which lengths?")), request.messages());

        var encoded = codec.encodeRequest(request);
        var first = encoded.get("messages").get(0);
        assertEquals("system", first.get("role").asText(), "developer goes upstream as system");
        assertEquals(1, encoded.get("messages").findValues("role").stream().filter(r -> r.asText().equals("system"))
                .count());
        var again = roundTrip(request);
        assertEquals(systemText(request), systemText(again));
        assertEquals(request.messages(), again.messages());
    }

    @Test
    void keepsSamplingFieldsAndPrefersMaxCompletionTokens() throws Exception {
        var request = codec.decodeRequest(Fixtures.json("requests/multi_turn_system_developer.json"));

        assertEquals("gpt-4o", request.model());
        assertEquals(512, request.maxTokens(), "max_completion_tokens wins over max_tokens");
        assertEquals(0.2, request.temperature());
        assertEquals(0.9, request.topP());
        assertEquals(List.of("\n\nUser:"), request.stop());
        assertEquals("user-4711", request.user());
        assertEquals("low", request.reasoningEffort());
        assertTrue(request.stream());

        var encoded = codec.encodeRequest(request);
        assertEquals(512, encoded.get("max_tokens").asInt(), "relays know max_tokens");
        assertFalse(encoded.has("max_completion_tokens"));
        assertFalse(encoded.has("seed"), "fields the canonical model cannot carry are not invented");
        var again = roundTrip(request);
        assertEquals(request.maxTokens(), again.maxTokens());
        assertEquals(request.temperature(), again.temperature());
        assertEquals(request.topP(), again.topP());
        assertEquals(request.stop(), again.stop());
        assertEquals(request.user(), again.user());
        assertEquals(request.reasoningEffort(), again.reasoningEffort());
    }

    @Test
    void alwaysAsksForUsageWhenStreamingUpstream() {
        var request = Fixtures.json("requests/images.json");
        request.put("stream", true);
        ChatRequest decoded;
        try {
            decoded = codec.decodeRequest(request);
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
        var encoded = codec.encodeRequest(decoded);
        assertTrue(encoded.get("stream").asBoolean());
        assertTrue(encoded.at("/stream_options/include_usage").asBoolean());
        assertFalse(codec.encodeRequest(decoded.withStream(false)).has("stream_options"));
    }

    @Test
    void readsBase64DataUrlsAsInlineImagesAndKeepsUrls() throws Exception {
        var request = codec.decodeRequest(Fixtures.json("requests/images.json"));

        var parts = request.messages().get(0).parts();
        assertEquals(new Part.Text("What differs between these two pictures?"), parts.get(0));
        var inline = assertInstanceOf(Part.Image.class, parts.get(1));
        assertTrue(inline.isInline());
        assertEquals("image/png", inline.mediaType());
        assertTrue(inline.data().startsWith("iVBORw0KGgo"));
        assertEquals(Part.Image.at("https://upload.wikimedia.org/wikipedia/commons/4/47/PNG_transparency_demonstration_1.png"),
                parts.get(2));

        var encoded = codec.encodeRequest(request);
        var content = encoded.at("/messages/0/content");
        assertTrue(content.get(1).at("/image_url/url").asText().startsWith("data:image/png;base64,iVBORw0KGgo"));
        assertEquals(request.messages(), roundTrip(request).messages());
    }

    @Test
    void keepsToolsNamedToolChoiceAndParallelToolCallsOff() throws Exception {
        var request = codec.decodeRequest(Fixtures.json("requests/tools.json"));

        assertEquals(2, request.tools().size());
        Tool weather = request.tools().get(0);
        assertEquals("get_weather", weather.name());
        assertEquals("Current weather for a city.", weather.description());
        assertEquals("city", weather.parameters().at("/required/0").asText());
        assertNull(request.tools().get(1).description());
        assertEquals(new ToolChoice.Named("get_weather"), request.toolChoice());
        assertEquals(Boolean.FALSE, request.parallelToolCalls());

        var encoded = codec.encodeRequest(request);
        assertEquals("function", encoded.at("/tool_choice/type").asText());
        assertEquals("get_weather", encoded.at("/tool_choice/function/name").asText());
        assertFalse(encoded.get("parallel_tool_calls").asBoolean());
        var again = roundTrip(request);
        assertEquals(request.tools(), again.tools());
        assertEquals(request.toolChoice(), again.toolChoice());
        assertEquals(request.parallelToolCalls(), again.parallelToolCalls());
    }

    @Test
    void keepsEveryToolChoiceVariant() throws Exception {
        var cases = List.of(
                List.of("\"auto\"", new ToolChoice.Auto()),
                List.of("\"none\"", new ToolChoice.None()),
                List.of("\"required\"", new ToolChoice.Required()),
                List.of("{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}", new ToolChoice.Named("get_time")));
        for (var c : cases) {
            var body = Fixtures.json("requests/tools.json");
            body.set("tool_choice", Fixtures.JSON.readTree((String) c.get(0)));
            var request = codec.decodeRequest(body);
            assertEquals(c.get(1), request.toolChoice(), (String) c.get(0));
            assertEquals(c.get(1), roundTrip(request).toolChoice(), (String) c.get(0));
        }
    }

    @Test
    void mergesToolResultsAndTheFollowingUserMessageIntoOneTurn() throws Exception {
        var request = codec.decodeRequest(Fixtures.json("requests/tool_conversation.json"));

        var roles = request.messages().stream().map(Message::role).collect(Collectors.toList());
        assertEquals(List.of(Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT, Role.USER),
                roles, "two tool messages make one user turn; a tool message and the next user message make another");
        var calls = request.messages().get(1).parts();
        assertEquals(new Part.ToolCall("call_Wq0sbD8xY1cT3nKpLmZ4aB7e", "get_weather", "{\"city\":\"Oslo\"}", null),
                calls.get(0));
        var results = request.messages().get(2).parts();
        assertEquals(new Part.ToolResult("call_Wq0sbD8xY1cT3nKpLmZ4aB7e", "get_weather",
                List.of(new Part.Text("{\"temp_c\":4,\"sky\":\"overcast\"}")), false), results.get(0));
        assertEquals(new Part.ToolResult("call_Jh2vRt5uX9oP1qS6wE3yN8dF", "get_weather",
                List.of(new Part.Text("{\"temp_c\":7,\"sky\":\"rain\"}")), false), results.get(1));
        var last = request.messages().get(6).parts();
        assertEquals(new Part.ToolResult("call_Zx8cV1bN3mQ5wE7rT9yU2iO4", "get_time", List.of(new Part.Text("14:05 CET")),
                false), last.get(0), "tool results come first in the merged turn");
        assertEquals(new Part.Text("Thanks. Anything else I should know?"), last.get(1));
        var emptyArguments = (Part.ToolCall) request.messages().get(5).parts().get(1);
        assertEquals("{}", emptyArguments.arguments(), "empty arguments are the empty object");
        assertEquals(new ToolChoice.Auto(), request.toolChoice());
    }

    @Test
    void encodesToolResultsAsToolMessagesBeforeTheUserText() throws Exception {
        var request = codec.decodeRequest(Fixtures.json("requests/tool_conversation.json"));
        var messages = codec.encodeRequest(request).get("messages");

        var roles = new java.util.ArrayList<String>();
        messages.forEach(m -> roles.add(m.get("role").asText()));
        assertEquals(List.of("system", "user", "assistant", "tool", "tool", "assistant", "user", "assistant", "tool",
                "user"), roles);
        assertTrue(messages.get(2).get("content").isNull(), "a turn that only calls tools has null content");
        assertEquals("call_Jh2vRt5uX9oP1qS6wE3yN8dF", messages.get(4).get("tool_call_id").asText());
        assertEquals("{\"temp_c\":7,\"sky\":\"rain\"}", messages.get(4).get("content").asText());
        assertEquals("{}", messages.at("/7/tool_calls/0/function/arguments").asText());
        assertEquals("Let me check.", messages.get(7).get("content").asText());
        assertEquals(request.messages(), roundTrip(request).messages());
    }

    @Test
    void readsLegacyFunctionsAndFunctionCalls() throws Exception {
        var request = codec.decodeRequest(Fixtures.json("requests/legacy_functions.json"));

        assertEquals("get_current_weather", request.tools().get(0).name());
        assertEquals(new ToolChoice.Auto(), request.toolChoice());
        var call = (Part.ToolCall) request.messages().get(1).parts().get(0);
        assertEquals("get_current_weather", call.name());
        assertTrue(call.id().startsWith("call_"), "a legacy call gets an id: " + call.id());
        var result = (Part.ToolResult) request.messages().get(2).parts().get(0);
        assertEquals(call.id(), result.callId(), "the function message answers that call");
        assertEquals("get_current_weather", result.name());

        var encoded = codec.encodeRequest(request);
        assertEquals(call.id(), encoded.at("/messages/1/tool_calls/0/id").asText());
        assertEquals("tool", encoded.at("/messages/2/role").asText());
        assertEquals(call.id(), encoded.at("/messages/2/tool_call_id").asText());
        assertEquals(request.messages(), roundTrip(request).messages());
    }

    @Test
    void readsRelayReasoningButDropsItGoingUpstream() throws Exception {
        var request = codec.decodeRequest(Fixtures.json("requests/deepseek_reasoning_history.json"));

        var assistant = request.messages().get(1).parts();
        assertEquals(new Part.Thinking("Compare the tenths: 1 < 8, so 9.8 is greater.", null, false), assistant.get(0));
        assertEquals(new Part.Text("9.8 is greater than 9.11."), assistant.get(1));

        var encoded = codec.encodeRequest(request);
        assertFalse(encoded.at("/messages/1").has("reasoning_content"));
        assertEquals("9.8 is greater than 9.11.", encoded.at("/messages/1/content").asText());
    }

    @Test
    void dropsWhatChatCannotSayAndToolSettingsWithoutTools() {
        var request = new ChatRequest("gpt-4o", List.of(), List.of(
                Message.user("hi"),
                new Message(Role.ASSISTANT, List.of(new Part.Thinking("hmm", "sig", false))),
                new Message(Role.USER, List.of(new Part.ToolResult("call_1", "shot", List.of(new Part.Text("done"),
                        Part.Image.inline("image/jpeg", "AAAA")), true), new Part.Text("look")))),
                List.of(), new ToolChoice.Required(), false, 100, null, null, 40, List.of(), false, null, 2048, null);

        var encoded = codec.encodeRequest(request);
        assertFalse(encoded.has("top_k"));
        assertFalse(encoded.has("thinking"));
        assertFalse(encoded.has("tool_choice"), "OpenAI refuses tool_choice without tools");
        assertFalse(encoded.has("parallel_tool_calls"));
        var messages = encoded.get("messages");
        assertEquals(3, messages.size(), "the thinking-only assistant turn is left out: " + messages);
        assertEquals("tool", messages.at("/1/role").asText());
        assertEquals("done", messages.at("/1/content").asText());
        assertEquals("data:image/jpeg;base64,AAAA", messages.at("/2/content/0/image_url/url").asText(),
                "an image in a tool result follows in the user message");
        assertEquals("look", messages.at("/2/content/1/text").asText());
    }

    @Test
    void refusesBodiesThatAreNotChatRequests() {
        var noMessages = Fixtures.JSON.createObjectNode().put("model", "gpt-4o");
        assertEquals("messages", assertThrows(ProtocolException.class, () -> codec.decodeRequest(noMessages)).param());

        var numericModel = Fixtures.json("requests/images.json").put("model", 4);
        assertEquals("model", assertThrows(ProtocolException.class, () -> codec.decodeRequest(numericModel)).param());

        var stringStream = Fixtures.json("requests/images.json").put("stream", "yes");
        assertEquals("stream", assertThrows(ProtocolException.class, () -> codec.decodeRequest(stringStream)).param());

        var badRole = Fixtures.json("requests/images.json");
        ((ObjectNode) badRole.at("/messages/0")).put("role", "narrator");
        assertEquals("messages[0].role", assertThrows(ProtocolException.class, () -> codec.decodeRequest(badRole)).param());

        var audio = Fixtures.json("requests/images.json");
        ((ObjectNode) audio.at("/messages/0/content/1")).put("type", "input_audio");
        assertEquals("messages[0].content[1].type",
                assertThrows(ProtocolException.class, () -> codec.decodeRequest(audio)).param());

        var orphanTool = Fixtures.json("requests/tool_conversation.json");
        ((ObjectNode) orphanTool.at("/messages/3")).remove("tool_call_id");
        assertEquals("messages[3].tool_call_id",
                assertThrows(ProtocolException.class, () -> codec.decodeRequest(orphanTool)).param());
    }

    @Test
    void toleratesUnknownFields() throws Exception {
        var body = Fixtures.json("requests/tools.json");
        body.put("x_relay_route", "fast").putObject("web_search_options");
        ((ObjectNode) body.at("/messages/0")).put("name", "alice").put("x_extra", 1);

        var request = codec.decodeRequest(body);
        assertEquals(Message.user("What's the weather in Oslo and in Bergen?"), request.messages().get(0));
    }
}
