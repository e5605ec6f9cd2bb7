package dev.switchboard.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.gateway.MatrixClients.Answer;
import dev.switchboard.gateway.MatrixClients.Call;
import dev.switchboard.gateway.MatrixClients.Client;
import dev.switchboard.protocol.StopReason;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every client protocol against every upstream API type (DESIGN §4), through the official SDKs on the client side
 * and WireMock upstreams serving recorded traffic: same-protocol pairs pass through, the others are converted
 * through the codecs. For each pair the test checks both ends: what the client rebuilt (text, stop reason, tool
 * calls, usage with the cache arithmetic of its protocol) and what the upstream received (its path, its auth, the
 * upstream's model name, the stream flag, for Gemini both in the path, and the conversation converted into its
 * format).
 *
 * <p>One gateway and one WireMock server serve the whole class: each upstream type is a channel on its own path of
 * the same server, reached through its own alias, and the stubs and the request journal are reset before each case.
 */
class ConversionMatrixTest {
    @TempDir
    static Path dataDir;

    private static WireMockServer wm;
    private static Store store;
    private static Switchboard switchboard;
    private static MatrixClients clients;

    /**
     * The tool results sent back in turn 2: one per call, naming the call by its name and arguments (Gemini's calls
     * have no id), so that a result that reaches the upstream attached to the wrong call is seen.
     */
    private static final Function<Call, String> RESULT = call -> "result of " + call.name() + " for "
            + call.arguments();

    /** An upstream API type of the matrix: the model name its entry has there, its key, and where it is called. */
    enum Upstream {
        OPENAI(ApiType.OPENAI, "gpt-4o-mini-matrix", "sk-test-matrix-openai-key", "/v1/chat/completions", ""),
        AZURE(ApiType.AZURE, "matrix-deployment", "test-matrix-azure-key",
                "/openai/deployments/matrix-deployment/chat/completions", "?api-version=2024-10-21"),
        RESPONSES(ApiType.RESPONSES, "gpt-5-matrix", "sk-test-matrix-responses-key", "/v1/responses", ""),
        ANTHROPIC(ApiType.ANTHROPIC, "claude-matrix", "sk-ant-test-matrix-key", "/v1/messages", ""),
        /** The model and the method are in the path: {@link #path(boolean)}. */
        GEMINI(ApiType.GEMINI, "gemini-matrix", "test-matrix-gemini-key", "/v1beta/models/gemini-matrix", "");

        final ApiType type;
        final String model;
        final String key;
        final String path;
        final String query;

        Upstream(ApiType type, String model, String key, String path, String query) {
            this.type = type;
            this.model = model;
            this.key = key;
            this.path = path;
            this.query = query;
        }

        /** The name clients ask for: an alias that only this upstream's entry answers to. */
        String alias() {
            return "via-" + name().toLowerCase(Locale.ROOT);
        }

        String baseUrl(WireMockServer server) {
            return switch (this) {
                case OPENAI, RESPONSES -> server.baseUrl() + "/v1";
                case AZURE, ANTHROPIC, GEMINI -> server.baseUrl();
            };
        }

        /** Where a whole answer or a stream is asked for. */
        String path(boolean stream) {
            if (this != GEMINI) {
                return path;
            }
            return path + (stream ? ":streamGenerateContent" : ":generateContent");
        }

        String query(boolean stream) {
            return this == GEMINI ? stream ? "?alt=sse" : "" : query;
        }

        boolean chatLike() {
            return this == OPENAI || this == AZURE;
        }
    }

    /**
     * What an upstream fixture says, in the canonical terms: input includes cached tokens, output includes the
     * reasoning tokens.
     */
    record Expected(String text, StopReason stop, long input, long output, long cacheRead, long cacheWrite,
                    long reasoning, List<Call> calls) {
        /** An answer without reasoning tokens. */
        Expected(String text, StopReason stop, long input, long output, long cacheRead, long cacheWrite,
                 List<Call> calls) {
            this(text, stop, input, output, cacheRead, cacheWrite, 0, calls);
        }
    }

    // ---- the matrix

