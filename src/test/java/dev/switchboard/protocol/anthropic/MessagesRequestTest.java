package dev.switchboard.protocol.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.ChatRequest;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Role;
import dev.switchboard.protocol.Tool;
import dev.switchboard.protocol.ToolChoice;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessagesRequestTest {
    private final MessagesCodec codec = MessagesCodec.create();

    private ChatRequest decode(String fixture) throws ProtocolException {
        return codec.decodeRequest(Fixtures.json(fixture));
    }

    /** decode → encode → decode gives the same canonical request: nothing the model holds is lost on the way. */
    private ChatRequest roundTrip(String fixture) throws ProtocolException {
        var first = decode(fixture);
        var again = codec.decodeRequest(codec.encodeRequest(first));
        assertEquals(first, again);
        return first;
    }

    @Test
    void decodesClaudeCodeRequest() throws ProtocolException {
        var r = roundTrip("request-claude-code.json");
        assertEquals("claude-sonnet-4-5-20250929", r.model());
        assertEquals(32000, r.maxTokens());
        assertTrue(r.stream());
        assertEquals(1.0, r.temperature());
        assertEquals(31999, r.thinkingBudget());
        assertNull(r.reasoningEffort());
        assertTrue(r.user().startsWith("user_7f3c2a9e"));
        assertEquals(List.of(new Part.Text("You are Claude Code, Anthropic's official CLI for Claude."),
                new Part.Text("You are an interactive CLI tool that helps users with software engineering tasks."
                        + "\n\nWorking directory: /home/dev/switchboard")), r.system());
        assertEquals(List.of("Bash", "Read"), r.tools().stream().map(Tool::name).toList());
        assertEquals("object", r.tools().get(0).parameters().path("type").asText());
        assertEquals(5, r.messages().size());
        assertNull(r.toolChoice());
        assertNull(r.parallelToolCalls());
    }

    @Test
    void keepsThinkingBlocksWithSignaturesInTheirPlace() throws ProtocolException {
        var original = Fixtures.json("request-claude-code.json");
        var r = codec.decodeRequest(original);
        var assistant = r.messages().get(1);
        assertEquals(Role.ASSISTANT, assistant.role());
        var thinking = (Part.Thinking) assistant.parts().get(0);
        assertTrue(thinking.signature().startsWith("EqQBCkYIBxgCKkBa0YQ9s8Ql1"));
        assertFalse(thinking.redacted());
        var redacted = (Part.Thinking) assistant.parts().get(1);
        assertTrue(redacted.redacted());
        assertEquals(original.at("/messages/1/content/1/data").asText(), redacted.signature());
        assertEquals(new Part.ToolCall("toolu_01A09q90qw90lq917835lq9", "Read",
                "{\"file_path\":\"/home/dev/switchboard/pom.xml\"}", null), assistant.parts().get(3));

        // sent upstream, the assistant turns are byte-for-byte what Claude Code sent (thinking is verified)
        var encoded = codec.encodeRequest(r);
        assertEquals(original.at("/messages/1"), encoded.at("/messages/1"));
        assertEquals(original.at("/messages/3"), encoded.at("/messages/3"));
        assertEquals(Fixtures.withoutCacheControl(original.get("tools")), encoded.get("tools"));
        assertEquals(Fixtures.withoutCacheControl(original.get("system")), encoded.get("system"));
        assertEquals(original.get("thinking"), encoded.get("thinking"));
        assertEquals(1.0, encoded.get("temperature").asDouble()); // the one temperature thinking allows
        assertEquals(original.get("metadata"), encoded.get("metadata"));
        assertEquals(32000, encoded.get("max_tokens").asInt());
        assertTrue(encoded.get("stream").asBoolean());
    }

    @Test
    void readsToolResultsWithTheirToolsName() throws ProtocolException {
        var r = roundTrip("request-claude-code.json");
        var results = r.messages().get(2).parts();
        assertEquals(new Part.ToolResult("toolu_01A09q90qw90lq917835lq9", "Read", List.of(new Part.Text(
                "     1\t<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n    22\t    <maven.compiler.release>17"
                        + "</maven.compiler.release>")), false), results.get(0));
        assertEquals(new Part.Text("Also check which JDK is installed."), results.get(1));
        assertEquals(new Part.ToolResult("toolu_01QpPSM4fp8SDtPUBnD3TpAp", "Bash",
                List.of(new Part.Text("openjdk version \"21.0.5\" 2024-10-15")), false),
                r.messages().get(4).parts().get(0));
    }

    @Test
    void decodesTwoTurnToolConversation() throws ProtocolException {
        var r = roundTrip("request-weather-tools.json");
        assertEquals(5, r.messages().size());
        assertEquals(Message.user("What's the weather and the time in San Francisco right now?"), r.messages().get(0));
        var calls = r.messages().get(1).parts();
        assertEquals(new Part.ToolCall("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather",
                "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}", null), calls.get(1));
        assertEquals(new Part.ToolCall("toolu_01Ck6sdg3YBmBuv3jj5cEMoj", "get_time",
                "{\"timezone\":\"America/Los_Angeles\"}", null), calls.get(2));
        assertEquals(List.of(
                new Part.ToolResult("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather",
                        List.of(new Part.Text("15 degrees, fog")), false),
                new Part.ToolResult("toolu_01Ck6sdg3YBmBuv3jj5cEMoj", "get_time",
                        List.of(new Part.Text("upstream time service unavailable")), true)),
                r.messages().get(2).parts());
        assertEquals(1024, r.maxTokens());
        assertFalse(r.stream());

        var encoded = codec.encodeRequest(r);
        var result = encoded.at("/messages/2/content/1");
        assertEquals("upstream time service unavailable", result.get("content").asText());
        assertTrue(result.get("is_error").asBoolean());
        assertEquals("get_weather", encoded.at("/messages/1/content/1/name").asText());
        assertEquals("celsius", encoded.at("/messages/1/content/1/input/unit").asText());
    }

    @Test
    void decodesImagesAndSampling() throws ProtocolException {
        var r = roundTrip("request-images.json");
        assertEquals(List.of(new Part.Text("You describe screenshots precisely.")), r.system());
        var content = r.messages().get(0).parts();
        assertEquals(Part.Image.inline("image/png", Fixtures.json("request-images.json")
                .at("/messages/0/content/0/source/data").asText()), content.get(0));
        assertEquals(Part.Image.at(
                "https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg"),
                content.get(1));
        var result = (Part.ToolResult) r.messages().get(2).parts().get(0);
        assertEquals("take_screenshot", result.name());
        assertEquals(new Part.Text("Display 2 captured:"), result.content().get(0));
        assertEquals("image/jpeg", ((Part.Image) result.content().get(1)).mediaType());
        assertEquals(0.2, r.temperature());
        assertEquals(40, r.topK());
        assertEquals(List.of("\n\nHuman:", "END"), r.stop());
        assertEquals(new ToolChoice.Required(), r.toolChoice());
        assertEquals(Boolean.FALSE, r.parallelToolCalls());

        var encoded = codec.encodeRequest(r);
        var original = Fixtures.json("request-images.json");
        assertEquals(original.at("/messages/0/content"), encoded.at("/messages/0/content"));
        assertEquals(original.at("/messages/2/content"), encoded.at("/messages/2/content"));
        assertEquals(original.get("tool_choice"), encoded.get("tool_choice"));
        assertEquals(original.get("stop_sequences"), encoded.get("stop_sequences"));
        assertEquals("You describe screenshots precisely.", encoded.get("system").asText());
    }

    static Stream<Arguments> toolChoices() {
        return Stream.of(
                Arguments.of("{\"type\":\"auto\"}", new ToolChoice.Auto(), null, "{\"type\":\"auto\"}"),
                Arguments.of("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}", new ToolChoice.Auto(), false,
                        "{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"),
                // parallel use allowed explicitly is what Anthropic does anyway: not repeated
                Arguments.of("{\"type\":\"auto\",\"disable_parallel_tool_use\":false}", new ToolChoice.Auto(), true,
                        "{\"type\":\"auto\"}"),
                Arguments.of("{\"type\":\"any\"}", new ToolChoice.Required(), null, "{\"type\":\"any\"}"),
                Arguments.of("{\"type\":\"tool\",\"name\":\"get_time\",\"disable_parallel_tool_use\":true}",
                        new ToolChoice.Named("get_time"), false,
                        "{\"type\":\"tool\",\"name\":\"get_time\",\"disable_parallel_tool_use\":true}"),
                Arguments.of("{\"type\":\"none\"}", new ToolChoice.None(), null, "{\"type\":\"none\"}"));
    }

    @ParameterizedTest
    @MethodSource("toolChoices")
    void mapsToolChoice(String wire, ToolChoice choice, Boolean parallel, String reEncoded) throws ProtocolException {
        var body = Fixtures.json("request-weather-tools.json");
        body.set("tool_choice", Fixtures.parse(wire));
        var r = codec.decodeRequest(body);
        assertEquals(choice, r.toolChoice());
        assertEquals(parallel, r.parallelToolCalls());
        assertEquals(Fixtures.parse(reEncoded), codec.encodeRequest(r).get("tool_choice"));
    }

    @Test
    void refusesRequestsItCannotRead() {
        assertRefused("{\"model\":\"m\",\"max_tokens\":10}", "messages");
        assertRefused("{\"model\":\"m\",\"max_tokens\":10,\"messages\":{}}", "messages");
        assertRefused("{\"max_tokens\":10,\"messages\":[]}", "model");
        assertRefused("{\"model\":42,\"max_tokens\":10,\"messages\":[]}", "model");
        assertRefused("{\"model\":\"m\",\"max_tokens\":10,\"messages\":[],\"stream\":\"yes\"}", "stream");
        assertRefused("{\"model\":\"m\",\"max_tokens\":0,\"messages\":[]}", "max_tokens");
        assertRefused("{\"model\":\"m\",\"max_tokens\":-5,\"messages\":[]}", "max_tokens");
        assertRefused("{\"model\":\"m\",\"max_tokens\":1.5,\"messages\":[]}", "max_tokens");
        assertRefused("{\"model\":\"m\",\"max_tokens\":\"100\",\"messages\":[]}", "max_tokens");
        assertRefused("{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}", "messages.0.role");
        assertRefused("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}", "messages.0.content");
        assertRefused("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}",
                "messages.0.content.0.text");
        assertRefused("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\","
                + "\"id\":\"t\",\"name\":\"n\",\"input\":[1]}]}]}", "messages.0.content.0.input");
        assertRefused("{\"model\":\"m\",\"messages\":[],\"tool_choice\":{\"type\":\"maybe\"}}", "tool_choice.type");
        assertRefused("{\"model\":\"m\",\"messages\":[],\"tool_choice\":{\"type\":\"tool\"}}", "tool_choice.name");
        assertRefused("{\"model\":\"m\",\"messages\":[],\"thinking\":{\"type\":\"enabled\"}}",
                "thinking.budget_tokens");
        assertRefused("{\"model\":\"m\",\"messages\":[],\"temperature\":\"hot\"}", "temperature");
    }

    private void assertRefused(String body, String param) {
        var e = assertThrows(ProtocolException.class, () -> codec.decodeRequest((ObjectNode) Fixtures.parse(body)));
        assertEquals(param, e.param(), e.getMessage());
    }

    @Test
    void acceptsMissingMaxTokens() throws ProtocolException {
        var r = codec.decodeRequest((ObjectNode) Fixtures.parse(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":null}"));
        assertNull(r.maxTokens());
        assertFalse(r.stream());
        assertEquals(RequestEncoder.DEFAULT_MAX_TOKENS, codec.encodeRequest(r).get("max_tokens").asInt());
    }

    @Test
    void dropsWhatTheCanonicalModelCannotHold() throws ProtocolException {
        var r = codec.decodeRequest((ObjectNode) Fixtures.parse("""
                {"model":"m","max_tokens":100,"messages":[{"role":"user","content":[
                  {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="}},
                  {"type":"image","source":{"type":"file","file_id":"file_011CNha8iCJcU1wXNR6q4V8w"}},
                  {"type":"text","text":"Summarise","cache_control":{"type":"ephemeral","ttl":"1h"}}]}],
                 "tools":[{"type":"web_search_20250305","name":"web_search","max_uses":5},
                          {"type":"custom","name":"lookup","input_schema":{"type":"object"}}]}
                """));
        assertEquals(List.of(Message.user("Summarise")), r.messages());
        assertEquals(List.of("lookup"), r.tools().stream().map(Tool::name).toList());
    }

    @Test
    void readsAdaptiveThinkingAsAnEffortLevel() throws ProtocolException {
        var base = "{\"model\":\"m\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],";
        var adaptive = codec.decodeRequest((ObjectNode) Fixtures.parse(base + "\"thinking\":{\"type\":\"adaptive\"}}"));
        assertEquals("high", adaptive.reasoningEffort());
        assertNull(adaptive.thinkingBudget());
        var low = codec.decodeRequest((ObjectNode) Fixtures.parse(
                base + "\"thinking\":{\"type\":\"adaptive\"},\"output_config\":{\"effort\":\"low\"}}"));
        assertEquals("low", low.reasoningEffort());
        var off = codec.decodeRequest((ObjectNode) Fixtures.parse(
                base + "\"thinking\":{\"type\":\"disabled\"},\"output_config\":{\"effort\":\"max\"}}"));
        assertNull(off.reasoningEffort());
        assertNull(off.thinkingBudget());
    }

    // --- requests for an Anthropic upstream built from other clients' requests ---

    private static ChatRequest request(List<Message> messages, Integer maxTokens, String effort, Integer budget) {
        return new ChatRequest("claude-sonnet-4-5", List.of(), messages, List.of(), null, null, maxTokens, null, null,
                null, List.of(), false, effort, budget, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"low", "medium", "high"})
    void turnsAnEffortLevelIntoABudget(String effort) {
        var body = codec.encodeRequest(request(List.of(Message.user("hi")), null, effort, null));
        int budget = body.at("/thinking/budget_tokens").asInt();
        assertEquals(switch (effort) {
            case "low" -> 1024;
            case "medium" -> 4096;
            default -> 16384;
        }, budget);
        assertEquals("enabled", body.at("/thinking/type").asText());
        assertTrue(body.get("max_tokens").asInt() > budget, body.toString());
    }

    @Test
    void keepsTheBudgetBelowMaxTokens() {
        var body = codec.encodeRequest(request(List.of(Message.user("hi")), 2000, "high", null));
        assertEquals(2000, body.get("max_tokens").asInt());
        assertEquals(1999, body.at("/thinking/budget_tokens").asInt());
        // no room for Anthropic's smallest budget: no thinking rather than a 400
        var small = codec.encodeRequest(request(List.of(Message.user("hi")), 1000, "high", null));
        assertFalse(small.has("thinking"));
        assertFalse(codec.encodeRequest(request(List.of(Message.user("hi")), null, "minimal", null)).has("thinking"));
        assertFalse(codec.encodeRequest(request(List.of(Message.user("hi")), null, null, 0)).has("thinking"));
    }

    @Test
    void leavesThinkingOffWhenTheLastToolTurnHasNoSignedThinking() {
        var messages = List.of(Message.user("weather?"),
                new Message(Role.ASSISTANT, List.of(new Part.ToolCall("call_abc", "get_weather", "{}", null))),
                new Message(Role.USER, List.of(new Part.ToolResult("call_abc", "get_weather",
                        List.of(new Part.Text("sunny")), false))));
        assertFalse(codec.encodeRequest(request(messages, 4096, "low", null)).has("thinking"));
    }

    @Test
    void meetsAnthropicsRulesForRequestsFromOtherClients() {
        var messages = List.of(
                new Message(Role.USER, List.of(new Part.Text("look"), new Part.Image(null, null,
                        "data:image/png;base64,iVBORw0KGgo="))),
                new Message(Role.ASSISTANT, List.of(new Part.Thinking("unsigned reasoning", null, false),
                        new Part.Text(""), new Part.ToolCall("call:1/x", "f", "not json", "gemini-sig"))),
                new Message(Role.USER, List.of(new Part.Text("and also"))),
                new Message(Role.USER, List.of(new Part.ToolResult("call:1/x", "f", List.of(), false))),
                new Message(Role.ASSISTANT, List.of(new Part.Text(""))));
        var r = new ChatRequest("claude-haiku-4-5", List.of(new Part.Text("be brief"), new Part.Text("")), messages,
                List.of(new Tool("f", null, null)), null, false, 300, 1.7, 0.9, 5, List.of(" ", "STOP"), true,
                null, null, "u-1");
        var body = codec.encodeRequest(r);
        assertEquals(Fixtures.parse("""
                {"model":"claude-haiku-4-5","max_tokens":300,"system":"be brief","messages":[
                  {"role":"user","content":[{"type":"text","text":"look"},
                    {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]},
                  {"role":"assistant","content":[{"type":"tool_use","id":"call_1_x","name":"f","input":{}}]},
                  {"role":"user","content":[
                    {"type":"tool_result","tool_use_id":"call_1_x"},{"type":"text","text":"and also"}]}],
                 "tools":[{"name":"f","input_schema":{"type":"object","properties":{}}}],
                 "tool_choice":{"type":"auto","disable_parallel_tool_use":true},
                 "temperature":1.0,"top_k":5,"stop_sequences":["STOP"],"stream":true,
                 "metadata":{"user_id":"u-1"}}
                """), Fixtures.parse(body.toString()));
    }

    @Test
    void givesEveryToolAnObjectSchema() {
        var schema = (ObjectNode) Fixtures.parse("{\"properties\":{\"q\":{\"type\":\"string\"}}}");
        var r = new ChatRequest("m", List.of(), List.of(Message.user("hi")), List.of(new Tool("search", "Search",
                schema)), new ToolChoice.Named("search"), null, 10, null, null, null, List.of(), false, "high", null,
                null);
        var body = codec.encodeRequest(r);
        assertEquals(Fixtures.parse("{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}"),
                body.at("/tools/0/input_schema"));
        assertFalse(schema.has("type"), "the caller's schema is not changed");
        assertEquals(Fixtures.parse("{\"type\":\"tool\",\"name\":\"search\"}"), body.get("tool_choice"));
        assertFalse(body.has("thinking"), "Anthropic refuses thinking with a forced tool");
    }

    @Test
    void sendsNoToolChoiceWithoutTools() {
        var r = new ChatRequest("m", List.of(), List.of(Message.user("hi")), List.of(), new ToolChoice.Required(),
                false, 10, null, 0.5, null, List.of(), false, null, null, null);
        var body = codec.encodeRequest(r);
        assertFalse(body.has("tool_choice"));
        assertFalse(body.has("tools"));
        assertEquals(0.5, body.get("top_p").asDouble());
    }
}
