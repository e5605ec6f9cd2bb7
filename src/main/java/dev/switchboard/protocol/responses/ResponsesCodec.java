package dev.switchboard.protocol.responses;

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
import java.time.Clock;
import java.util.Set;

/**
 * The OpenAI Responses API ({@code POST /v1/responses}, the only protocol Codex CLI speaks) to and from the
 * canonical model, on both sides: for Responses clients and for {@code responses} upstreams (DESIGN §4).
 *
 * <h2>What crosses</h2>
 * {@code instructions} and {@code system}/{@code developer} messages are the system prompt; {@code input} as a
 * string (one user message) or as items: user messages ({@code input_text}, {@code input_image} by URL or
 * {@code data:} URL), assistant messages ({@code output_text}, {@code refusal}), {@code function_call} items as tool
 * calls of the assistant turn they follow, {@code function_call_output} items as tool results of a user turn,
 * {@code reasoning} items as thinking (the summary texts joined by a blank line; {@code encrypted_content} as the
 * signature). Function {@code tools} (flat: {@code name}, {@code description}, {@code parameters}),
 * {@code tool_choice}, {@code parallel_tool_calls}, {@code max_output_tokens}, {@code temperature}, {@code top_p},
 * {@code reasoning.effort}, {@code stream}, {@code user} (or {@code safety_identifier}). Answers: reasoning,
 * message and function call output items, {@code status} with {@code incomplete_details.reason}, usage
 * ({@code input_tokens} includes {@code cached_tokens}, as the canonical input does; {@code reasoning_tokens} are
 * part of {@code output_tokens}).
 *
 * <h2>Dropped on purpose</h2>
 * Decoding a client's request (a same-protocol passthrough keeps all of them, since it forwards the body):
 * <ul>
 *   <li>{@code store}: Switchboard stores nothing and tells a Responses upstream {@code store: false};</li>
 *   <li>{@code include}: only {@code reasoning.encrypted_content} means anything across protocols, and every
 *       answer for a Responses client carries the signature as {@code encrypted_content} whether or not it was
 *       asked for (Codex asks; it must come back for Anthropic thinking to continue);</li>
 *   <li>{@code reasoning.summary}, {@code text} ({@code format}, {@code verbosity}), {@code truncation},
 *       {@code metadata}, {@code prompt_cache_key}, {@code prompt_cache_retention}, {@code service_tier},
 *       {@code top_logprobs}, {@code max_tool_calls}, {@code stream_options}: OpenAI-only settings that no other
 *       protocol can carry;</li>
 *   <li>non-function tools ({@code web_search}, {@code file_search}, {@code local_shell}, {@code shell},
 *       {@code custom}, {@code mcp}, {@code computer_use_preview}, {@code code_interpreter},
 *       {@code image_generation}, …): only OpenAI runs them. Dropped, not refused, because Codex always sends some
 *       and refusing would keep it from every other upstream; a {@code tool_choice} that forces one becomes
 *       {@code auto}. Their items in {@code input} ({@code custom_tool_call} and its output,
 *       {@code local_shell_call}, {@code web_search_call}, …) are dropped with them, calls and outputs together, and
 *       so is {@code compaction}, whose encrypted summary only OpenAI can read;</li>
 *   <li>a function tool's {@code strict}, an image's {@code detail}, item {@code id}s and {@code status}es, a
 *       message's {@code phase}, {@code allowed_tools}' subset (its mode is kept): no other protocol has them;</li>
 *   <li>the position of a {@code system}/{@code developer} message inside {@code input}: it joins the system
 *       prompt, in order, after {@code instructions}.</li>
 * </ul>
 * Refused with a {@link ProtocolException} rather than lost: {@code previous_response_id}, {@code conversation},
 * {@code prompt} and {@code item_reference} items (they point at state kept at OpenAI, and Switchboard is stateless:
 * the client must send the whole conversation, as Codex does with {@code store: false}), {@code background: true}
 * (nothing is kept to poll), images by {@code file_id}, {@code input_file} and {@code input_audio} parts, and item
 * types not listed here. A body without {@code input}, with a {@code model} that is not a string or a
 * {@code stream} that is not a boolean is refused too.
 * <p>Encoding a request for an upstream:
 * <ul>
 *   <li>{@code topK}, {@code stop}: the Responses API has neither;</li>
 *   <li>{@code thinkingBudget}: Responses only has an effort, sent when the client gave one;</li>
 *   <li>thinking without OpenAI's own {@code encrypted_content} (thinking from another provider, or without a
 *       signature) and redacted thinking: with {@code store: false} a reasoning item without it is refused, and a
 *       foreign signature is refused as invalid;</li>
 *   <li>a tool result's error flag (Responses has none); {@code tool_choice} and {@code parallel_tool_calls}
 *       without tools.</li>
 * </ul>
 * Encoding an answer for a Responses client: redacted thinking; a tool call's Gemini {@code thoughtSignature}.
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li>Requests for an upstream say {@code store: false}, send items without ids (the API looks ids up in its
 *       store and fails when they are not there; Codex does the same), send every function tool with
 *       {@code strict: false} (Responses makes tools strict by default and strict mode refuses most clients'
 *       schemas), raise {@code max_output_tokens} to OpenAI's minimum of 16, and with an effort ask for
 *       {@code reasoning.encrypted_content} so the reasoning can be handed back next turn. Reasoning summaries are
 *       not asked for: OpenAI refuses them to organizations it has not verified.</li>
 *   <li>Answers for a Responses client get a {@code resp_} id (the upstream's id kept behind the prefix), fresh
 *       {@code msg_}/{@code rs_}/{@code fc_} item ids, the canonical tool call id as {@code call_id}, and the
 *       model name the client asked for. Every text part is its own message item, as every text block is in a
 *       stream. A refusal is a {@code refusal} part in a whole answer and {@code output_text} in a stream, which
 *       cannot know in advance that the text is one. {@code MAX_TOKENS} and {@code CONTENT_FILTER} answers are
 *       {@code incomplete}; a stop sequence is {@code completed}. Fields that echo the request (tools,
 *       temperature, …) say their defaults: the request is not at hand when the answer is encoded.</li>
 *   <li>A failed stream ends with one {@code response.failed} event; its {@code error.code} is one of the codes the
 *       API documents ({@code rate_limit_exceeded}, {@code invalid_prompt}, {@code server_error}), because the SDKs
 *       refuse others.</li>
 * </ul>
 */
