package dev.switchboard.protocol.anthropic;

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
import dev.switchboard.protocol.StreamDecoder;
import dev.switchboard.protocol.StreamEncoder;
import dev.switchboard.protocol.UpstreamCodec;
import java.util.Set;

/**
 * Anthropic Messages ({@code POST /v1/messages}, the protocol Claude Code speaks) to and from the canonical model,
 * on both sides: as the client protocol and as the upstream protocol.
 *
 * <h2>Mapping</h2>
 * {@code system} (a string or text blocks) is {@link ChatRequest#system()}; {@code messages} keep their roles and
 * their blocks in order: {@code text}, {@code image} (base64 or URL source), {@code tool_use} (its {@code input}
 * object as JSON text), {@code tool_result} (string or text/image content, {@code is_error}), {@code thinking}
 * (with its signature) and {@code redacted_thinking} (its {@code data} as the signature). Thinking blocks travel in
 * their place and unchanged, because Anthropic verifies them when they come back. {@code tools}, {@code tool_choice}
 * ({@code disable_parallel_tool_use} is {@code parallelToolCalls = false}), {@code max_tokens}, {@code temperature},
 * {@code top_p}, {@code top_k}, {@code stop_sequences}, {@code stream}, {@code thinking.budget_tokens},
 * {@code output_config.effort} and {@code metadata.user_id} map to the fields of the same meaning. Usage: Anthropic's
 * {@code input_tokens} excludes the cache read and cache write counts, the canonical input includes them; they are
 * added on decode and subtracted on encode, exactly.
 *
 * <h2>Dropped, with the reason</h2>
 * <ul>
 *   <li>{@code cache_control} everywhere (system blocks, messages, tools): prompt caching hints mean nothing to
 *       other providers, and a same-protocol passthrough keeps them anyway;</li>
 *   <li>{@code citations} on text blocks and {@code citations_delta}: no canonical place, and no other protocol
 *       can show them;</li>
 *   <li>blocks the canonical model cannot hold: {@code document}, {@code search_result}, {@code container_upload},
 *       server tool blocks, images by Files API {@code file_id}; and server tools in {@code tools}
 *       ({@code web_search_…}, {@code bash_…}, …): only Anthropic can run them;</li>
 *   <li>{@code thinking.display}, {@code service_tier}, {@code container}, {@code mcp_servers},
 *       {@code context_management}, {@code output_config.format}: Anthropic-only features;</li>
 *   <li>on answers: {@code stop_sequence} (which sequence matched; the canonical model keeps only the reason),
 *       {@code usage.cache_creation} (the 5 minute / 1 hour split), {@code usage.server_tool_use},
 *       {@code usage.service_tier};</li>
 *   <li>Gemini's thought signature on a tool call: Anthropic's {@code tool_use} has no field for it.</li>
 * </ul>
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li>A client request without {@code max_tokens} is accepted (Anthropic would refuse it): the canonical
 *       {@code maxTokens} stays null and the upstream's default applies. A {@code max_tokens} that is not a
 *       positive integer is refused.</li>
 *   <li>{@code thinking: {type: "adaptive"}} is an effort level: {@code output_config.effort}, or "high" (Anthropic's
 *       default) when absent; "max"/"xhigh" are "high".</li>
 *   <li>Requests for an Anthropic upstream meet Anthropic's rules instead of failing: {@code max_tokens} defaults to
 *       8192 (more when a thinking budget needs room); an effort level without
 *       a budget becomes {@code budget_tokens} low 1024 / medium 4096 / high 16384 ("minimal" and "none": no
 *       thinking); the budget stays below {@code max_tokens} and thinking is left off when under 1024, when a tool
 *       is forced, or when the last assistant turn calls tools without starting with signed thinking; with
 *       thinking on, only {@code temperature} 1 or {@code top_p} in 0.95..1 is sent (Anthropic's limits) and no
 *       {@code top_k}; otherwise {@code temperature} is clamped to 0..1 and wins over {@code top_p} (current Claude
 *       models refuse both);
 *       unsigned thinking, empty text blocks and empty turns are left out; consecutive turns of one role are merged
 *       with tool results first; tool ids are rewritten into {@code [a-zA-Z0-9_-]}; {@code tool_choice} is only
 *       sent with tools.</li>
 *   <li>Answers for an Anthropic client get a {@code msg_} id, the model name the client asked for, thinking
 *       without a signature gets {@code ""} (required by the SDKs; it is not sent upstream again), and
 *       {@code CONTENT_FILTER} is {@code refusal}.</li>
 * </ul>
 */
public final class MessagesCodec implements ClientCodec, UpstreamCodec {
    private MessagesCodec() {
    }

    public static MessagesCodec create() {
        return new MessagesCodec();
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
        return new MessagesStreamEncoder(model);
    }

    /** Anthropic's error body: {@code {"type":"error","error":{"type":…,"message":…}}}. */
    @Override
    public JsonNode encodeError(ApiError error) {
        var body = Wire.object().put("type", "error");
        body.putObject("error").put("type", Wire.anthropicErrorType(error.type(), error.status()))
                .put("message", error.message() == null ? "" : error.message());
        return body;
    }

    /**
     * Checked only as far as routing needs ({@code model}, {@code messages}, {@code stream}): an Anthropic upstream
     * gets the request as the client wrote it, betas and all (Claude Code sends {@code context_management},
     * {@code output_config}, mid-conversation system messages), and is the judge of what it accepts. The request
     * is decoded when an attempt converts it for another protocol.
     */
    @Override
    public RequestHead head(ObjectNode body, String pathModel, Boolean pathStream) throws ProtocolException {
        var model = RequestHead.textModel(body);
        var messages = body.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new ProtocolException("messages: a list of messages is required", "messages");
        }
        return new RequestHead(model, RequestHead.streamFlag(body), true, null);
    }

    @Override
    public Passthrough passthrough(ObjectNode body, RequestHead head, ClientHeaders client) {
        return Passthrough.plain(body, this, head.model(), Mappers.JSON, client, NEGOTIATED);
    }

    /**
     * What an Anthropic client negotiates with headers: its betas (Claude Code's {@code context-management},
     * {@code interleaved-thinking}, …: without them the API refuses the fields that use them), the API version it
     * was written for, and {@code x-app}, which Claude Code sends and some relays admit it by.
     */
    static final Set<String> NEGOTIATED = Set.of("anthropic-beta", "anthropic-version", "x-app");

    @Override
    public String bodyHint() {
        return "a JSON object with `model`, `max_tokens` and `messages`";
    }

    @Override
    public ObjectNode encodeRequest(ChatRequest request) {
        return RequestEncoder.encode(request);
    }

    /** @throws IllegalArgumentException when the body is not a Messages response */
    @Override
    public ChatResponse decodeResponse(JsonNode body) {
        return Responses.decode(body);
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new MessagesStreamDecoder();
    }

    /**
     * {@code error.message} of Anthropic's error body ({@code "type": "error"}), or of any body with an
     * {@code error} object (relays in front of Anthropic); null for anything else.
     */
    @Override
    public String errorMessage(JsonNode body) {
        if (body == null || !body.isObject()) {
            return null;
        }
        var error = body.get("error");
        if (error == null || !error.isObject()) {
            return null;
        }
        var message = error.get("message");
        if (message != null && message.isTextual()) {
            return message.asText();
        }
        // an error object without a message is still an error: say at least its type
        return "error".equals(body.path("type").asText()) || error.has("type") ? error.path("type").asText("error")
                : null;
    }
}
