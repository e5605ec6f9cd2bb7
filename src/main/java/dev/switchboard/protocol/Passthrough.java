package dev.switchboard.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One request's passthrough to an upstream of its own protocol (DESIGN §4): the client's body goes on with only
 * the model changed, and the upstream's events come back as they were sent. What a protocol must mend on the way
 * is its own business, kept with its codec (Chat's usage chunk and {@code [DONE]}, Gemini's model-less body), so
 * that the gateway relays every protocol alike.
 */
public interface Passthrough {

    /** The request body for an upstream of the same protocol, naming {@code upstreamModel}. */
    byte[] body(String upstreamModel);

    /**
     * The client's headers that go on to the upstream because they carry what the client negotiated in its own
     * protocol ({@code anthropic-beta}, {@code OpenAI-Beta}, …), and its {@code User-Agent}, which some relays read.
     * Never a credential, a hop-by-hop header, {@code Host} or a cookie: those are Switchboard's or the channel's.
     */
    default Map<String, String> headers() {
        return Map.of();
    }

    /** The client's query parameters that go on to the upstream ({@code beta=true}), without credentials; or null. */
    default String query() {
        return null;
    }

    /** An upstream event as this client gets it: as sent, mended, or null when it is not for this client. */
    default SseEvent toClient(SseEvent event, List<StreamEvent> decoded) {
        return event;
    }

    /** What ends the client's stream after the upstream's own terminal events, which it got as they were sent. */
    default List<SseEvent> closing(List<SseEvent> upstreamEnding) {
        return List.of();
    }

    /**
     * The events that end a stream Switchboard breaks off mid-answer, in this protocol: its error event alone,
     * with no start of its own in the middle of the upstream's stream.
     */
    List<SseEvent> failure(StreamEvent.Error error);

    /**
     * The passthrough of a protocol with nothing to mend: the body with the upstream's model, errors encoded by
     * the client's own stream encoder.
     */
    static Passthrough plain(ObjectNode body, ClientCodec codec, String requestedModel, ObjectMapper mapper,
                             ClientHeaders client, Set<String> negotiated) {
        return new Passthrough() {
            @Override
            public byte[] body(String upstreamModel) {
                var copy = body.deepCopy();
                copy.put("model", upstreamModel);
                return write(mapper, copy);
            }

            @Override
            public Map<String, String> headers() {
                return forwarded(client, negotiated);
            }

            @Override
            public String query() {
                return forwardedQuery(client);
            }

            @Override
            public List<SseEvent> failure(StreamEvent.Error error) {
                return codec.streamEncoder(requestedModel).encode(error);
            }
        };
    }

    /**
     * The client's headers among {@code negotiated} (lower-case names), and its {@code User-Agent}: what a
     * passthrough forwards. Credentials, hop-by-hop headers, {@code Host} and cookies are never among them.
     */
    static Map<String, String> forwarded(ClientHeaders client, Set<String> negotiated) {
        var out = new LinkedHashMap<String, String>();
        for (var name : negotiated) {
            var value = client.header(name);
            if (value != null && !value.isBlank()) {
                out.put(name, value);
            }
        }
        var agent = client.header("user-agent");
        if (agent != null && !agent.isBlank()) {
            out.put("user-agent", agent);
        }
        return out;
    }

    /** The query parameters that are not credentials ({@code key=} is how Gemini clients may send their key). */
    static String forwardedQuery(ClientHeaders client) {
        if (client.query() == null || client.query().isBlank()) {
            return null;
        }
        var kept = new ArrayList<String>();
        for (var param : client.query().split("&")) {
            var name = param.split("=", 2)[0].toLowerCase(Locale.ROOT);
            if (!param.isEmpty() && !CREDENTIAL_PARAMS.contains(name)) {
                kept.add(param);
            }
        }
        return kept.isEmpty() ? null : String.join("&", kept);
    }

    /** Query parameters that carry a key: never forwarded. */
    Set<String> CREDENTIAL_PARAMS = Set.of("key", "api-key", "api_key", "apikey", "access_token",
            "token");

    /** JSON to bytes; a tree that cannot be written is a bug, not a request's fault. */
    static byte[] write(ObjectMapper mapper, Object json) {
        try {
            return mapper.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
