package dev.switchboard.gateway;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.AnthropicException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.errors.ApiException;
import com.google.genai.types.Content;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.FunctionResponse;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The four client protocols of the conversion matrix, each spoken by its official SDK (as the tools people point
 * at Switchboard speak them), and what each answer comes down to: its text, stop reason, usage and tool calls, in
 * the client's own terms. Streams are rebuilt by the SDKs' own accumulators, so a stream those refuse fails here;
 * Google's Gen AI SDK has none, so a Gemini stream is put together here as Gemini CLI does: the chunks' parts in
 * order, the last finishReason and the last usageMetadata.
 */
final class MatrixClients implements AutoCloseable {
    static final String SYSTEM = "Answer in one short sentence.";
    static final String QUESTION = "Which M3 screw lengths exist?";
    static final String TOOL_QUESTION = "What's the weather in Oslo, and what time is it there?";
    /** What the client authenticates with; it must never reach an upstream. */
    static final String CLIENT_KEY = "sk-test-matrix-client-key";
    static final long MAX_TOKENS = 512;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A client protocol of the matrix. */
    enum Client {
        CHAT, RESPONSES, MESSAGES,
        /** Gemini's generateContent through Google's Gen AI SDK, as Gemini CLI speaks it. */
        GEMINI
    }

    /**
     * A tool call as the client received it; {@code arguments} parsed, so that spacing does not matter. Gemini's
     * function calls have no id: {@code ""}.
     */
    record Call(String id, String name, JsonNode arguments) {
    }

    /**
     * An answer as the client sees it. {@code stop} is the client protocol's own word (Chat's finish_reason,
     * Responses' status, Anthropic's stop_reason, Gemini's finishReason); {@code input} is the protocol's own input
     * count (Anthropic's without cached tokens); {@code output} too (Gemini's candidatesTokenCount, without the
     * thoughts); {@code cacheWrite} is null where the protocol has no such count (Chat, Gemini); {@code reasoning}
     * is Gemini's thoughtsTokenCount, which its output leaves out, and null for the other protocols, whose output
     * includes the reasoning.
     */
    record Answer(String text, String stop, long input, long output, long cacheRead, Long cacheWrite,
                  Long reasoning, List<Call> calls) {
    }

    /** How a stream that failed midway reached the client: the text before, and the error as the SDK gave it. */
    record Failure(String textBefore, String how, String message) {
    }

    /** A tool-use conversation after its first turn; {@link #answer} sends the tool results back. */
    interface Conversation {
        Answer first();

        /** Sends one result per call, in the client's format; returns the answer to that. */
        Answer answer(boolean stream, Function<Call, String> output);
    }

    private final OpenAIClient openai;
    private final AnthropicClient anthropic;
    private final com.google.genai.Client gemini;

    MatrixClients(String gatewayBaseUrl) {
        this.openai = OpenAIOkHttpClient.builder().baseUrl(gatewayBaseUrl + "/v1").apiKey(CLIENT_KEY).maxRetries(0)
                .build();
        this.anthropic = AnthropicOkHttpClient.builder().baseUrl(gatewayBaseUrl).apiKey(CLIENT_KEY).maxRetries(0)
                .build();
        // the SDK sends the key as x-goog-api-key; one attempt, as the other clients make
        this.gemini = com.google.genai.Client.builder().apiKey(CLIENT_KEY).httpOptions(HttpOptions.builder()
                .baseUrl(gatewayBaseUrl).retryOptions(HttpRetryOptions.builder().attempts(1).build()).build()).build();
    }

    @Override
    public void close() {
        openai.close();
        anthropic.close();
        gemini.close();
    }

    // ---- a plain question

    Answer ask(Client client, String model, boolean stream) {
        return switch (client) {
            case CHAT -> chat(chatParams(model, stream).addUserMessage(QUESTION).build(), stream);
            case RESPONSES -> responses(responsesParams(model).input(QUESTION).build(), stream);
            case MESSAGES -> messages(messagesParams(model).addUserMessage(QUESTION).build(), stream);
            case GEMINI -> geminiAnswer(geminiTurn(model, List.of(geminiUser(QUESTION)), geminiConfig().build(),
                    stream));
        };
    }

