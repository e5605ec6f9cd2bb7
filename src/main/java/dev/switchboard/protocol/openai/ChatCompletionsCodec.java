package dev.switchboard.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.time.Clock;

/**
 * OpenAI Chat Completions ({@code POST /v1/chat/completions}) to and from the canonical model, on both sides:
 * for clients that speak Chat and for {@code openai} upstreams, including the many relays and local servers that
 * imitate it (DESIGN §4).
 *
 * <h2>What crosses</h2>
 * {@code system} and {@code developer} messages are the system prompt; {@code user} text and {@code image_url}
 * parts ({@code data:} URLs are inline images); {@code assistant} text, {@code refusal}, {@code tool_calls} and the
 * relays' {@code reasoning_content}/{@code reasoning} (as thinking); {@code tool} messages as tool results in a
 * user turn; {@code tools}, {@code tool_choice}, {@code parallel_tool_calls}, the legacy {@code functions} and
 * {@code function_call} (decoded only); {@code max_completion_tokens}/{@code max_tokens}, {@code temperature},
 * {@code top_p}, {@code stop}, {@code stream}, {@code reasoning_effort}, {@code user}.
 *
 * <h2>Dropped on purpose</h2>
 * Decoding a client's request (the canonical model has no place for them):
 * <ul>
 *   <li>{@code frequency_penalty}, {@code presence_penalty}, {@code logit_bias}, {@code seed}, {@code logprobs},
 *       {@code top_logprobs}, {@code response_format}, {@code metadata}, {@code store}, {@code service_tier},
 *       {@code modalities}, {@code audio}, {@code prediction}, {@code web_search_options},
 *       {@code prompt_cache_key}, {@code safety_identifier}, {@code stream_options}: another protocol cannot
 *       carry them; a Chat upstream of a Chat client gets the original body by passthrough anyway;</li>
 *   <li>a message's {@code name}, an image's {@code detail} and a function's {@code strict}: no other protocol
 *       has them;</li>
 *   <li>the position of a {@code system}/{@code developer} message in the middle of the conversation: it joins
 *       the system prompt, in order;</li>
 *   <li>{@code allowed_tools}' subset of tools (its mode is kept).</li>
 * </ul>
 * Refused with a {@link ProtocolException} rather than lost: {@code n} other than 1, content parts other than
 * text, image and refusal ({@code input_audio}, {@code file}), tools and tool calls other than functions.
 * <p>Encoding a request for an upstream:
 * <ul>
 *   <li>{@code topK}: OpenAI answers 400 to the unknown {@code top_k};</li>
 *   <li>{@code thinkingBudget}: Chat only has {@code reasoning_effort}, sent when the client gave one;</li>
 *   <li>thinking in assistant turns (with its signature): OpenAI does not take reasoning text back and
 *       DeepSeek's reasoner answers 400 to {@code reasoning_content} in input messages;</li>
 *   <li>a tool result's error flag (Chat's {@code tool} message has none); images in a tool result move to the
 *       user message of the same turn, since a {@code tool} message holds text only;</li>
 *   <li>images in assistant turns; {@code tool_choice} and {@code parallel_tool_calls} when there are no tools
 *       (OpenAI answers 400 to them without {@code tools}).</li>
 * </ul>
 * Encoding an answer for a Chat client: thinking signatures and redacted thinking; a tool call's Gemini
 * {@code thoughtSignature}; stop sequences and refusals both say {@code stop}. A streamed refusal arrives as
 * {@code content}, since the stream cannot know in advance that the text is one.
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li>{@code max_tokens} is sent upstream, not {@code max_completion_tokens}: every relay knows the former;</li>
 *   <li>the system prompt goes upstream as one {@code system} message, pieces joined by a blank line, and
 *       {@code developer} as {@code system}: relays and chat templates take one leading system message;</li>
 *   <li>a streaming request always asks for {@code stream_options.include_usage};</li>
 *   <li>a stream for a Chat client always ends with a usage chunk (when usage is known) and {@code [DONE]}: the
 *       encoder cannot know whether the client asked for usage, and OpenAI's SDKs accept the chunk either way.</li>
 * </ul>
 */
public final class ChatCompletionsCodec implements ClientCodec, UpstreamCodec {
    private final Clock clock;

    ChatCompletionsCodec(Clock clock) {
        this.clock = clock;
    }

    public static ChatCompletionsCodec create() {
        return new ChatCompletionsCodec(Clock.systemUTC());
    }

    @Override
    public ChatRequest decodeRequest(ObjectNode body) throws ProtocolException {
        return ChatRequests.decode(body);
    }

    @Override
    public JsonNode encodeResponse(ChatResponse response, String model) {
        return ChatResponses.encode(response, model, now());
    }

    @Override
    public StreamEncoder streamEncoder(String model) {
        return new ChatStreamEncoder(model, now());
    }

    @Override
    public JsonNode encodeError(ApiError error) {
        return ChatErrors.encode(error);
    }

    /**
     * Checked here only as far as routing needs ({@code model}, {@code messages}, {@code stream}): the request
     * is decoded to the canonical model when an attempt converts it, so that a passthrough forwards fields the
     * canonical model has no room for.
     */
    @Override
    public RequestHead head(ObjectNode body, String pathModel, Boolean pathStream) throws ProtocolException {
        var model = RequestHead.textModel(body);
        var messages = body.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new ProtocolException("`messages` is required and must be an array of messages.", "messages");
        }
        boolean stream = RequestHead.streamFlag(body);
        var options = body.get("stream_options");
        boolean wantsUsage = options != null && options.path("include_usage").asBoolean(false);
        return new RequestHead(model, stream, wantsUsage, null);
    }

    @Override
    public Passthrough passthrough(ObjectNode body, RequestHead head, ClientHeaders client) {
        return new ChatPassthrough(body, head, client);
    }

    @Override
    public String bodyHint() {
        return "a JSON object with `model` and `messages`";
    }

    @Override
    public ObjectNode encodeRequest(ChatRequest request) {
        return ChatRequests.encode(request);
    }

    @Override
    public ChatResponse decodeResponse(JsonNode body) {
        return ChatResponses.decode(body);
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new ChatStreamDecoder();
    }

    @Override
    public String errorMessage(JsonNode body) {
        return ChatErrors.message(body);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
