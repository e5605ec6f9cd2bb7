package dev.switchboard.protocol.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.ApiError;
import dev.switchboard.protocol.ClientHeaders;
import dev.switchboard.protocol.Passthrough;
import dev.switchboard.protocol.RequestHead;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.Streams;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Chat Completions passthrough, with what a Chat client needs mended on the way:
 * <ul>
 *   <li>a stream always asks the upstream for usage ({@code stream_options.include_usage}), so that it can be
 *       logged; the extra usage chunk is not passed to a client that did not ask for it;</li>
 *   <li>a usage chunk with {@code "choices": null} (some relays) gets an empty array, which the OpenAI SDKs
 *       require;</li>
 *   <li>a stream whose upstream forgot {@code [DONE]} after its finish still ends with one;</li>
 *   <li>a stream Switchboard breaks off ends with an error chunk, OpenAI's own way of failing a stream.</li>
 * </ul>
 */
final class ChatPassthrough implements Passthrough {
    private static final SseEvent DONE = SseEvent.of(null, "[DONE]");

    /** OpenAI's one negotiation header: Assistants-era and some Responses features are behind it. */
    static final Set<String> NEGOTIATED = Set.of("openai-beta");

    private final ObjectNode body;
    private final RequestHead head;
    private final ClientHeaders client;

    ChatPassthrough(ObjectNode body, RequestHead head, ClientHeaders client) {
        this.body = body;
        this.head = head;
        this.client = client;
    }

    @Override
    public Map<String, String> headers() {
        return Passthrough.forwarded(client, NEGOTIATED);
    }

    @Override
    public String query() {
        return Passthrough.forwardedQuery(client);
    }

    @Override
    public byte[] body(String upstreamModel) {
        var copy = body.deepCopy();
        copy.put("model", upstreamModel);
        if (head.stream() && !head.clientWantsUsage()) {
            var options = copy.get("stream_options") instanceof ObjectNode o ? o : copy.putObject("stream_options");
            options.put("include_usage", true);
        }
        return Passthrough.write(Mappers.JSON, copy);
    }

    @Override
    public SseEvent toClient(SseEvent event, List<StreamEvent> decoded) {
        if (!event.hasData() || event.isDone() || !Streams.usageOnly(decoded)) {
            return event;
        }
        if (!head.clientWantsUsage()) {
            return null; // asked for Switchboard's log, not by this client
        }
        ObjectNode chunk;
        try {
            chunk = Mappers.JSON.readTree(event.data()) instanceof ObjectNode o ? o : null;
        } catch (JsonProcessingException e) {
            chunk = null;
        }
        if (chunk == null || chunk.path("choices").isArray()) {
            return event;
        }
        chunk.putArray("choices");
        return SseEvent.of(event.event(), chunk.toString());
    }

    @Override
    public List<SseEvent> closing(List<SseEvent> upstreamEnding) {
        return upstreamEnding.stream().anyMatch(SseEvent::isDone) ? List.of() : List.of(DONE);
    }

    @Override
    public List<SseEvent> failure(StreamEvent.Error error) {
        var chunk = ChatErrors.encode(new ApiError(502, "upstream_error", error.message(), "stream_interrupted",
                null));
        return List.of(SseEvent.of(null, ChatJson.write(chunk)));
    }
}