    /** Streams a question whose stream fails midway; the failure as the client saw it. */
    Failure askFailingMidStream(Client client, String model) {
        var text = new StringBuilder();
        switch (client) {
            case CHAT -> {
                try (var s = openai.chat().completions().createStreaming(chatParams(model, true)
                        .addUserMessage(QUESTION).build())) {
                    s.stream().forEach(chunk -> chunk.choices()
                            .forEach(c -> c.delta().content().ifPresent(text::append)));
                } catch (OpenAIException e) {
                    return new Failure(text.toString(), "exception", e.getMessage());
                }
            }
            case RESPONSES -> {
                try (var s = openai.responses().createStreaming(responsesParams(model).input(QUESTION).build())) {
                    for (var event : (Iterable<com.openai.models.responses.ResponseStreamEvent>) s.stream()::iterator) {
                        if (event.isOutputTextDelta()) {
                            text.append(event.asOutputTextDelta().delta());
                        } else if (event.isFailed()) {
                            var error = event.asFailed().response().error().orElseThrow();
                            return new Failure(text.toString(), "response.failed", error.message());
                        }
                    }
                } catch (OpenAIException e) {
                    return new Failure(text.toString(), "exception", e.getMessage());
                }
            }
            case MESSAGES -> {
                try (var s = anthropic.messages().createStreaming(messagesParams(model).addUserMessage(QUESTION)
                        .build())) {
                    s.stream().forEach(event -> {
                        if (event.isContentBlockDelta() && event.asContentBlockDelta().delta().isText()) {
                            text.append(event.asContentBlockDelta().delta().asText().text());
                        }
                    });
                } catch (AnthropicException e) {
                    return new Failure(text.toString(), "exception", e.getMessage());
                }
            }
            case GEMINI -> {
                // the SDK throws while iterating when a chunk is {"error": …}
                try (var s = gemini.models.generateContentStream(model, List.of(geminiUser(QUESTION)),
                        geminiConfig().build())) {
                    for (var chunk : s) {
                        text.append(geminiText(geminiParts(chunk)));
                    }
                } catch (ApiException e) {
                    return new Failure(text.toString(), "exception", e.getMessage());
                }
            }
        }
        return new Failure(text.toString(), "none", null);
    }

    // ---- tool use over two turns

    Conversation startToolUse(Client client, String model, boolean stream) {
        return switch (client) {
            case CHAT -> chatTools(model, stream);
            case RESPONSES -> responsesTools(model, stream);
            case MESSAGES -> messagesTools(model, stream);
            case GEMINI -> geminiTools(model, stream);
        };
    }