public final class ResponsesCodec implements ClientCodec, UpstreamCodec {
    private final Clock clock;

    ResponsesCodec(Clock clock) {
        this.clock = clock;
    }

    public static ResponsesCodec create() {
        return new ResponsesCodec(Clock.systemUTC());
    }

    @Override
    public ChatRequest decodeRequest(ObjectNode body) throws ProtocolException {
        return ResponsesRequests.decode(body);
    }

    @Override
    public JsonNode encodeResponse(ChatResponse response, String model) {
        return ResponsesOutput.encode(response, model, now());
    }

    @Override
    public StreamEncoder streamEncoder(String model) {
        return new ResponsesStreamEncoder(model, now());
    }

    @Override
    public JsonNode encodeError(ApiError error) {
        return ResponsesErrors.encode(error);
    }

    /**
     * Checked only as far as routing needs: a Responses upstream takes what the canonical model cannot carry
     * ({@code previous_response_id}, built-in tools), so a passthrough must not refuse it. Decoded when an
     * attempt converts it.
     */
    @Override
    public RequestHead head(ObjectNode body, String pathModel, Boolean pathStream) throws ProtocolException {
        var model = RequestHead.textModel(body);
        if (!body.has("input")) {
            throw new ProtocolException("`input` is required: a string or an array of input items.", "input");
        }
        return new RequestHead(model, RequestHead.streamFlag(body), true, null);
    }

    @Override
    public Passthrough passthrough(ObjectNode body, RequestHead head, ClientHeaders client) {
        return Passthrough.plain(body, this, head.model(), Mappers.JSON, client, Set.of("openai-beta"));
    }

    @Override
    public String bodyHint() {
        return "a JSON object with `model` and `input`";
    }

    @Override
    public ObjectNode encodeRequest(ChatRequest request) {
        return ResponsesRequests.encode(request);
    }

    @Override
    public ChatResponse decodeResponse(JsonNode body) {
        return ResponsesOutput.decode(body);
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new ResponsesStreamDecoder();
    }

    @Override
    public String errorMessage(JsonNode body) {
        return ResponsesErrors.message(body);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
