package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.ClientHeaders;
import dev.switchboard.routing.RequestTraits;
import java.util.Locale;

/**
 * What scene rules ask of a client's request ({@link RequestTraits}), read from its JSON as the client wrote it: the
 * tree the gateway parsed once to route it, never the bytes again, and never the canonical model, which a
 * passthrough does not build and which leaves out what it cannot carry (hosted web-search tools among them). Each
 * trait is read when a rule first asks for it and kept for the rest of the request; a request that meets no rule
 * asking about images is never searched for one.
 *
 * <p>What each protocol says, as its own API documents it (and, for thinking, as the relays that put another
 * family's models behind Chat Completions say it):
 * <ul>
 *   <li><b>thinking</b>: Messages {@code thinking.type} {@code enabled} or {@code adaptive}; Chat
 *       {@code reasoning_effort} (or OpenRouter's {@code reasoning.effort}) other than {@code none},
 *       {@code reasoning.enabled}, {@code thinking.type: enabled} (DeepSeek, GLM), {@code enable_thinking: true}
 *       (Qwen); Responses a {@code reasoning} object whose effort is not {@code none}; Gemini a
 *       {@code thinkingConfig} whose {@code thinkingBudget} is not 0, or with a {@code thinkingLevel}, or
 *       {@code includeThoughts: true}.</li>
 *   <li><b>images</b>: an image part in the conversation (not the system prompt), tool results included: Messages
 *       {@code image} blocks; Chat {@code image_url} parts; Responses {@code input_image}; Gemini
 *       {@code inlineData}/{@code fileData} of an {@code image/*} type.</li>
 *   <li><b>web search</b>: a hosted web-search tool offered: Messages and Responses tools whose type starts with
 *       {@code web_search}; Chat {@code web_search_options}, or such a tool; Gemini {@code googleSearch} or
 *       {@code googleSearchRetrieval}.</li>
 *   <li><b>input tokens</b>: {@link TokenEstimate#ofRequest}, the estimate count_tokens answers with.</li>
 *   <li><b>background</b>: see {@link #background()}.</li>
 * </ul>
 */
public final class ClientTraits implements RequestTraits {
    private final ClientProtocol protocol;
    private final ObjectNode body;
    private final ClientHeaders client;
    private Boolean thinking;
    private Boolean images;
    private Boolean webSearch;
    private Boolean background;
    private Long inputTokens;

    ClientTraits(ClientProtocol protocol, ObjectNode body, ClientHeaders client) {
        this.protocol = protocol;
        this.body = body;
        this.client = client == null ? ClientHeaders.NONE : client;
    }

    /**
     * The traits of a request body of the protocol the request log names {@code protocolId}, with the client's
     * headers: what {@code rules test --body} shows for a saved request.
     *
     * @throws IllegalArgumentException for a protocol id that is none of the four
     */
    public static RequestTraits of(String protocolId, ObjectNode body, ClientHeaders client) {
        var p = ClientProtocol.ofId(protocolId);
        if (p == null) {
            throw new IllegalArgumentException("no client protocol " + protocolId);
        }
        return new ClientTraits(p, body, client);
    }

    @Override
    public String protocol() {
        return protocol.id();
    }

    @Override
    public boolean thinking() {
        if (thinking == null) {
            thinking = readThinking();
        }
        return thinking;
    }

    @Override
    public boolean images() {
        if (images == null) {
            images = readImages();
        }
        return images;
    }

    @Override
    public boolean webSearch() {
        if (webSearch == null) {
            webSearch = readWebSearch();
        }
        return webSearch;
    }

    @Override
    public long inputTokens() {
        if (inputTokens == null) {
            inputTokens = TokenEstimate.ofRequest(protocol, body);
        }
        return inputTokens;
    }

    /**
     * One of Claude Code's background calls: the one-shot helpers it sends besides the conversation (a page that
     * WebFetch fetched, summarised; a session's title; a bash command's prefix; a memory extraction), which it
     * sends to its small fast model ({@code ANTHROPIC_DEFAULT_HAIKU_MODEL}, {@code ANTHROPIC_SMALL_FAST_MODEL})
     * when one is set and to the main model when not. Recognised by what such a call is, not by that model's name,
     * which is whatever the person configured:
     * <ul>
     *   <li>a Messages request from Claude Code: its {@code User-Agent} starts with {@code claude-cli/}, or it
     *       sends {@code x-app: cli} (both on every call of Claude Code 2.x);</li>
     *   <li>no tools: every turn of the conversation, and of a subagent's, offers Claude Code's tools (over
     *       twenty), while a helper sends {@code tools: []} or none;</li>
     *   <li>no thinking: a helper sends {@code thinking: {type: "disabled"}} or no {@code thinking}, while the
     *       conversation turns thinking on with a thinking model;</li>
     *   <li>one user turn: a helper asks one question; the conversation's first turn also has one message, but
     *       with tools.</li>
     * </ul>
     * As seen from Claude Code 2.1.332's WebFetch summary (the fixture {@code claude-code-background.json}) and its
     * code for title and prefix helpers. A request that is all four but the main conversation would need Claude
     * Code started without tools and without thinking; then it is routed as a background call.
     */
    @Override
    public boolean background() {
        if (background == null) {
            background = readBackground();
        }
        return background;
    }

