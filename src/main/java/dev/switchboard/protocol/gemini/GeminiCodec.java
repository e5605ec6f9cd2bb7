package dev.switchboard.protocol.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.ApiError;
import dev.switchboard.protocol.ChatRequest;
import dev.switchboard.protocol.ChatResponse;
import dev.switchboard.protocol.ClientCodec;
import dev.switchboard.protocol.ClientHeaders;
import dev.switchboard.protocol.Passthrough;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.RequestHead;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StreamDecoder;
import dev.switchboard.protocol.StreamEncoder;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.UpstreamCodec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gemini's native generateContent ({@code POST /v1beta/models/{model}:generateContent} and
 * {@code :streamGenerateContent?alt=sse}, what Gemini CLI and Google's SDKs speak) to and from the canonical model,
 * on both sides: as the client protocol and as the upstream protocol. The model and the streaming choice are in
 * the URL, not the body: {@link #decodeRequest} leaves them null and false for the gateway to set, and
 * {@link #encodeRequest} writes the body only.
 *
 * <h2>Mapping</h2>
 * {@code systemInstruction} parts are {@link ChatRequest#system()}; {@code contents} with role {@code user} (or none,
 * or the old {@code function}) and {@code model} are user and assistant messages, their parts in order:
 * {@code text}; {@code text} with {@code thought: true} is thinking, its {@code thoughtSignature} the thinking's
 * signature; {@code inlineData} and {@code fileData} images; {@code functionCall} (its {@code args} object as JSON
 * text, its part's {@code thoughtSignature} in {@link dev.switchboard.protocol.Part.ToolCall#signature()}, sent back
 * on that part, as Gemini 2.5 and 3 require); {@code functionResponse} (see below).
 * {@code tools[].functionDeclarations}
 * ({@code parametersJsonSchema}, or {@code parameters} converted to JSON Schema), {@code toolConfig}
 * ({@code AUTO}/{@code NONE}/{@code ANY}, {@code ANY} with one allowed function naming it), and
 * {@code generationConfig}'s {@code maxOutputTokens}, {@code temperature}, {@code topP}, {@code topK},
 * {@code stopSequences}, {@code thinkingConfig.thinkingBudget} and {@code thinkingLevel} (an effort level) map to the
 * fields of the same meaning. Fields are read by their JSON or proto name ({@code system_instruction}), as Google
 * accepts both. Answers: the first candidate's parts, {@code finishReason}, {@code usageMetadata},
 * {@code responseId} and {@code modelVersion}. Usage: {@code promptTokenCount} already includes
 * {@code cachedContentTokenCount} (the canonical input and cache read), and {@code candidatesTokenCount} excludes
 * {@code thoughtsTokenCount}: the canonical output is their sum and the thoughts its reasoning part, exactly, both
 * ways.
 *
 * <h2>Dropped, with the reason</h2>
 * <ul>
 *   <li>{@code safetySettings}: Gemini-only thresholds; a passthrough keeps them;</li>
 *   <li>{@code cachedContent}: a reference to a cache on the client's Gemini account, meaningless elsewhere;</li>
 *   <li>{@code generationConfig.responseMimeType}, {@code responseSchema}, {@code responseJsonSchema}: structured
 *       output has no canonical form (the model answers in free text);</li>
 *   <li>{@code candidateCount} (one answer is all any protocol here returns), {@code presencePenalty},
 *       {@code frequencyPenalty}, {@code seed}, {@code responseLogprobs}, {@code logprobs},
 *       {@code responseModalities}, {@code speechConfig}, {@code imageConfig}, {@code mediaResolution},
 *       {@code thinkingConfig.includeThoughts} (thinking that is on is shown), {@code labels};</li>
 *   <li>built-in tools ({@code googleSearch}, {@code codeExecution}, {@code urlContext}, {@code fileSearch}, …),
 *       {@code toolConfig.retrievalConfig}, and the restriction of {@code ANY} to several allowed functions: only
 *       Gemini can run or express them;</li>
 *   <li>parts the canonical model cannot hold: {@code executableCode}, {@code codeExecutionResult},
 *       {@code videoMetadata}, non-image {@code inlineData}/{@code fileData} (audio, video, PDF), and on the way
 *       back out Anthropic's redacted thinking (only Anthropic can read it);</li>
 *   <li>on answers: candidates after the first, {@code safetyRatings}, {@code citationMetadata},
 *       {@code groundingMetadata}, {@code promptFeedback} details, {@code usageMetadata} per-modality details and
 *       {@code toolUsePromptTokenCount};</li>
 *   <li>{@code functionCall.id} and {@code functionResponse.id} in what is sent: read when present, never written,
 *       because Gemini endpoints that do not know the field refuse the request ("Unknown name id") and Gemini
 *       matches responses to calls by name and order anyway.</li>
 * </ul>
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li>Tool call ids: Gemini usually has none. In a request they are positional, {@code call_<n>_<name>}, so the
 *       same history gives the same ids every turn; a function response takes the id of the oldest unanswered call
 *       of its name (its own id only when a call has it: Gemini CLI makes up ids for responses). In an answer they
 *       are {@code call_<responseId>_<n>}, unique across turns.</li>
 *   <li>Function responses: an object that is only {@code output}, {@code content}, {@code result} (or
 *       {@code error}, which marks the result an error) is that value's text, any other object its JSON text.
 *       Sent, a result's text goes as {@code {"output": text}} and an error as {@code {"error": text}} (the keys
 *       Gemini's API reference documents, and what Gemini CLI sends), a text that is a JSON object as the object
 *       itself; the function name comes from the result or from the call with its id. Images of tool results
 *       follow the function responses as parts of the same turn (images inside a function response are a
 *       Gemini 3 feature; they are read, not written).</li>
 *   <li>Tools go to a Gemini upstream as {@code parametersJsonSchema} (full JSON Schema, nothing stripped), with
 *       the root {@code $schema} removed and local {@code $ref}s inlined ({@link Schemas}).</li>
 *   <li>A thoughtSignature on a plain text part is a thinking part with only that signature, placed before the
 *       text, and goes back onto the text part next to it when encoded ({@link Parts}). Thinking signatures are
 *       sent back as they are: the canonical model does not say which provider signed them. One exception: a
 *       {@code thoughtSignature} is proto bytes, standard base64 in JSON, and Google's Java SDK refuses an answer
 *       whose signature is not; OpenAI's encrypted reasoning (URL-safe base64) is written in the standard alphabet
 *       and read back into OpenAI's ({@link Wire#toGemini}).</li>
 *   <li>Requests for a Gemini upstream meet Gemini's rules instead of failing: consecutive turns of one role are
 *       merged, function responses first in their turn; empty text and empty turns are left out; the first
 *       function call of a model turn without a signature gets the stand-in signature Google documents
 *       ({@code skip_thought_signature_validator}, as Gemini CLI does); at most 5 stop sequences; the thinking
 *       budget is capped at 24576 (what every 2.5 model accepts); an effort level without a budget becomes
 *       1024 / 8192 / 24576 tokens for low / medium / high with {@code includeThoughts} on, and "minimal"/"none"
 *       leave the model's default; {@code toolConfig} is only sent with tools.</li>
 *   <li>Answers for a Gemini client carry the model name it asked for as {@code modelVersion}; TOOL_USE,
 *       STOP_SEQUENCE and REFUSAL are {@code STOP} (Gemini has no such reasons, and {@code SAFETY} would make the
 *       SDKs hide a refusal's text), CONTENT_FILTER is {@code SAFETY}. A stream's last chunk carries the
 *       {@code finishReason} and the usage, without content unless a signature is still to be delivered.</li>
 * </ul>
 */
public final class GeminiCodec implements ClientCodec, UpstreamCodec {
    private GeminiCodec() {
    }

    public static GeminiCodec create() {
        return new GeminiCodec();
    }

    @Override
    public ChatRequest decodeRequest(ObjectNode body) throws ProtocolException {
        return RequestDecoder.decode(body);
    }

    @Override
    public JsonNode encodeResponse(ChatResponse response, String model) {
        return Responses.encode(response, model);
    }

    @Override
    public StreamEncoder streamEncoder(String model) {
        return new GeminiStreamEncoder(model);
    }

    /** Google's error body: {@code {"error":{"code":…,"message":…,"status":…}}}. */
    @Override
    public JsonNode encodeError(ApiError error) {
        var body = Wire.object();
        body.putObject("error").put("code", error.status())
                .put("message", error.message() == null ? "" : error.message())
                .put("status", Wire.googleStatus(error.type(), error.status()));
        return body;
    }

    /**
     * The model and the stream flag are in the path ({@code models/{model}:streamGenerateContent}); the body is
     * checked only for its {@code contents}, so that a Gemini upstream gets it as the client wrote it. The request
     * is decoded when an attempt converts it for another protocol.
     */
    @Override
    public RequestHead head(ObjectNode body, String pathModel, Boolean pathStream) throws ProtocolException {
        if (pathModel == null || pathModel.isBlank()) {
            throw new ProtocolException(RequestHead.MODEL_REQUIRED, "model");
        }
        var contents = body.get("contents");
        if (contents == null || !contents.isArray()) {
            throw new ProtocolException("contents: a list of contents is required", "contents");
        }
        return new RequestHead(pathModel, pathStream != null && pathStream, true, null);
    }

    /** Gemini names the model in the URL: its body has no {@code model} and refuses unknown fields. */
    @Override
    public Passthrough passthrough(ObjectNode body, RequestHead head, ClientHeaders client) {
        return new Passthrough() {
            @Override
            public byte[] body(String upstreamModel) {
                return Passthrough.write(Mappers.JSON, body);
            }

            /** Gemini negotiates nothing by header; the client's agent still goes on, as for every protocol. */
            @Override
            public Map<String, String> headers() {
                return Passthrough.forwarded(client, Set.of());
            }

            /** {@code alt=sse} is Switchboard's to set (the stream is asked for by the path); {@code key=} never goes. */
            @Override
            public String query() {
                var q = Passthrough.forwardedQuery(client);
                if (q == null) {
                    return null;
                }
                var kept = Arrays.stream(q.split("&")).filter(p -> !p.startsWith("alt=")).toList();
                return kept.isEmpty() ? null : String.join("&", kept);
            }

            @Override
            public List<SseEvent> failure(StreamEvent.Error error) {
                return streamEncoder(head.model()).encode(error);
            }
        };
    }

    @Override
    public String bodyHint() {
        return "a JSON object with `contents`";
    }

    @Override
    public ObjectNode encodeRequest(ChatRequest request) {
        return RequestEncoder.encode(request);
    }

    /** @throws IllegalArgumentException when the body is not a GenerateContentResponse */
    @Override
    public ChatResponse decodeResponse(JsonNode body) {
        return Responses.decode(body);
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new GeminiStreamDecoder();
    }

    /**
     * {@code error.message} of Google's error body; also of the first element of a JSON array, the shape of a
     * {@code streamGenerateContent} answer without {@code alt=sse}. Null for anything else.
     */
    @Override
    public String errorMessage(JsonNode body) {
        if (body != null && body.isArray() && !body.isEmpty()) {
            body = body.get(0);
        }
        var error = Wire.field(body, "error");
        return error != null && error.isObject() ? Wire.text(error, "message") : null;
    }
}