    private Conversation chatTools(String model, boolean stream) {
        var first = chatParams(model, stream).addTool(chatTool("get_weather", "city"))
                .addTool(chatTool("get_time", "tz")).addUserMessage(TOOL_QUESTION).build();
        var completion = chatCompletion(first, stream);
        var assistant = completion.choices().get(0).message();
        var answer = chatAnswer(completion);
        return new Conversation() {
            @Override
            public Answer first() {
                return answer;
            }

            @Override
            public Answer answer(boolean stream2, Function<Call, String> output) {
                var next = chatParams(model, stream2)
                        .addTool(chatTool("get_weather", "city")).addTool(chatTool("get_time", "tz"))
                        .addUserMessage(TOOL_QUESTION).addMessage(assistant);
                for (var call : answer.calls()) {
                    next.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id())
                            .content(output.apply(call)).build());
                }
                return chat(next.build(), stream2);
            }
        };
    }

    private Conversation responsesTools(String model, boolean stream) {
        var question = ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                .role(EasyInputMessage.Role.USER).content(TOOL_QUESTION).build());
        var first = responsesParams(model).addTool(responsesTool("get_weather", "city"))
                .addTool(responsesTool("get_time", "tz")).inputOfResponse(List.of(question)).build();
        var response = response(first, stream);
        var answer = responsesAnswer(response);
        return new Conversation() {
            @Override
            public Answer first() {
                return answer;
            }

            @Override
            public Answer answer(boolean stream2, Function<Call, String> output) {
                var input = new ArrayList<ResponseInputItem>();
                input.add(question);
                // the output handed back as input, as Codex does with store: false
                for (var item : response.output()) {
                    if (item.isReasoning()) {
                        input.add(ResponseInputItem.ofReasoning(item.asReasoning()));
                    } else if (item.isMessage()) {
                        input.add(ResponseInputItem.ofResponseOutputMessage(item.asMessage()));
                    } else if (item.isFunctionCall()) {
                        input.add(ResponseInputItem.ofFunctionCall(item.asFunctionCall()));
                    }
                }
                for (var call : answer.calls()) {
                    input.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                            .callId(call.id()).output(output.apply(call)).build()));
                }
                return responses(responsesParams(model).addTool(responsesTool("get_weather", "city"))
                        .addTool(responsesTool("get_time", "tz")).inputOfResponse(input).build(), stream2);
            }
        };
    }

    private Conversation messagesTools(String model, boolean stream) {
        var first = messagesParams(model).addTool(messagesTool("get_weather", "city"))
                .addTool(messagesTool("get_time", "tz")).addUserMessage(TOOL_QUESTION).build();
        var message = message(first, stream);
        var answer = messagesAnswer(message);
        return new Conversation() {
            @Override
            public Answer first() {
                return answer;
            }

            @Override
            public Answer answer(boolean stream2, Function<Call, String> output) {
                var results = new ArrayList<ContentBlockParam>();
                for (var call : answer.calls()) {
                    results.add(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId(call.id())
                            .content(output.apply(call)).build()));
                }
                return messages(messagesParams(model).addTool(messagesTool("get_weather", "city"))
                        .addTool(messagesTool("get_time", "tz")).addUserMessage(TOOL_QUESTION).addMessage(message)
                        .addUserMessageOfContentBlockParams(results).build(), stream2);
            }
        };
    }

    private Conversation geminiTools(String model, boolean stream) {
        var question = geminiUser(TOOL_QUESTION);
        var config = geminiConfig().tools(com.google.genai.types.Tool.builder().functionDeclarations(
                geminiTool("get_weather", "city"), geminiTool("get_time", "tz")).build()).build();
        var turn = geminiTurn(model, List.of(question), config, stream);
        var answer = geminiAnswer(turn);
        return new Conversation() {
            @Override
            public Answer first() {
                return answer;
            }

            @Override
            public Answer answer(boolean stream2, Function<Call, String> output) {
                // As Gemini CLI: the model's turn goes back as it came (thought signatures included), and each
                // function response names its call, with an id made up when the call had none.
                var responses = new ArrayList<com.google.genai.types.Part>();
                int n = 0;
                for (var call : answer.calls()) {
                    n++;
                    var id = call.id().isEmpty() ? call.name() + "-1763732012345-" + n : call.id();
                    responses.add(com.google.genai.types.Part.builder().functionResponse(FunctionResponse.builder()
                            .id(id).name(call.name()).response(Map.of("output", output.apply(call))).build()).build());
                }
                var contents = List.of(question, Content.builder().role("model").parts(turn.parts()).build(),
                        Content.builder().role("user").parts(responses).build());
                return geminiAnswer(geminiTurn(model, contents, config, stream2));
            }
        };
    }

    // ---- Chat Completions

    private static ChatCompletionCreateParams.Builder chatParams(String model, boolean stream) {
        var b = ChatCompletionCreateParams.builder().model(model).maxCompletionTokens(MAX_TOKENS)
                .addSystemMessage(SYSTEM);
        if (stream) {
            // usage is what the matrix checks; a Chat client gets it in a stream only when it asks
            b.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        }
        return b;
    }

    private Answer chat(ChatCompletionCreateParams params, boolean stream) {
        return chatAnswer(chatCompletion(params, stream));
    }

    private ChatCompletion chatCompletion(ChatCompletionCreateParams params, boolean stream) {
        if (!stream) {
            return openai.chat().completions().create(params);
        }
        var accumulator = ChatCompletionAccumulator.create();
        var chunks = new ArrayList<ChatCompletionChunk>();
        try (var s = openai.chat().completions().createStreaming(params)) {
            s.stream().forEach(chunk -> chunks.add(accumulator.accumulate(chunk)));
        }
        StreamShapes.chat(chunks);
        return accumulator.chatCompletion();
    }

    private static Answer chatAnswer(ChatCompletion completion) {
        var choice = completion.choices().get(0);
        ChatCompletionMessage message = choice.message();
        var calls = new ArrayList<Call>();
        for (var call : message.toolCalls().orElse(List.of())) {
            var f = call.asFunction();
            calls.add(new Call(f.id(), f.function().name(), parse(f.function().arguments())));
        }
        var usage = completion.usage().orElseThrow(() -> new AssertionError("no usage in " + completion));
        long cached = usage.promptTokensDetails().flatMap(d -> d.cachedTokens()).orElse(0L);
        return new Answer(message.content().orElse(""), choice.finishReason().asString(), usage.promptTokens(),
                usage.completionTokens(), cached, null, null, calls);
    }

    private static ChatCompletionFunctionTool chatTool(String name, String parameter) {
        return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name(name)
                .description("Looks up " + name.substring(4) + ".")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", com.openai.core.JsonValue.from("object"))
                        .putAdditionalProperty("properties", com.openai.core.JsonValue.from(
                                Map.of(parameter, Map.of("type", "string"))))
                        .putAdditionalProperty("required", com.openai.core.JsonValue.from(List.of(parameter)))
                        .build())
                .build()).build();
    }

    // ---- Responses

    private static ResponseCreateParams.Builder responsesParams(String model) {
        return ResponseCreateParams.builder().model(model).instructions(SYSTEM).maxOutputTokens(MAX_TOKENS);
    }

    private Answer responses(ResponseCreateParams params, boolean stream) {
        return responsesAnswer(response(params, stream));
    }

    private Response response(ResponseCreateParams params, boolean stream) {
        if (!stream) {
            return openai.responses().create(params);
        }
        var accumulator = ResponseAccumulator.create();
        var events = new ArrayList<JsonNode>();
        try (var s = openai.responses().createStreaming(params)) {
            s.stream().forEach(event -> events.add(StreamShapes.tree(accumulator.accumulate(event))));
        }
        StreamShapes.responses(events);
        return accumulator.response();
    }

    private static Answer responsesAnswer(Response response) {
        var text = new StringBuilder();
        var calls = new ArrayList<Call>();
        for (ResponseOutputItem item : response.output()) {
            if (item.isMessage()) {
                for (var content : item.asMessage().content()) {
                    if (content.isOutputText()) {
                        text.append(content.asOutputText().text());
                    }
                }
            } else if (item.isFunctionCall()) {
                var f = item.asFunctionCall();
                calls.add(new Call(f.callId(), f.name(), parse(f.arguments())));
            }
        }
        var usage = response.usage().orElseThrow(() -> new AssertionError("no usage in " + response));
        var details = usage.inputTokensDetails();
        var status = response.status().orElseThrow().asString();
        if ("incomplete".equals(status)) {
            status += ":" + response.incompleteDetails().flatMap(d -> d.reason()).orElseThrow().asString();
        }
        // OpenAI's own answers (passed through) may leave cache_write_tokens out: nothing was written
        return new Answer(text.toString(), status, usage.inputTokens(), usage.outputTokens(), details.cachedTokens(),
                details._cacheWriteTokens().asKnown().orElse(0L), null, calls);
    }

    private static FunctionTool responsesTool(String name, String parameter) {
        return FunctionTool.builder().name(name).description("Looks up " + name.substring(4) + ".").strict(false)
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", com.openai.core.JsonValue.from("object"))
                        .putAdditionalProperty("properties", com.openai.core.JsonValue.from(
                                Map.of(parameter, Map.of("type", "string"))))
                        .putAdditionalProperty("required", com.openai.core.JsonValue.from(List.of(parameter)))
                        .build())
                .build();
    }

    // ---- Anthropic Messages

    private static MessageCreateParams.Builder messagesParams(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(MAX_TOKENS).system(SYSTEM);
    }

    private Answer messages(MessageCreateParams params, boolean stream) {
        return messagesAnswer(message(params, stream));
    }

    private Message message(MessageCreateParams params, boolean stream) {
        if (!stream) {
            return anthropic.messages().create(params);
        }
        var accumulator = MessageAccumulator.create();
        var events = new ArrayList<JsonNode>();
        try (var s = anthropic.messages().createStreaming(params)) {
            s.stream().forEach(event -> events.add(StreamShapes.tree(accumulator.accumulate(event))));
        }
        StreamShapes.messages(events);
        return accumulator.message();
    }

    private static Answer messagesAnswer(Message message) {
        var text = new StringBuilder();
        var calls = new ArrayList<Call>();
        for (var block : message.content()) {
            if (block.isText()) {
                text.append(block.asText().text());
            } else if (block.isToolUse()) {
                var use = block.asToolUse();
                calls.add(new Call(use.id(), use.name(), JSON.valueToTree(
                        use._input().convert(Object.class))));
            }
        }
        var usage = message.usage();
        return new Answer(text.toString(), message.stopReason().orElseThrow().asString(), usage.inputTokens(),
                usage.outputTokens(), usage.cacheReadInputTokens().orElse(0L),
                usage.cacheCreationInputTokens().orElse(0L), null, calls);
    }

    private static com.anthropic.models.messages.Tool messagesTool(String name, String parameter) {
        return com.anthropic.models.messages.Tool.builder().name(name).description("Looks up " + name.substring(4)
                        + ".")
                .inputSchema(com.anthropic.models.messages.Tool.InputSchema.builder()
                        .properties(com.anthropic.models.messages.Tool.InputSchema.Properties.builder()
                                .putAdditionalProperty(parameter, com.anthropic.core.JsonValue.from(
                                        Map.of("type", "string")))
                                .build())
                        .addRequired(parameter).build())
                .build();
    }

    // ---- Gemini generateContent

    /** One model turn as the Gemini client got it, whole or put together from a stream. */
    record GeminiTurn(List<com.google.genai.types.Part> parts, String finishReason,
                      GenerateContentResponseUsageMetadata usage) {
    }

    private static GenerateContentConfig.Builder geminiConfig() {
        return GenerateContentConfig.builder()
                .systemInstruction(Content.fromParts(com.google.genai.types.Part.fromText(SYSTEM)))
                .maxOutputTokens((int) MAX_TOKENS);
    }

    private static Content geminiUser(String text) {
        return Content.builder().role("user").parts(com.google.genai.types.Part.fromText(text)).build();
    }

    private GeminiTurn geminiTurn(String model, List<Content> contents, GenerateContentConfig config,
                                  boolean stream) {
        if (!stream) {
            var response = gemini.models.generateContent(model, contents, config);
            return new GeminiTurn(geminiParts(response), finishReason(response),
                    response.usageMetadata().orElseThrow(() -> new AssertionError("no usage in " + response)));
        }
        var chunks = new ArrayList<GenerateContentResponse>();
        try (var s = gemini.models.generateContentStream(model, contents, config)) {
            s.forEach(chunks::add);
        }
        StreamShapes.gemini(chunks);
        var parts = new ArrayList<com.google.genai.types.Part>();
        String finish = null;
        GenerateContentResponseUsageMetadata usage = null;
        for (var chunk : chunks) {
            parts.addAll(geminiParts(chunk));
            finish = finishReason(chunk) != null ? finishReason(chunk) : finish;
            usage = chunk.usageMetadata().orElse(usage);
        }
        if (usage == null) {
            throw new AssertionError("no usage in the stream " + chunks);
        }
        return new GeminiTurn(parts, finish, usage);
    }

    /**
     * The first candidate's parts, read directly: the SDK's own {@code parts()} refuses an answer that finished
     * for a reason it does not expect.
     */
    private static List<com.google.genai.types.Part> geminiParts(GenerateContentResponse response) {
        return response.candidates().flatMap(c -> c.isEmpty() ? java.util.Optional.empty() : c.get(0).content())
                .flatMap(Content::parts).orElse(List.of());
    }

    private static String finishReason(GenerateContentResponse response) {
        return response.candidates().flatMap(c -> c.isEmpty() ? java.util.Optional.empty()
                : c.get(0).finishReason()).map(Object::toString).orElse(null);
    }

    private static Answer geminiAnswer(GeminiTurn turn) {
        var calls = new ArrayList<Call>();
        for (var part : turn.parts()) {
            part.functionCall().ifPresent(f -> calls.add(new Call(f.id().orElse(""), f.name().orElseThrow(),
                    JSON.valueToTree(f.args().orElse(Map.of())))));
        }
        var u = turn.usage();
        return new Answer(geminiText(turn.parts()), turn.finishReason(), u.promptTokenCount().orElseThrow(),
                u.candidatesTokenCount().orElse(0), u.cachedContentTokenCount().orElse(0), null,
                (long) u.thoughtsTokenCount().orElse(0), calls);
    }

    /** The answer's text: the text parts that are not thoughts. */
    private static String geminiText(List<com.google.genai.types.Part> parts) {
        var text = new StringBuilder();
        for (var part : parts) {
            if (!part.thought().orElse(false)) {
                part.text().ifPresent(text::append);
            }
        }
        return text.toString();
    }

    private static FunctionDeclaration geminiTool(String name, String parameter) {
        // as Gemini CLI declares its tools: plain JSON Schema
        return FunctionDeclaration.builder().name(name).description("Looks up " + name.substring(4) + ".")
                .parametersJsonSchema(Map.of("type", "object", "properties", Map.of(parameter,
                        Map.of("type", "string")), "required", List.of(parameter)))
                .build();
    }

    /**
     * What DESIGN §4 promises of every stream a client receives, beyond what the accumulators check: one answer
     * id, one finish, usage after it (Chat); increasing sequence numbers and one terminal event, last (Responses);
     * message_start first, blocks one after another, each closed, message_stop last (Anthropic).
     */
    static final class StreamShapes {
        private StreamShapes() {
        }

        static JsonNode tree(com.openai.models.responses.ResponseStreamEvent event) {
            return com.openai.core.ObjectMappers.jsonMapper().valueToTree(event);
        }

        static JsonNode tree(com.anthropic.models.messages.RawMessageStreamEvent event) {
            return com.anthropic.core.ObjectMappers.jsonMapper().valueToTree(event);
        }

        /**
         * Chat as OpenAI's SDK takes it. A passthrough forwards an upstream's chunks unchanged, so what is valid
         * Chat from any upstream is allowed: Azure's first chunk of prompt filter results without an id, and the
         * argument pieces of parallel calls interleaved by index (relays); each call still starts with its id.
         */
        static void chat(List<ChatCompletionChunk> chunks) {
            check(!chunks.isEmpty(), "an empty Chat stream");
            var ids = chunks.stream().map(ChatCompletionChunk::id).filter(id -> !id.isEmpty()).distinct().toList();
            check(ids.size() == 1, "one completion id per stream, not " + ids);
            int finishes = 0;
            int usages = 0;
            long calls = 0;
            for (var chunk : chunks) {
                for (var choice : chunk.choices()) {
                    check(finishes == 0, "a chunk after the finish_reason: " + chunk);
                    for (var call : choice.delta().toolCalls().orElse(List.of())) {
                        if (call.index() == calls) {
                            check(call.id().isPresent(), "a tool call that starts without its id: " + chunk);
                            calls++;
                        }
                        check(call.index() < calls, "tool call " + call.index() + " before call " + calls);
                    }
                    if (choice.finishReason().isPresent()) {
                        finishes++;
                    }
                }
                if (chunk.usage().isPresent() && chunk.choices().isEmpty()) {
                    usages++;
                    check(finishes == 1, "the usage chunk before the finish_reason");
                }
            }
            check(finishes == 1, finishes + " finish_reason chunks");
            check(usages <= 1, usages + " usage chunks");
        }

        static void responses(List<JsonNode> events) {
            check(!events.isEmpty(), "an empty Responses stream");
            check(events.get(0).path("type").asText().equals("response.created"), "first " + events.get(0));
            long last = -1;
            int terminal = 0;
            int openItem = -1;
            int nextItem = 0;
            for (var event : events) {
                long sequence = event.path("sequence_number").asLong(-1);
                check(sequence > last, "sequence_number " + sequence + " after " + last);
                last = sequence;
                var type = event.path("type").asText();
                check(terminal == 0, "an event after the terminal one: " + type);
                switch (type) {
                    case "response.completed", "response.incomplete", "response.failed", "error" -> terminal++;
                    case "response.output_item.added" -> {
                        check(openItem < 0, "output item " + nextItem + " added while " + openItem + " is open");
                        check(event.path("output_index").asInt() == nextItem, "output_index out of order: " + event);
                        openItem = nextItem++;
                    }
                    case "response.output_item.done" -> {
                        check(event.path("output_index").asInt() == openItem, "done for an item not open: " + event);
                        openItem = -1;
                    }
                    default -> {
                    }
                }
            }
            check(terminal == 1, terminal + " terminal events");
            check(openItem < 0, "output item " + openItem + " never done");
        }

        static void messages(List<JsonNode> events) {
            var real = events.stream().filter(e -> !e.path("type").asText().equals("ping")).toList();
            check(!real.isEmpty(), "an empty Messages stream");
            check(real.get(0).path("type").asText().equals("message_start"), "first " + real.get(0));
            check(real.get(real.size() - 1).path("type").asText().equals("message_stop"),
                    "last " + real.get(real.size() - 1));
            int open = -1;
            int next = 0;
            int deltas = 0;
            for (var event : real) {
                switch (event.path("type").asText()) {
                    case "content_block_start" -> {
                        check(open < 0, "block " + next + " starts while " + open + " is open");
                        check(event.path("index").asInt() == next, "block index out of order: " + event);
                        open = next++;
                    }
                    case "content_block_delta" -> check(event.path("index").asInt() == open,
                            "a delta for a block not open: " + event);
                    case "content_block_stop" -> {
                        check(event.path("index").asInt() == open, "a stop for a block not open: " + event);
                        open = -1;
                    }
                    case "message_delta" -> {
                        check(open < 0, "message_delta while block " + open + " is open");
                        deltas++;
                    }
                    default -> {
                    }
                }
            }
            check(deltas == 1, deltas + " message_delta events");
        }

        /**
         * Gemini: one responseId, nothing said after the chunk with the finishReason (a chunk of usage may follow,
         * as Gemini's own streams have), and usage in the last chunk.
         */
        static void gemini(List<GenerateContentResponse> chunks) {
            check(!chunks.isEmpty(), "an empty Gemini stream");
            var ids = chunks.stream().map(c -> c.responseId().orElse("")).filter(id -> !id.isEmpty()).distinct()
                    .toList();
            check(ids.size() <= 1, "one responseId per stream, not " + ids);
            boolean finished = false;
            for (var chunk : chunks) {
                check(!finished || geminiParts(chunk).isEmpty(), "parts after the finishReason: " + chunk);
                finished |= finishReason(chunk) != null;
            }
            check(finished, "no finishReason");
            check(chunks.get(chunks.size() - 1).usageMetadata().isPresent(), "no usage in the last chunk");
        }

        private static void check(boolean ok, String what) {
            if (!ok) {
                throw new AssertionError("malformed stream: " + what);
            }
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