    private boolean readBackground() {
        if (protocol != ClientProtocol.MESSAGES || !fromClaudeCode()) {
            return false;
        }
        var tools = body.get("tools");
        if (tools != null && !tools.isNull() && !(tools.isArray() && tools.isEmpty())) {
            return false;
        }
        if (thinking()) {
            return false;
        }
        var messages = body.path("messages");
        return messages.size() == 1 && "user".equals(messages.get(0).path("role").asText());
    }

    private boolean fromClaudeCode() {
        var agent = client.header("user-agent");
        if (agent != null && agent.strip().toLowerCase(Locale.ROOT).startsWith("claude-cli/")) {
            return true;
        }
        var app = client.header("x-app");
        return app != null && app.strip().equalsIgnoreCase("cli");
    }

    private boolean readThinking() {
        return switch (protocol) {
            case MESSAGES -> {
                var type = body.path("thinking").path("type").asText("");
                yield type.equals("enabled") || type.equals("adaptive");
            }
            case CHAT -> {
                var effort = body.get("reasoning_effort");
                if (effort != null && effort.isTextual()) {
                    yield !effort.asText().equalsIgnoreCase("none");
                }
                var reasoning = body.path("reasoning");
                if (reasoning.isObject()) {
                    var e = reasoning.path("effort");
                    yield reasoning.path("enabled").asBoolean(false)
                            || (e.isTextual() && !e.asText().equalsIgnoreCase("none"));
                }
                yield body.path("thinking").path("type").asText("").equals("enabled")
                        || body.path("enable_thinking").asBoolean(false);
            }
            case RESPONSES -> {
                var reasoning = body.path("reasoning");
                yield reasoning.isObject() && !reasoning.path("effort").asText("").equalsIgnoreCase("none");
            }
            case GEMINI -> {
                var config = body.path("generationConfig").path("thinkingConfig");
                if (!config.isObject()) {
                    config = body.path("generation_config").path("thinking_config");
                }
                if (!config.isObject()) {
                    yield false;
                }
                var budget = first(config, "thinkingBudget", "thinking_budget");
                if (budget != null && budget.isNumber()) {
                    yield budget.asLong() != 0;
                }
                yield first(config, "thinkingLevel", "thinking_level") != null
                        || config.path("includeThoughts").asBoolean(false)
                        || config.path("include_thoughts").asBoolean(false);
            }
        };
    }

    private boolean readImages() {
        return switch (protocol) {
            case MESSAGES -> anyPart(body.get("messages"), "content", n -> "image".equals(n.path("type").asText()));
            case CHAT -> anyPart(body.get("messages"), "content", ClientTraits::openAiImage);
            case RESPONSES -> {
                // items: messages with content parts, and tool outputs that may be a list of parts
                var input = body.get("input");
                if (input == null || !input.isArray()) {
                    yield false;
                }
                for (var item : input) {
                    if (openAiImage(item) || parts(item.get("content"), ClientTraits::openAiImage, 0)
                            || parts(item.get("output"), ClientTraits::openAiImage, 0)) {
                        yield true;
                    }
                }
                yield false;
            }
            case GEMINI -> anyPart(body.get("contents"), "parts", ClientTraits::geminiImage);
        };
    }

    private static boolean openAiImage(JsonNode part) {
        var type = part.path("type").asText();
        return type.equals("image_url") || type.equals("input_image");
    }

    private static boolean geminiImage(JsonNode part) {
        var data = first(part, "inlineData", "inline_data", "fileData", "file_data");
        if (data == null || !data.isObject()) {
            return false;
        }
        var mime = first(data, "mimeType", "mime_type");
        return mime != null && mime.asText().toLowerCase(Locale.ROOT).startsWith("image/");
    }

    /**
     * Whether a part of a message's {@code field} (its content or parts) is an image: a list of messages, each with
     * a list of parts, a part possibly holding parts of its own (a tool result's content).
     */
    private static boolean anyPart(JsonNode messages, String field, java.util.function.Predicate<JsonNode> image) {
        if (messages == null || !messages.isArray()) {
            return false;
        }
        for (var m : messages) {
            if (parts(m.get(field), image, 0)) {
                return true;
            }
        }
        return false;
    }

    private static boolean parts(JsonNode parts, java.util.function.Predicate<JsonNode> image, int depth) {
        if (parts == null || !parts.isArray() || depth > 3) {
            return false;
        }
        for (var p : parts) {
            if (image.test(p) || parts(p.get("content"), image, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    private boolean readWebSearch() {
        if (protocol == ClientProtocol.CHAT && body.hasNonNull("web_search_options")) {
            return true;
        }
        var tools = body.get("tools");
        if (tools == null || !tools.isArray()) {
            return false;
        }
        for (var t : tools) {
            if (protocol == ClientProtocol.GEMINI) {
                if (first(t, "googleSearch", "google_search", "googleSearchRetrieval",
                        "google_search_retrieval") != null) {
                    return true;
                }
            } else if (t.path("type").asText().startsWith("web_search")) {
                return true;
            }
        }
        return false;
    }

    /** The first of {@code fields} that {@code node} has (not null), or null. */
    private static JsonNode first(JsonNode node, String... fields) {
        for (var f : fields) {
            var v = node.get(f);
            if (v != null && !v.isNull()) {
                return v;
            }
        }
        return null;
    }
}
