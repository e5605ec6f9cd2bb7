package dev.switchboard.protocol.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.genai.types.Content;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.Part;
import com.google.genai.types.Schema;
import com.google.genai.types.ThinkingConfig;
import com.google.genai.types.Tool;
import dev.switchboard.protocol.ChatRequest;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Role;
import dev.switchboard.protocol.ToolChoice;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GeminiRequestTest {
    private final GeminiCodec codec = GeminiCodec.create();

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

    private static ChatRequest request(List<Message> messages) {
        return new ChatRequest("gemini-2.5-pro", List.of(), messages, List.of(), null, null, null, null, null, null,
                List.of(), false, null, null, null);
    }

    @Test
    void decodesGeminiCliRequest() throws ProtocolException {
        var original = Fixtures.json("request-gemini-cli.json");
        var r = roundTrip("request-gemini-cli.json");
        assertNull(r.model(), "the model is in the URL");
        assertFalse(r.stream(), "so is streaming");
        assertEquals(List.of(new dev.switchboard.protocol.Part.Text(
                original.at("/systemInstruction/parts/0/text").asText())), r.system());
        assertEquals(List.of(Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT,
                Role.USER), r.messages().stream().map(Message::role).toList());
        assertEquals(List.of("read_file", "run_shell_command"),
                r.tools().stream().map(dev.switchboard.protocol.Tool::name).toList());
        assertEquals(original.at("/tools/0/functionDeclarations/0/parametersJsonSchema"),
                r.tools().get(0).parameters());
        assertEquals(0.0, r.temperature());
        assertEquals(1.0, r.topP());
        assertEquals(-1, r.thinkingBudget());
        assertNull(r.reasoningEffort());
        assertNull(r.maxTokens());
        assertNull(r.toolChoice());
        assertNull(r.parallelToolCalls());
    }

    @Test
    void roundTripsThoughtSignatureOnFunctionCalls() throws ProtocolException {
        var original = Fixtures.json("request-gemini-cli.json");
        var r = codec.decodeRequest(original);
        var first = original.at("/contents/3/parts/0/thoughtSignature").asText();
        var second = original.at("/contents/5/parts/1/thoughtSignature").asText();
        assertEquals(new Message(Role.ASSISTANT, List.of(new dev.switchboard.protocol.Part.ToolCall("call_1_read_file",
                "read_file", "{\"absolute_path\":\"/home/dev/switchboard/pom.xml\"}", first))), r.messages().get(3));
        assertEquals(new dev.switchboard.protocol.Part.ToolCall("call_2_run_shell_command", "run_shell_command",
                "{\"command\":\"java -version\",\"description\":\"Print the version of the installed JDK.\"}", second),
                r.messages().get(5).parts().get(1));
        // Gemini CLI's own response ids match no call: the results answer the calls of their names
        assertEquals(new dev.switchboard.protocol.Part.ToolResult("call_1_read_file", "read_file",
                List.of(new dev.switchboard.protocol.Part.Text(original.at(
                        "/contents/4/parts/0/functionResponse/response/output").asText())), false),
                r.messages().get(4).parts().get(0));

        // sent to Gemini again, the model turns are exactly what Gemini CLI sent, signatures on their parts
        var encoded = codec.encodeRequest(r);
        assertEquals(original.at("/contents/3"), encoded.at("/contents/3"));
        assertEquals(original.at("/contents/5"), encoded.at("/contents/5"));
        assertEquals(Fixtures.without(original.at("/contents/4"), "id"), encoded.at("/contents/4"));
        assertEquals(Fixtures.without(original.at("/contents/6"), "id"), encoded.at("/contents/6"));
        assertEquals(original.at("/contents/0"), encoded.at("/contents/0"));
        assertEquals(Fixtures.without(original.get("systemInstruction"), "role"), encoded.get("systemInstruction"));
        assertEquals(original.get("tools"), encoded.get("tools"));
        assertEquals(Fixtures.parse("{\"temperature\":0.0,\"topP\":1.0,\"thinkingConfig\":{\"thinkingBudget\":-1,"
                + "\"includeThoughts\":true}}"), encoded.get("generationConfig"));
        assertEquals(7, encoded.get("contents").size());
    }

    @Test
    void keepsSignaturesAcrossOtherProtocolsClients() throws ProtocolException {
        // what a client of another protocol sends back: the same calls, the signature in the canonical part
        var r = decode("request-gemini-cli.json");
        var again = codec.encodeRequest(r.withModel("gemini-2.5-pro"));
        assertEquals(r.messages().get(3).parts().get(0),
                codec.decodeRequest(again).messages().get(3).parts().get(0));
    }

    @Test
    void decodesSnakeCaseImagesToolsAndSampling() throws ProtocolException {
        var original = Fixtures.json("request-images.json");
        var r = roundTrip("request-images.json");
        assertEquals(List.of(new dev.switchboard.protocol.Part.Text("You describe screenshots precisely."),
                new dev.switchboard.protocol.Part.Text("Answer in English.")), r.system());
        assertEquals(List.of(
                dev.switchboard.protocol.Part.Image.inline("image/png",
                        original.at("/contents/0/parts/0/inline_data/data").asText()),
                new dev.switchboard.protocol.Part.Image("image/jpeg", null,
                        "https://generativelanguage.googleapis.com/v1beta/files/x7k2m9p4q1rz"),
                new dev.switchboard.protocol.Part.Text("What differs between these two screenshots?")),
                r.messages().get(0).parts(), "the PDF has no canonical place");
        assertEquals(1, r.tools().size(), "google_search is Gemini's own tool");
        assertEquals(Fixtures.parse("""
                {"type":"object","properties":{
                   "summary":{"type":"string","description":"One sentence."},
                   "labels":{"type":"array","items":{"type":"string"},"maxItems":5},
                   "confidence":{"type":["number","null"]}},
                 "required":["summary"]}"""), r.tools().get(0).parameters());
        assertEquals(new ToolChoice.Named("describe_image"), r.toolChoice());
        assertEquals(1024, r.maxTokens());
        assertEquals(0.2, r.temperature());
        assertEquals(0.95, r.topP());
        assertEquals(40, r.topK());
        assertEquals(List.of("\n\nUser:", "END"), r.stop());
        assertEquals(2048, r.thinkingBudget());

        var encoded = codec.encodeRequest(r);
        assertEquals(Fixtures.parse("""
                [{"inlineData":{"mimeType":"image/png","data":"%s"}},
                 {"fileData":{"mimeType":"image/jpeg",
                   "fileUri":"https://generativelanguage.googleapis.com/v1beta/files/x7k2m9p4q1rz"}},
                 {"text":"What differs between these two screenshots?"}]"""
                .formatted(original.at("/contents/0/parts/0/inline_data/data").asText())),
                encoded.at("/contents/0/parts"));
        assertEquals(Fixtures.parse("{\"functionCallingConfig\":{\"mode\":\"ANY\",\"allowedFunctionNames\":"
                + "[\"describe_image\"]}}"), encoded.get("toolConfig"));
        assertEquals(Fixtures.parse("{\"maxOutputTokens\":1024,\"temperature\":0.2,\"topP\":0.95,\"topK\":40,"
                + "\"stopSequences\":[\"\\n\\nUser:\",\"END\"],\"thinkingConfig\":{\"thinkingBudget\":2048,"
                + "\"includeThoughts\":true}}"), encoded.get("generationConfig"));
        assertEquals(r.tools().get(0).parameters(), encoded.at("/tools/0/functionDeclarations/0/parametersJsonSchema"));
        assertFalse(encoded.has("safetySettings"));
    }

    @Test
    void decodesParallelCallsAndTheirResponses() throws ProtocolException {
        var original = Fixtures.json("request-parallel-calls.json");
        var r = roundTrip("request-parallel-calls.json");
        var calls = r.messages().get(1).parts();
        assertEquals(new dev.switchboard.protocol.Part.Thinking(original.at("/contents/1/parts/0/text").asText(),
                null, false), calls.get(0));
        assertEquals(new dev.switchboard.protocol.Part.ToolCall("call_1_get_weather", "get_weather",
                "{\"location\":\"Paris, France\"}", original.at("/contents/1/parts/1/thoughtSignature").asText()),
                calls.get(1));
        assertEquals(new dev.switchboard.protocol.Part.ToolCall("call_2_get_weather", "get_weather",
                "{\"location\":\"London, UK\"}", null), calls.get(2), "Gemini signs the first parallel call only");
        // results without ids answer the calls of their name in order
        assertEquals(List.of(
                new dev.switchboard.protocol.Part.ToolResult("call_1_get_weather", "get_weather", List.of(
                        new dev.switchboard.protocol.Part.Text(
                                "{\"temperature\":14,\"unit\":\"celsius\",\"conditions\":\"light rain\"}")), false),
                new dev.switchboard.protocol.Part.ToolResult("call_2_get_weather", "get_weather", List.of(
                        new dev.switchboard.protocol.Part.Text("Weather service timed out for London, UK")), true)),
                r.messages().get(2).parts());
        // the signature Gemini 3 put on the answer's text
        assertEquals(List.of(new dev.switchboard.protocol.Part.Thinking("",
                        original.at("/contents/3/parts/0/thoughtSignature").asText(), false),
                new dev.switchboard.protocol.Part.Text(original.at("/contents/3/parts/0/text").asText())),
                r.messages().get(3).parts());
        assertEquals(new ToolChoice.Auto(), r.toolChoice());
        assertEquals(8192, r.maxTokens());
        assertEquals(8192, r.thinkingBudget());

        var encoded = codec.encodeRequest(r);
        assertEquals(original.at("/contents/1"), encoded.at("/contents/1"), "the unsigned second call stays unsigned");
        assertEquals(original.at("/contents/3"), encoded.at("/contents/3"), "the signature is back on its text");
        assertEquals(Fixtures.parse("{\"temperature\":14,\"unit\":\"celsius\",\"conditions\":\"light rain\"}"),
                encoded.at("/contents/2/parts/0/functionResponse/response"), "a JSON result goes as the object");
        assertEquals(original.at("/contents/2/parts/1"), encoded.at("/contents/2/parts/1"));
        assertEquals(original.get("tools"), encoded.get("tools"), "parametersJsonSchema keeps additionalProperties");
        assertEquals(original.get("toolConfig"), encoded.get("toolConfig"));
    }

    @Test
    void readsRequestsAsTheOfficialSdkWritesThem() throws Exception {
        var signature = new byte[] {10, 36, 1, 84, -88, 92, -18, 93, 100, -77};
        try (var sdk = new GoogleSdk()) {
            var body = sdk.request(List.of(
                    Content.builder().role("user").parts(Part.fromText("Weather in Paris?")).build(),
                    Content.builder().role("model").parts(Part.builder()
                            .functionCall(FunctionCall.builder().name("get_weather").args(Map.of("city", "Paris")))
                            .thoughtSignature(signature).build()).build(),
                    Content.builder().role("user").parts(Part.fromFunctionResponse("get_weather",
                            Map.of("output", "18 degrees, sunny"))).build()),
                    GenerateContentConfig.builder()
                            .systemInstruction(Content.fromParts(Part.fromText("Be brief.")))
                            .maxOutputTokens(512).temperature(0.7f).topK(40f).stopSequences("STOP")
                            .thinkingConfig(ThinkingConfig.builder().thinkingBudget(1024).includeThoughts(true))
                            .tools(Tool.builder().functionDeclarations(FunctionDeclaration.builder()
                                    .name("get_weather").description("Current weather")
                                    .parameters(Schema.builder().type("OBJECT").properties(Map.of("city",
                                            Schema.builder().type("STRING").build())).required("city").build())))
                            .build());
            var r = codec.decodeRequest((ObjectNode) Fixtures.parse(body));
            assertEquals(List.of(new dev.switchboard.protocol.Part.Text("Be brief.")), r.system());
            assertEquals(List.of(
                    Message.user("Weather in Paris?"),
                    new Message(Role.ASSISTANT, List.of(new dev.switchboard.protocol.Part.ToolCall("call_1_get_weather",
                            "get_weather", "{\"city\":\"Paris\"}", Base64.getEncoder().encodeToString(signature)))),
                    new Message(Role.USER, List.of(new dev.switchboard.protocol.Part.ToolResult("call_1_get_weather",
                            "get_weather", List.of(new dev.switchboard.protocol.Part.Text("18 degrees, sunny")),
                            false)))), r.messages());
            assertEquals(Fixtures.parse("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                    + "\"required\":[\"city\"]}"), r.tools().get(0).parameters());
            assertEquals(512, r.maxTokens());
            assertEquals(0.7, r.temperature(), 1e-6);
            assertEquals(40, r.topK(), "the SDK sends topK as a float");
            assertEquals(List.of("STOP"), r.stop());
            assertEquals(1024, r.thinkingBudget());
        }
    }

    static Stream<Arguments> toolChoices() {
        return Stream.of(
                Arguments.of("{\"mode\":\"AUTO\"}", new ToolChoice.Auto(), "{\"mode\":\"AUTO\"}"),
                Arguments.of("{\"mode\":\"NONE\"}", new ToolChoice.None(), "{\"mode\":\"NONE\"}"),
                Arguments.of("{\"mode\":\"ANY\"}", new ToolChoice.Required(), "{\"mode\":\"ANY\"}"),
                Arguments.of("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"get_weather\"]}",
                        new ToolChoice.Named("get_weather"),
                        "{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"get_weather\"]}"),
                // a subset of several functions has no canonical form: any function
                Arguments.of("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"get_weather\",\"get_time\"]}",
                        new ToolChoice.Required(), "{\"mode\":\"ANY\"}"),
                Arguments.of("{\"mode\":\"VALIDATED\"}", new ToolChoice.Auto(), "{\"mode\":\"AUTO\"}"),
                Arguments.of("{\"mode\":\"any\"}", new ToolChoice.Required(), "{\"mode\":\"ANY\"}"));
    }

    @ParameterizedTest
    @MethodSource("toolChoices")
    void mapsToolConfig(String wire, ToolChoice choice, String reEncoded) throws ProtocolException {
        var body = Fixtures.json("request-parallel-calls.json");
        ((ObjectNode) body.get("toolConfig")).set("functionCallingConfig", Fixtures.parse(wire));
        var r = codec.decodeRequest(body);
        assertEquals(choice, r.toolChoice());
        assertEquals(Fixtures.parse(reEncoded), codec.encodeRequest(r).at("/toolConfig/functionCallingConfig"));
    }

    @Test
    void refusesRequestsItCannotRead() {
        assertRefused("{}", "contents");
        assertRefused("{\"contents\":{\"parts\":[{\"text\":\"hi\"}]}}", "contents");
        assertRefused("{\"contents\":[{\"role\":\"user\"}]}", "contents[0].parts");
        assertRefused("{\"contents\":[{\"role\":\"user\",\"parts\":{\"text\":\"hi\"}}]}", "contents[0].parts");
        assertRefused("{\"contents\":[\"hi\"]}", "contents[0]");
        assertRefused("{\"contents\":[{\"role\":\"system\",\"parts\":[]}]}", "contents[0].role");
        assertRefused("{\"contents\":[{\"parts\":[{\"text\":42}]}]}", "contents[0].parts[0].text");
        assertRefused("{\"contents\":[{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"args\":{}}}]}]}",
                "contents[0].parts[0].functionCall.name");
        assertRefused("{\"contents\":[{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"f\","
                + "\"args\":[1]}}]}]}", "contents[0].parts[0].functionCall.args");
        assertRefused("{\"contents\":[{\"parts\":[{\"inlineData\":{\"mimeType\":\"image/png\"}}]}]}",
                "contents[0].parts[0].inlineData.data");
        assertRefused("{\"contents\":[],\"generationConfig\":{\"maxOutputTokens\":0}}",
                "generationConfig.maxOutputTokens");
        assertRefused("{\"contents\":[],\"generationConfig\":{\"maxOutputTokens\":\"100\"}}",
                "generationConfig.maxOutputTokens");
        assertRefused("{\"contents\":[],\"generationConfig\":{\"temperature\":\"hot\"}}",
                "generationConfig.temperature");
        assertRefused("{\"contents\":[],\"generationConfig\":{\"stopSequences\":[1]}}",
                "generationConfig.stopSequences[0]");
        assertRefused("{\"contents\":[],\"generationConfig\":{\"thinkingConfig\":{\"thinkingLevel\":\"ULTRA\"}}}",
                "generationConfig.thinkingConfig.thinkingLevel");
        assertRefused("{\"contents\":[],\"generationConfig\":{\"thinkingConfig\":{\"thinkingBudget\":-2}}}",
                "generationConfig.thinkingConfig.thinkingBudget");
        assertRefused("{\"contents\":[],\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"MAYBE\"}}}",
                "toolConfig.functionCallingConfig.mode");
        assertRefused("{\"contents\":[],\"tools\":[{\"functionDeclarations\":[{\"description\":\"x\"}]}]}",
                "tools[0].functionDeclarations[0].name");
    }

    private void assertRefused(String body, String param) {
        var e = assertThrows(ProtocolException.class, () -> codec.decodeRequest((ObjectNode) Fixtures.parse(body)));
        assertEquals(param, e.param(), e.getMessage());
    }

    @Test
    void readsThinkingLevelAsAnEffortLevel() throws ProtocolException {
        for (var level : Map.of("HIGH", "high", "low", "low", "MEDIUM", "medium", "MINIMAL", "minimal").entrySet()) {
            var r = codec.decodeRequest((ObjectNode) Fixtures.parse("{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}],"
                    + "\"generationConfig\":{\"thinkingConfig\":{\"includeThoughts\":true,\"thinkingLevel\":\""
                    + level.getKey() + "\"}}}"));
            assertEquals(level.getValue(), r.reasoningEffort());
            assertNull(r.thinkingBudget());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"low", "medium", "high", "minimal"})
    void turnsAnEffortLevelIntoABudget(String effort) {
        var r = new ChatRequest("gemini-2.5-flash", List.of(), List.of(Message.user("hi")), List.of(), null, null,
                null, null, null, null, List.of(), true, effort, null, null);
        var config = codec.encodeRequest(r).get("generationConfig");
        if (effort.equals("minimal")) {
            assertNull(config, "Gemini's default: 2.5 Pro cannot turn thinking off");
            return;
        }
        assertEquals(switch (effort) {
            case "low" -> 1024;
            case "medium" -> 8192;
            default -> 24576;
        }, config.at("/thinkingConfig/thinkingBudget").asInt());
        assertTrue(config.at("/thinkingConfig/includeThoughts").asBoolean());
    }

    @Test
    void keepsBudgetsWithinWhatEveryModelAccepts() {
        var claudeCode = new ChatRequest("gemini-2.5-flash", List.of(), List.of(Message.user("hi")), List.of(), null,
                null, 32000, null, null, null, List.of(), true, "high", 31999, null);
        assertEquals(Fixtures.parse("{\"maxOutputTokens\":32000,\"thinkingConfig\":{\"thinkingBudget\":24576,"
                + "\"includeThoughts\":true}}"), codec.encodeRequest(claudeCode).get("generationConfig"));
        var off = new ChatRequest("gemini-2.5-flash", List.of(), List.of(Message.user("hi")), List.of(), null, null,
                null, null, null, null, List.of(), false, null, 0, null);
        assertEquals(Fixtures.parse("{\"thinkingConfig\":{\"thinkingBudget\":0}}"),
                codec.encodeRequest(off).get("generationConfig"));
    }

    @Test
    void meetsGeminisRulesForRequestsFromOtherClients() {
        var schema = (ObjectNode) Fixtures.parse("""
                {"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
                 "properties":{"command":{"type":"string"},"env":{"$ref":"#/$defs/Env","description":"Variables"}},
                 "required":["command"],"additionalProperties":false,
                 "$defs":{"Env":{"type":"object","additionalProperties":{"type":"string"}}}}""");
        var untouched = schema.deepCopy();
        var messages = List.of(
                new Message(Role.USER, List.of(new dev.switchboard.protocol.Part.Text("look"),
                        new dev.switchboard.protocol.Part.Image(null, null, "data:image/png;base64,iVBORw0KGgo="),
                        dev.switchboard.protocol.Part.Image.at("https://example.com/cat.webp?size=large"))),
                new Message(Role.ASSISTANT, List.of(
                        new dev.switchboard.protocol.Part.Thinking("I should run ls.", "EqQBCkYIBxgC", false),
                        new dev.switchboard.protocol.Part.Thinking("", "ErcBCkgIBxABGAIiQ", true),
                        new dev.switchboard.protocol.Part.Text(""),
                        new dev.switchboard.protocol.Part.ToolCall("toolu_01A09q90qw90lq917835lq9", "Bash",
                                "not json", null),
                        new dev.switchboard.protocol.Part.ToolCall("toolu_01QpPSM4fp8SDtPUBnD3TpAp", "Bash",
                                "{\"command\":\"pwd\"}", null))),
                // OpenAI clients: one message per tool result, a result without the tool's name, text after them
                new Message(Role.USER, List.of(new dev.switchboard.protocol.Part.ToolResult(
                        "toolu_01QpPSM4fp8SDtPUBnD3TpAp", null, List.of(new dev.switchboard.protocol.Part.Text(
                                "/home/dev")), false))),
                new Message(Role.USER, List.of(new dev.switchboard.protocol.Part.Text("and also"),
                        new dev.switchboard.protocol.Part.ToolResult("toolu_01A09q90qw90lq917835lq9", "Bash",
                                List.of(new dev.switchboard.protocol.Part.Text("pom.xml\nsrc"),
                                        dev.switchboard.protocol.Part.Image.inline("image/png", "iVBORw0KGgo=")),
                                true))),
                new Message(Role.ASSISTANT, List.of(new dev.switchboard.protocol.Part.Text(""))));
        var r = new ChatRequest("gemini-2.5-pro", List.of(new dev.switchboard.protocol.Part.Text("be brief"),
                new dev.switchboard.protocol.Part.Text("")), messages,
                List.of(new dev.switchboard.protocol.Tool("Bash", "Run a command", schema),
                        new dev.switchboard.protocol.Tool("Noop", null, null)),
                new ToolChoice.Named("Bash"), false, 300, 1.7, 0.9, 5,
                List.of("a", "", "b", "c", "d", "e", "f"), true, "low", null, "u-1");
        var body = codec.encodeRequest(r);
        assertEquals(Fixtures.parse("""
                {"contents":[
                  {"role":"user","parts":[{"text":"look"},
                    {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}},
                    {"fileData":{"mimeType":"image/webp","fileUri":"https://example.com/cat.webp?size=large"}}]},
                  {"role":"model","parts":[
                    {"text":"I should run ls.","thought":true,"thoughtSignature":"EqQBCkYIBxgC"},
                    {"functionCall":{"name":"Bash","args":{}},"thoughtSignature":"skip_thought_signature_validator"},
                    {"functionCall":{"name":"Bash","args":{"command":"pwd"}}}]},
                  {"role":"user","parts":[
                    {"functionResponse":{"name":"Bash","response":{"output":"/home/dev"}}},
                    {"functionResponse":{"name":"Bash","response":{"error":"pom.xml\\nsrc"}}},
                    {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}},
                    {"text":"and also"}]}],
                 "systemInstruction":{"parts":[{"text":"be brief"}]},
                 "tools":[{"functionDeclarations":[
                   {"name":"Bash","description":"Run a command","parametersJsonSchema":{"type":"object",
                     "properties":{"command":{"type":"string"},
                       "env":{"type":"object","additionalProperties":{"type":"string"},"description":"Variables"}},
                     "required":["command"],"additionalProperties":false}},
                   {"name":"Noop","parametersJsonSchema":{"type":"object","properties":{}}}]}],
                 "toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["Bash"]}},
                 "generationConfig":{"maxOutputTokens":300,"temperature":1.7,"topP":0.9,"topK":5,
                   "stopSequences":["a","b","c","d","e"],
                   "thinkingConfig":{"thinkingBudget":1024,"includeThoughts":true}}}
                """), Fixtures.parse(body.toString()));
        assertEquals(untouched, schema, "the caller's schema is not changed");
        assertFalse(body.has("model"), "the model goes in the URL");
    }

    @Test
    void dropsTheStandInSignatureWhenReading() throws ProtocolException {
        var r = codec.decodeRequest((ObjectNode) Fixtures.parse("""
                {"contents":[{"role":"user","parts":[{"text":"hi"}]},
                  {"role":"model","parts":[{"functionCall":{"name":"f","args":{}},
                    "thoughtSignature":"skip_thought_signature_validator"}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"f","response":{}}}]}]}"""));
        assertEquals(new dev.switchboard.protocol.Part.ToolCall("call_1_f", "f", "{}", null),
                r.messages().get(1).parts().get(0));
        assertEquals(new dev.switchboard.protocol.Part.ToolResult("call_1_f", "f", List.of(), false),
                r.messages().get(2).parts().get(0));
        assertEquals("skip_thought_signature_validator",
                codec.encodeRequest(r).at("/contents/1/parts/0/thoughtSignature").asText());
    }

    @Test
    void readsFunctionResponsesOfEveryShape() throws ProtocolException {
        var r = codec.decodeRequest((ObjectNode) Fixtures.parse("""
                {"contents":[{"role":"model","parts":[
                   {"functionCall":{"id":"fc-1","name":"a","args":{}}},{"functionCall":{"name":"b"}},
                   {"functionCall":{"name":"c"}},{"functionCall":{"name":"d"}},{"functionCall":{"name":"e"}}]},
                  {"role":"function","parts":[
                   {"functionResponse":{"id":"fc-1","name":"a","response":{"content":"from content"}}},
                   {"functionResponse":{"name":"b","response":{"result":{"rows":2}}}},
                   {"functionResponse":{"id":"b-1763732012345","name":"c","response":{"temperature":14,"unit":"C"}}},
                   {"functionResponse":{"name":"d","response":{"output":"shot"},"parts":[
                     {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}}]}},
                   {"functionResponse":{"name":"zz","response":{"error":{"code":7}}}}]}]}"""));
        var results = r.messages().get(1).parts();
        assertEquals(List.of(
                new dev.switchboard.protocol.Part.ToolResult("fc-1", "a",
                        List.of(new dev.switchboard.protocol.Part.Text("from content")), false),
                new dev.switchboard.protocol.Part.ToolResult("call_1_b", "b",
                        List.of(new dev.switchboard.protocol.Part.Text("{\"rows\":2}")), false),
                new dev.switchboard.protocol.Part.ToolResult("call_2_c", "c",
                        List.of(new dev.switchboard.protocol.Part.Text("{\"temperature\":14,\"unit\":\"C\"}")), false),
                new dev.switchboard.protocol.Part.ToolResult("call_3_d", "d",
                        List.of(new dev.switchboard.protocol.Part.Text("shot"),
                                dev.switchboard.protocol.Part.Image.inline("image/png", "iVBORw0KGgo=")), false),
                // a result for a call the history no longer has keeps a fresh id
                new dev.switchboard.protocol.Part.ToolResult("call_5_zz", "zz",
                        List.of(new dev.switchboard.protocol.Part.Text("{\"code\":7}")), true)), results);

        // text that only looks like one of the wrapping keys stays wrapped, so it reads back the same
        var tricky = new dev.switchboard.protocol.Part.ToolResult("t", "f",
                List.of(new dev.switchboard.protocol.Part.Text("{\"error\":\"not really\"}")), false);
        assertEquals(Fixtures.parse(
                "{\"name\":\"f\",\"response\":{\"output\":\"{\\\"error\\\":\\\"not really\\\"}\"}}"),
                Parts.functionResponse(tricky, "f"));
        var trailing = new dev.switchboard.protocol.Part.ToolResult("t", "f",
                List.of(new dev.switchboard.protocol.Part.Text("{\"a\":1} and a note")), false);
        assertEquals("{\"a\":1} and a note", Parts.functionResponse(trailing, "f").at("/response/output").asText());
    }

    @Test
    void givesEveryToolAnObjectSchemaGeminiAccepts() {
        var circular = Fixtures.parse("""
                {"properties":{"root":{"$ref":"#/$defs/Node","title":"ignored by Gemini beside a $ref"}},
                 "$defs":{"Node":{"type":"object","properties":{"child":{"$ref":"#/$defs/Node"}}}}}""");
        assertEquals(Fixtures.parse("""
                {"properties":{"root":{"type":"object","properties":{"child":{"$ref":"#/$defs/Node"}},
                   "title":"ignored by Gemini beside a $ref"}},
                 "$defs":{"Node":{"type":"object","properties":{"child":{"$ref":"#/$defs/Node"}}}},
                 "type":"object"}"""), Schemas.forGemini(circular));
        assertEquals(Fixtures.parse("{\"type\":\"object\",\"properties\":{}}"), Schemas.forGemini(null));
        var elsewhere = Fixtures.parse("{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"other.json#/X\","
                + "\"description\":\"kept\",\"minimum\":1}}}");
        assertEquals(Fixtures.parse("{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"other.json#/X\","
                + "\"description\":\"kept\"}}}"), Schemas.forGemini(elsewhere));
    }

    @Test
    void sendsNoToolConfigWithoutTools() {
        var r = new ChatRequest("m", List.of(), List.of(Message.user("hi")), List.of(), new ToolChoice.Required(),
                null, null, null, null, null, List.of(), false, null, null, null);
        var body = codec.encodeRequest(r);
        assertFalse(body.has("toolConfig"));
        assertFalse(body.has("tools"));
        assertFalse(body.has("generationConfig"));
        assertEquals(Fixtures.parse("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}"), body);
    }

    @Test
    void findsResultNamesByTheirCall() {
        var r = request(List.of(Message.user("go"),
                new Message(Role.ASSISTANT, List.of(new dev.switchboard.protocol.Part.ToolCall("call_abc", "lookup",
                        "{}", null))),
                new Message(Role.USER, List.of(new dev.switchboard.protocol.Part.ToolResult("call_abc", null,
                        List.of(new dev.switchboard.protocol.Part.Text("found")), false),
                        new dev.switchboard.protocol.Part.ToolResult("call_gone", null, List.of(), false)))));
        var parts = codec.encodeRequest(r).at("/contents/2/parts");
        assertEquals("lookup", parts.at("/0/functionResponse/name").asText());
        assertEquals("call_gone", parts.at("/1/functionResponse/name").asText());
        assertEquals(Fixtures.parse("{}"), parts.at("/1/functionResponse/response"));
    }
}