    static Stream<Arguments> pairs() {
        var out = new ArrayList<Arguments>();
        for (var client : Client.values()) {
            for (var upstream : Upstream.values()) {
                out.add(Arguments.of(client, upstream));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> pairsInBothModes() {
        return pairs().flatMap(a -> Stream.of(false, true).map(stream -> Arguments.of(a.get()[0], a.get()[1], stream)));
    }

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
        store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
        for (var u : Upstream.values()) {
            var channel = "ch-" + u.name().toLowerCase(Locale.ROOT);
            store.channels().create(ChannelDraft.of(channel, u.type, u.baseUrl(wm), List.of(u.key)));
            store.entries().add(channel, u.model, u.alias(), false);
        }
        switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC());
        clients = new MatrixClients(switchboard.gateway().baseUrl());
    }

    @AfterAll
    static void stop() {
        if (clients != null) {
            clients.close();
        }
        if (switchboard != null) {
            switchboard.close();
        }
        if (store != null) {
            store.close();
        }
        if (wm != null) {
            wm.stop();
        }
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    // ---- a plain question

    @ParameterizedTest(name = "{0} client, {1} upstream, stream {2}")
    @MethodSource("pairsInBothModes")
    void answerCrosses(Client client, Upstream upstream, boolean stream) {
        serve(upstream, textFixture(upstream, stream), stream);

        var answer = clients.ask(client, upstream.alias(), stream);

        assertEquals(inClientTerms(client, textExpected(upstream, stream)), answer);
        var body = received(upstream, stream);
        assertEquals(List.of(MatrixClients.SYSTEM), systemTexts(upstream, body), "system prompt");
        assertEquals(List.of("user: " + MatrixClients.QUESTION), turns(upstream, body), "conversation");
        assertEquals(MatrixClients.MAX_TOKENS, maxTokens(upstream, body), "max tokens");
    }

    // ---- tool use over two turns

    @ParameterizedTest(name = "{0} client, {1} upstream, stream {2}")
    @MethodSource("pairsInBothModes")
    void toolUseCrossesBothWays(Client client, Upstream upstream, boolean stream) {
        serve(upstream, toolFixture(upstream, stream), stream);

        var conversation = clients.startToolUse(client, upstream.alias(), stream);

        var expected = toolExpected(upstream, stream);
        assertEquals(inClientTerms(client, expected), conversation.first(), "turn 1 as the client got it");
        var first = received(upstream, stream);
        assertEquals(List.of("get_weather", "get_time"), toolNames(upstream, first), "tools declared upstream");

        wm.resetAll();
        serve(upstream, textFixture(upstream, stream), stream);

        var second = conversation.answer(stream, RESULT);

        assertEquals(textExpected(upstream, stream).text(), second.text(), "turn 2 as the client got it");
        var body = received(upstream, stream);
        assertToolResultsValid(client, upstream, body, expected.calls(), stream);
    }

    // ---- relay shapes of a Chat stream

    /**
     * A relay (here vLLM serving Qwen) that interleaves the argument pieces of parallel tool calls: a Chat client
     * may take them as they come, the others get the calls one after another, each whole.
     */
    @ParameterizedTest(name = "{0} client")
    @EnumSource(Client.class)
    void interleavedParallelToolCallsFromARelay(Client client) {
        serve(Upstream.OPENAI, fixture("openai/streams/relay_parallel_tool_calls_interleaved.sse"), true);

        var conversation = clients.startToolUse(client, Upstream.OPENAI.alias(), true);

        assertEquals(inClientTerms(client, new Expected("", StopReason.TOOL_USE, 180, 41, 0, 0, List.of(
                call("call_0a1b2c3d4e5f6a7b8c9d0e1f", "get_weather", "{\"city\":\"Oslo\"}"),
                call("call_9f8e7d6c5b4a39281706f5e4", "get_time", "{\"tz\":\"Europe/Oslo\"}")))),
                conversation.first());
        received(Upstream.OPENAI, true);
    }

    /**
     * Azure's stream opens with a chunk of prompt filter results (empty id, model and choices) and some relays in
     * front of it send the usage chunk with {@code "choices": null}.
     */
    @ParameterizedTest(name = "{0} client")
    @EnumSource(Client.class)
    void azureShapedStream(Client client) {
        serve(Upstream.AZURE, fixture("openai/streams/relay_choices_null.sse"), true);

        var answer = clients.ask(client, Upstream.AZURE.alias(), true);

        assertEquals(inClientTerms(client, new Expected("Hi!", StopReason.END_TURN, 9, 2, 0, 0, List.of())), answer);
        received(Upstream.AZURE, true);
    }

    // ---- errors

    @ParameterizedTest(name = "{0} client, {1} upstream, stream {2}")
    @MethodSource("pairsInBothModes")
    void upstreamBadRequestIsTheClientsBadRequest(Client client, Upstream upstream, boolean stream) {
        wm.stubFor(post(urlPathEqualTo(upstream.path(stream))).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(badRequestBody(upstream))));

        String message;
        String type;
        switch (client) {
            case MESSAGES -> {
                var e = assertThrows(com.anthropic.errors.BadRequestException.class,
                        () -> clients.ask(client, upstream.alias(), stream));
                message = e.getMessage();
                type = e.type().map(t -> t.asString()).orElse(null);
            }
            case GEMINI -> {
                var e = assertThrows(com.google.genai.errors.ClientException.class,
                        () -> clients.ask(client, upstream.alias(), stream));
                assertEquals(400, e.code());
                message = e.message();
                type = e.status();
            }
            default -> {
                var e = assertThrows(com.openai.errors.BadRequestException.class,
                        () -> clients.ask(client, upstream.alias(), stream));
                message = e.getMessage();
                type = e.type().orElse(null);
            }
        }

        assertTrue(message.contains(badRequestMessage(upstream)), message);
        assertEquals(client == Client.GEMINI ? "INVALID_ARGUMENT" : "invalid_request_error", type,
                "the error type in the client's error shape");
        received(upstream, stream);
    }

    @ParameterizedTest(name = "{0} client, {1} upstream")
    @MethodSource("pairs")
    void upstreamErrorMidStreamReachesTheClient(Client client, Upstream upstream) {
        serve(upstream, errorStreamFixture(upstream), true);

        var failure = clients.askFailingMidStream(client, upstream.alias());

        assertEquals(client == Client.RESPONSES ? "response.failed" : "exception", failure.how(),
                "how the failure reached the client: " + failure);
        assertEquals(textBeforeError(upstream), failure.textBefore());
        assertTrue(failure.message() != null && failure.message().contains(errorMidStreamMessage(upstream)),
                String.valueOf(failure.message()));
        received(upstream, true);
    }

    // ---- the upstream side

    private static void serve(Upstream upstream, String body, boolean stream) {
        wm.stubFor(post(urlPathEqualTo(upstream.path(stream))).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", stream ? "text/event-stream" : "application/json").withBody(body)));
    }

    /**
     * The one request the upstream received, checked against its protocol: path, auth of its API type (and no
     * trace of the client's key), the upstream's model name and the stream flag (for Gemini both in the path, and
     * the key in its header, never in the URL). Returns its body.
     */
    private static JsonNode received(Upstream upstream, boolean stream) {
        var events = wm.getAllServeEvents();
        assertEquals(1, events.size(), "requests the upstream received");
        LoggedRequest request = events.get(0).getRequest();
        assertEquals(upstream.path(stream) + upstream.query(stream), request.getUrl());
        assertFalse(request.getUrl().contains("key="), "a key in the URL: " + request.getUrl());
        switch (upstream) {
            case OPENAI, RESPONSES -> {
                assertEquals("Bearer " + upstream.key, request.getHeader("Authorization"));
                assertFalse(request.containsHeader("x-api-key") || request.containsHeader("api-key")
                        || request.containsHeader("x-goog-api-key"));
            }
            case AZURE -> {
                assertEquals(upstream.key, request.getHeader("api-key"));
                assertFalse(request.containsHeader("Authorization") || request.containsHeader("x-api-key")
                        || request.containsHeader("x-goog-api-key"));
            }
            case ANTHROPIC -> {
                assertEquals(upstream.key, request.getHeader("x-api-key"));
                // Switchboard's 2023-06-01, or the version an Anthropic client sent (PassthroughNegotiationTest)
                assertTrue(request.getHeader("anthropic-version").matches("\\d{4}-\\d{2}-\\d{2}"),
                        request.getHeader("anthropic-version"));
                assertFalse(request.containsHeader("Authorization") || request.containsHeader("api-key")
                        || request.containsHeader("x-goog-api-key"));
            }
            case GEMINI -> {
                assertEquals(upstream.key, request.getHeader("x-goog-api-key"));
                assertFalse(request.containsHeader("Authorization") || request.containsHeader("api-key")
                        || request.containsHeader("x-api-key"));
            }
        }
        for (var header : request.getHeaders().all()) {
            assertFalse(header.values().stream().anyMatch(v -> v.contains(MatrixClients.CLIENT_KEY)),
                    "the client's key reached the upstream in " + header.key());
        }
        var body = MatrixClients.parse(request.getBodyAsString());
        if (upstream == Upstream.GEMINI) {
            // Gemini refuses unknown fields: the model and the stream are said by the path alone
            assertFalse(body.has("model") || body.has("stream"), "model or stream in a Gemini body: " + body);
            assertFalse(body.path("contents").isEmpty(), "no contents: " + body);
            return body;
        }
        if (upstream != Upstream.AZURE) {
            assertEquals(upstream.model, body.path("model").asText(), "model");
        }
        assertEquals(stream, body.path("stream").asBoolean(false), "stream");
        if (stream && upstream.chatLike()) {
            assertTrue(body.path("stream_options").path("include_usage").asBoolean(), "usage asked for: " + body);
        }
        return body;
    }

    private static List<String> systemTexts(Upstream upstream, JsonNode body) {
        var out = new ArrayList<String>();
        switch (upstream) {
            case OPENAI, AZURE -> {
                for (var m : body.path("messages")) {
                    var role = m.path("role").asText();
                    if (role.equals("system") || role.equals("developer")) {
                        out.add(text(m.get("content")));
                    }
                }
            }
            case RESPONSES -> {
                if (body.hasNonNull("instructions")) {
                    out.add(body.get("instructions").asText());
                }
                for (var item : body.path("input")) {
                    var role = item.path("role").asText();
                    if (role.equals("system") || role.equals("developer")) {
                        out.add(text(item.get("content")));
                    }
                }
            }
            case ANTHROPIC -> {
                if (body.hasNonNull("system")) {
                    out.add(text(body.get("system")));
                }
            }
            case GEMINI -> {
                if (body.hasNonNull("systemInstruction")) {
                    out.add(text(body.get("systemInstruction").get("parts")));
                }
            }
        }
        return out;
    }

    /**
     * The conversation without the system prompt, as "role: text" lines; a Responses string input is one user
     * turn.
     */
    private static List<String> turns(Upstream upstream, JsonNode body) {
        var out = new ArrayList<String>();
        if (upstream == Upstream.RESPONSES) {
            var input = body.path("input");
            if (input.isTextual()) {
                out.add("user: " + input.asText());
            }
            for (var item : input) {
                var role = item.path("role").asText();
                if (item.path("type").asText("message").equals("message") && !role.equals("system")
                        && !role.equals("developer")) {
                    out.add(role + ": " + text(item.get("content")));
                }
            }
            return out;
        }
        if (upstream == Upstream.GEMINI) {
            for (var content : body.path("contents")) {
                var role = content.path("role").asText();
                assertTrue(role.equals("user") || role.equals("model"), "a Gemini role: " + content);
                out.add(role + ": " + text(content.get("parts")));
            }
            return out;
        }
        for (var m : body.path("messages")) {
            var role = m.path("role").asText();
            if (!role.equals("system") && !role.equals("developer")) {
                out.add(role + ": " + text(m.get("content")));
            }
        }
        return out;
    }

    private static long maxTokens(Upstream upstream, JsonNode body) {
        return switch (upstream) {
            case OPENAI, AZURE -> body.has("max_completion_tokens") ? body.get("max_completion_tokens").asLong()
                    : body.path("max_tokens").asLong(-1);
            case RESPONSES -> body.path("max_output_tokens").asLong(-1);
            case ANTHROPIC -> body.path("max_tokens").asLong(-1);
            case GEMINI -> body.path("generationConfig").path("maxOutputTokens").asLong(-1);
        };
    }

    private static List<String> toolNames(Upstream upstream, JsonNode body) {
        var out = new ArrayList<String>();
        for (var tool : body.path("tools")) {
            switch (upstream) {
                case OPENAI, AZURE -> {
                    assertEquals("function", tool.path("type").asText(), tool.toString());
                    assertEquals("object", tool.path("function").path("parameters").path("type").asText());
                    out.add(tool.path("function").path("name").asText());
                }
                case RESPONSES -> {
                    assertEquals("function", tool.path("type").asText(), tool.toString());
                    assertEquals("object", tool.path("parameters").path("type").asText());
                    out.add(tool.path("name").asText());
                }
                case ANTHROPIC -> {
                    assertEquals("object", tool.path("input_schema").path("type").asText(), tool.toString());
                    out.add(tool.path("name").asText());
                }
                case GEMINI -> {
                    for (var declaration : tool.path("functionDeclarations")) {
                        assertEquals("object", declaration.path("parametersJsonSchema").path("type").asText(),
                                declaration.toString());
                        out.add(declaration.path("name").asText());
                    }
                }
            }
        }
        return out;
    }

    /**
     * Turn 2 as the upstream received it: the question, the assistant's calls with the ids the upstream itself
     * gave them, and one result per call referring to that same id, in the upstream's own format and order. A
     * Gemini client's calls carry no ids: the upstream gets ids the gateway gave them, one per call, and each
     * result refers to its call's. A Gemini upstream matches results to calls by name and order.
     */
    private static void assertToolResultsValid(Client client, Upstream upstream, JsonNode body, List<Call> calls,
                                               boolean stream) {
        boolean idsKept = client != Client.GEMINI;
        switch (upstream) {
            case OPENAI, AZURE -> {
                var messages = new ArrayList<JsonNode>();
                body.path("messages").forEach(m -> {
                    if (!m.path("role").asText().equals("system")) {
                        messages.add(m);
                    }
                });
                assertEquals("user", messages.get(0).path("role").asText(), body.toString());
                assertEquals(MatrixClients.TOOL_QUESTION, text(messages.get(0).get("content")));
                var assistant = messages.get(1);
                assertEquals("assistant", assistant.path("role").asText(), body.toString());
                var sent = new ArrayList<Call>();
                for (var c : assistant.path("tool_calls")) {
                    assertEquals("function", c.path("type").asText());
                    sent.add(new Call(c.path("id").asText(), c.path("function").path("name").asText(),
                            MatrixClients.parse(c.path("function").path("arguments").asText())));
                }
                var ids = assertCallsSent(calls, sent, idsKept, "the assistant's tool_calls");
                // Chat requires the tool messages right after the assistant message that made the calls
                assertEquals(2 + calls.size(), messages.size(), body.toString());
                for (int i = 0; i < calls.size(); i++) {
                    var tool = messages.get(2 + i);
                    assertEquals("tool", tool.path("role").asText(), tool.toString());
                    assertEquals(ids.get(i), tool.path("tool_call_id").asText());
                    assertEquals(RESULT.apply(calls.get(i)), text(tool.get("content")));
                }
            }
            case RESPONSES -> {
                var items = new ArrayList<JsonNode>();
                body.path("input").forEach(items::add);
                assertEquals(List.of("user: " + MatrixClients.TOOL_QUESTION), turns(upstream, body).subList(0, 1));
                var sent = new ArrayList<Call>();
                var outputs = new ArrayList<String>();
                var seenCalls = new ArrayList<String>();
                var encrypted = new ArrayList<String>();
                for (var item : items) {
                    switch (item.path("type").asText("message")) {
                        case "function_call" -> {
                            sent.add(new Call(item.path("call_id").asText(), item.path("name").asText(),
                                    MatrixClients.parse(item.path("arguments").asText())));
                            seenCalls.add(item.path("call_id").asText());
                        }
                        case "function_call_output" -> {
                            var callId = item.path("call_id").asText();
                            assertTrue(seenCalls.contains(callId), "an output before its call: " + body);
                            outputs.add(callId + " → " + text(item.get("output")));
                        }
                        case "reasoning" -> encrypted.add(item.path("encrypted_content").asText(null));
                        case "message" -> {
                        }
                        default -> throw new AssertionError("unexpected input item " + item);
                    }
                }
                var ids = assertCallsSent(calls, sent, idsKept, "the function_call items");
                var expectedOutputs = new ArrayList<String>();
                for (int i = 0; i < calls.size(); i++) {
                    expectedOutputs.add(ids.get(i) + " → " + RESULT.apply(calls.get(i)));
                }
                assertEquals(expectedOutputs, outputs);
                assertEquals(signedBack(client, upstream, stream), encrypted, "the reasoning's encrypted_content");
            }
            case ANTHROPIC -> {
                var messages = body.path("messages");
                for (int i = 0; i < messages.size(); i++) {
                    // Anthropic: the turns alternate, starting with the user
                    assertEquals(i % 2 == 0 ? "user" : "assistant", messages.get(i).path("role").asText(),
                            body.toString());
                }
                assertEquals(3, messages.size(), body.toString());
                assertEquals(MatrixClients.TOOL_QUESTION, text(messages.get(0).get("content")));
                var sent = new ArrayList<Call>();
                var signatures = new ArrayList<String>();
                for (var block : messages.get(1).path("content")) {
                    if (block.path("type").asText().equals("tool_use")) {
                        sent.add(new Call(block.path("id").asText(), block.path("name").asText(),
                                block.path("input")));
                    } else if (block.path("type").asText().equals("thinking")) {
                        signatures.add(block.path("signature").asText(null));
                    }
                }
                assertEquals(signedBack(client, upstream, stream), signatures, "the thinking blocks' signatures");
                var ids = assertCallsSent(calls, sent, idsKept, "the assistant's tool_use blocks");
                var results = messages.get(2).path("content");
                assertEquals(calls.size(), results.size(), results.toString());
                for (int i = 0; i < calls.size(); i++) {
                    var result = results.get(i);
                    assertEquals("tool_result", result.path("type").asText(), result.toString());
                    assertEquals(ids.get(i), result.path("tool_use_id").asText());
                    assertEquals(RESULT.apply(calls.get(i)), text(result.get("content")));
                }
            }
            case GEMINI -> {
                var contents = body.path("contents");
                var roles = new ArrayList<String>();
                contents.forEach(c -> roles.add(c.path("role").asText()));
                // Gemini: the question, the model's turn with its function calls, the user's turn with the results
                assertEquals(List.of("user", "model", "user"), roles, body.toString());
                assertEquals(MatrixClients.TOOL_QUESTION, text(contents.get(0).get("parts")));
                var sent = new ArrayList<Call>();
                var signatures = new ArrayList<String>();
                for (var part : contents.get(1).path("parts")) {
                    if (part.has("functionCall")) {
                        var call = part.get("functionCall");
                        assertFalse(call.has("id"), "an id Gemini does not know: " + part);
                        sent.add(new Call("", call.path("name").asText(), call.path("args")));
                        signatures.add(part.hasNonNull("thoughtSignature") ? part.get("thoughtSignature").asText()
                                : null);
                    }
                }
                assertEquals(withoutIds(calls), sent, "the model turn's functionCall parts");
                assertEquals(signaturesBack(client, stream), signatures, "the functionCalls' thoughtSignatures");
                var results = contents.get(2).path("parts");
                assertEquals(calls.size(), results.size(), results.toString());
                for (int i = 0; i < calls.size(); i++) {
                    var response = results.get(i).get("functionResponse");
                    assertTrue(response != null, "not a functionResponse: " + results.get(i));
                    assertEquals(calls.get(i).name(), response.path("name").asText(), response.toString());
                    if (client != Client.GEMINI) {
                        assertFalse(response.has("id"), "an id Gemini does not know: " + response);
                    }
                    assertEquals(RESULT.apply(calls.get(i)), response.path("response").path("output").asText(),
                            response.toString());
                }
            }
        }
    }

    /**
     * The calls the upstream got back, against the ones it made: the same, ids included, or (a Gemini client,
     * whose protocol has none) the same names and arguments with one distinct id per call. Returns the ids sent.
     */
    private static List<String> assertCallsSent(List<Call> made, List<Call> sent, boolean idsKept, String what) {
        if (idsKept) {
            assertEquals(made, sent, what);
        } else {
            assertEquals(withoutIds(made), withoutIds(sent), what);
            var ids = sent.stream().map(Call::id).toList();
            assertTrue(ids.stream().noneMatch(String::isEmpty) && ids.stream().distinct().count() == ids.size(),
                    "one id per call: " + ids);
        }
        return sent.stream().map(Call::id).toList();
    }

    private static List<Call> withoutIds(List<Call> calls) {
        return calls.stream().map(c -> new Call("", c.name(), c.arguments())).toList();
    }

    /**
     * The signed thinking of an OpenAI (encrypted_content) or Anthropic (signature) tool fixture, as the upstream
     * must get it back: unchanged, since both verify it. A Chat client has no place for thinking and sends none.
     */
    private static List<String> signedBack(Client client, Upstream upstream, boolean stream) {
        if (client == Client.CHAT) {
            return List.of();
        }
        var field = upstream == Upstream.RESPONSES ? "encrypted_content" : "signature";
        var matcher = java.util.regex.Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(toolFixture(upstream, stream));
        var out = new ArrayList<String>();
        while (matcher.find()) {
            if (!out.contains(matcher.group(1))) {
                out.add(matcher.group(1));
            }
        }
        assertFalse(out.isEmpty(), "a fixture with signed thinking");
        return out;
    }

    /**
     * The thoughtSignatures a Gemini upstream must get back on the function calls of its tool fixture. A Gemini
     * client hands them back as they came. The other protocols have no place for a signature on a tool call (see
     * their codecs), so their clients lose them, and the first call gets the stand-in Google documents for calls
     * without one, which Gemini 3 requires.
     */
    private static List<String> signaturesBack(Client client, boolean stream) {
        var fixture = toolFixture(Upstream.GEMINI, stream);
        var signatures = new ArrayList<String>();
        var chunks = stream ? fixture.lines().filter(l -> l.startsWith("data:")).map(l -> l.substring(5)).toList()
                : List.of(fixture);
        for (var chunk : chunks) {
            for (var part : MatrixClients.parse(chunk).path("candidates").path(0).path("content").path("parts")) {
                if (part.has("functionCall")) {
                    signatures.add(part.hasNonNull("thoughtSignature") ? part.get("thoughtSignature").asText()
                            : null);
                }
            }
        }
        assertFalse(signatures.isEmpty() || signatures.get(0) == null, "a fixture with a signed call");
        if (client == Client.GEMINI) {
            return signatures;
        }
        var out = new ArrayList<String>();
        for (int i = 0; i < signatures.size(); i++) {
            out.add(i == 0 ? "skip_thought_signature_validator" : null);
        }
        return out;
    }

    /** A content value's text: a string, or the texts of its text parts joined. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        var out = new StringBuilder();
        for (var part : content) {
            if (part.has("text") && !part.path("thought").asBoolean(false)) { // Gemini's thoughts are not text
                out.append(part.get("text").asText());
            }
        }
        return out.toString();
    }

    // ---- the client side

    /** The answer an upstream fixture means, as the client's protocol says it. */
    static Answer inClientTerms(Client client, Expected e) {
        return switch (client) {
            case CHAT -> new Answer(e.text(), switch (e.stop()) {
                case MAX_TOKENS -> "length";
                case TOOL_USE -> "tool_calls";
                default -> "stop";
            }, e.input(), e.output(), e.cacheRead(), null, null, e.calls());
            case RESPONSES -> new Answer(e.text(), e.stop() == StopReason.MAX_TOKENS
                    ? "incomplete:max_output_tokens" : "completed", e.input(), e.output(), e.cacheRead(),
                    e.cacheWrite(), null, e.calls());
            // Anthropic's input_tokens leaves out what was read from or written to the cache
            case MESSAGES -> new Answer(e.text(), switch (e.stop()) {
                case MAX_TOKENS -> "max_tokens";
                case TOOL_USE -> "tool_use";
                default -> "end_turn";
            }, e.input() - e.cacheRead() - e.cacheWrite(), e.output(), e.cacheRead(), e.cacheWrite(), null,
                    e.calls());
            // Gemini's promptTokenCount includes the cached tokens (and those written to a cache: Gemini has no
            // count of its own for them), its candidatesTokenCount leaves the thoughts out; a turn that called
            // functions says STOP, and its calls have no ids
            case GEMINI -> new Answer(e.text(), e.stop() == StopReason.MAX_TOKENS ? "MAX_TOKENS" : "STOP",
                    e.input(), e.output() - e.reasoning(), e.cacheRead(), null, e.reasoning(), withoutIds(e.calls()));
        };
    }

    // ---- fixtures: recorded upstream traffic and what it says

    static String fixture(String path) {
        return GatewayFixture.fixture("fixtures/" + path);
    }

    static String textFixture(Upstream upstream, boolean stream) {
        return fixture(switch (upstream) {
            case OPENAI, AZURE -> stream ? "openai/streams/openai_text_usage.sse"
                    : "openai/responses/reasoning_cached_usage.json";
            case RESPONSES -> stream ? "responses/streams/reasoning-summary-text.sse"
                    : "responses/responses/reasoning-message.json";
            case ANTHROPIC -> stream ? "anthropic/stream-max-tokens.sse" : "anthropic/response-max-tokens.json";
            case GEMINI -> stream ? "gemini/stream-thinking-text.sse" : "gemini/response-text-signature.json";
        });
    }

    static Expected textExpected(Upstream upstream, boolean stream) {
        return switch (upstream) {
            case OPENAI, AZURE -> stream
                    ? new Expected("M3 screws come in 6 to 20 mm.", StopReason.END_TURN, 2105, 12, 1920, 0, List.of())
                    : new Expected("There are three Rs in \"strawberry\".", StopReason.END_TURN, 2314, 405, 2048, 0,
                    384, List.of());
            // the same answer recorded whole and streamed: 1843 input tokens, 1536 of them read from the cache and
            // 307 written to it
            case RESPONSES -> new Expected("There are three “r”s in “strawberry”.", StopReason.END_TURN,
                    1843, 212, 1536, 307, 192, List.of());
            case ANTHROPIC -> new Expected("Here is a long story. Once upon a time, in a land far",
                    StopReason.MAX_TOKENS, 14, 16, 0, 0, List.of());
            // Gemini's candidatesTokenCount leaves the thoughts out: the canonical output is their sum
            case GEMINI -> stream
                    ? new Expected("The sky looks blue because sunlight scatters off the molecules of the air, and"
                    + " short blue wavelengths scatter far more than red ones, so blue light reaches your eyes from"
                    + " every direction.", StopReason.END_TURN, 9, 41 + 397, 0, 0, 397, List.of())
                    : new Expected("Use a record: it is immutable, gets equals/hashCode/toString for free, and says"
                    + " \"this is data\".", StopReason.END_TURN, 25, 180 + 412, 0, 0, 412, List.of());
        };
    }

    private static String toolFixture(Upstream upstream, boolean stream) {
        return fixture(switch (upstream) {
            case OPENAI, AZURE -> stream ? "openai/streams/openai_parallel_tool_calls.sse"
                    : "openai/responses/tool_calls.json";
            case RESPONSES -> stream ? "responses/streams/parallel-function-calls.sse"
                    : "responses/responses/function-calls.json";
            case ANTHROPIC -> stream ? "anthropic/stream-thinking-tool-use.sse"
                    : "anthropic/response-thinking-tool-use.json";
            case GEMINI -> stream ? "gemini/stream-function-call.sse" : "gemini/response-function-call.json";
        });
    }

    private static Expected toolExpected(Upstream upstream, boolean stream) {
        return switch (upstream) {
            case OPENAI, AZURE -> new Expected("", StopReason.TOOL_USE, 82, 48, 0, 0, List.of(
                    call("call_Wq0sbD8xY1cT3nKpLmZ4aB7e", "get_weather", "{\"city\":\"Oslo\"}"),
                    call("call_Jh2vRt5uX9oP1qS6wE3yN8dF", "get_weather", "{\"city\":\"Bergen\"}")));
            case RESPONSES -> new Expected("", StopReason.TOOL_USE, 312, 91, stream ? 256 : 0, 0, 64, List.of(
                    call("call_Wq0sbD8xY1cT3nKpLmZ4aB7e", "get_weather", "{\"city\":\"Oslo\"}"),
                    call("call_Jh2vRt5uX9oP1qS6wE3yN8dF", "get_time", "{\"tz\":\"Europe/Oslo\"}")));
            // Anthropic's input_tokens (12; 8 streamed) leave out the cache reads and writes: the canonical input
            // is their sum
            case ANTHROPIC -> stream
                    ? new Expected("Let me check the weather in Paris.", StopReason.TOOL_USE, 8 + 18304 + 2113, 142,
                    18304, 2113, List.of(call("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather",
                    "{\"location\":\"Paris, France\",\"unit\":\"celsius\"}")))
                    : new Expected("Let me check the current weather in Paris.", StopReason.TOOL_USE,
                    12 + 20480 + 1536, 190, 20480, 1536, List.of(call("toolu_01A09q90qw90lq917835lq9",
                    "get_weather", "{\"location\":\"Paris, France\",\"unit\":\"celsius\"}")));
            // Gemini gives its calls no ids: the gateway makes them from the responseId; the streamed usage is the
            // last chunk's, which comes after the finishReason
            case GEMINI -> stream
                    ? new Expected("I'll check both cities.", StopReason.TOOL_USE, 4213, 44 + 210, 3072, 0, 210,
                    List.of(call("call_nsQgaYDXFv6Yz7IP37-0qQ4_1", "get_weather",
                                    "{\"location\":\"Paris, France\",\"unit\":\"celsius\"}"),
                            call("call_nsQgaYDXFv6Yz7IP37-0qQ4_2", "get_weather",
                                    "{\"location\":\"London, UK\",\"unit\":\"celsius\"}")))
                    : new Expected("I'll look up the current weather in Paris.", StopReason.TOOL_USE, 4213, 58 + 348,
                    3072, 0, 348, List.of(call("call_q8QgafPNK-6Yz7IPz5e3uQ4_1", "get_weather",
                    "{\"location\":\"Paris, France\",\"unit\":\"celsius\"}")));
        };
    }

    private static Call call(String id, String name, String arguments) {
        return new Call(id, name, MatrixClients.parse(arguments));
    }

    private static String badRequestBody(Upstream upstream) {
        return switch (upstream) {
            case OPENAI, AZURE -> "{\"error\":{\"message\":\"" + badRequestMessage(upstream) + "\",\"type\":"
                    + "\"invalid_request_error\",\"param\":\"messages[1].content\","
                    + "\"code\":\"string_above_max_length\"}}";
            case RESPONSES -> fixture("responses/responses/error-invalid-request.json");
            case ANTHROPIC -> "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\""
                    + badRequestMessage(upstream) + "\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fz\"}";
            case GEMINI -> "{\"error\":{\"code\":400,\"message\":\"" + badRequestMessage(upstream)
                    + "\",\"status\":\"INVALID_ARGUMENT\"}}";
        };
    }

    private static String badRequestMessage(Upstream upstream) {
        return switch (upstream) {
            case OPENAI, AZURE -> "Invalid 'messages[1].content': string too long. Expected a string with maximum"
                    + " length 1048576, but got a string with length 1048577 instead.";
            case RESPONSES -> "Invalid 'input[3].call_id': string too long. Expected a string with maximum length"
                    + " 64, but got a string with length 71 instead.";
            case ANTHROPIC -> "messages.0.content.0.text: Field required";
            case GEMINI -> "* GenerateContentRequest.contents[1].parts: contents.parts must not be empty.";
        };
    }

    static String errorStreamFixture(Upstream upstream) {
        return fixture(switch (upstream) {
            case OPENAI, AZURE -> "openai/streams/openai_error_mid_stream.sse";
            case RESPONSES -> "responses/streams/failed.sse";
            case ANTHROPIC -> "anthropic/stream-overloaded.sse";
            case GEMINI -> "gemini/stream-error.sse";
        });
    }

    static String textBeforeError(Upstream upstream) {
        return upstream.chatLike() ? "The first part"
                : upstream == Upstream.GEMINI ? "The first step is to measure the flour" : "The first step is";
    }

    private static String errorMidStreamMessage(Upstream upstream) {
        return switch (upstream) {
            case OPENAI, AZURE -> "The server had an error while processing your request.";
            case RESPONSES -> "An error occurred while processing your request.";
            case ANTHROPIC -> "Overloaded";
            case GEMINI -> "The model is overloaded. Please try again later.";
        };
    }
}
