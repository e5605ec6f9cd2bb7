package dev.switchboard.routing;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an attempt brought back, as far as classification needs it: the upstream package fills it in, the
 * {@link OutcomeClassifier} reads it.
 *
 * @param status            the HTTP status, or 0 when no HTTP answer came (connect error, timeout, reset)
 * @param headers           response headers, names in lower case; only {@code retry-after} is read
 * @param body              a bounded snippet of the body (an error body, or the first stream event), or null.
 *                          For a 2xx it is only looked at when {@code emptyOrErrorEvent} is set: the text of a
 *                          good answer may say anything, including "billing". For a transport failure (status
 *                          0), the failure in plain words when the caller has them
 * @param error             the transport failure when there was no HTTP answer, or null
 * @param emptyOrErrorEvent a 2xx whose body or first stream event was empty or an error
 */
public record UpstreamResult(int status, Map<String, String> headers, String body, Throwable error,
        boolean emptyOrErrorEvent) {

    public UpstreamResult {
        var lower = new TreeMap<String, String>();
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null && v != null) {
                    lower.put(k.toLowerCase(Locale.ROOT), v);
                }
            });
        }
        headers = Map.copyOf(lower);
    }

    /** No HTTP answer: connect error, timeout before the first byte, reset. */
    public static UpstreamResult transportFailure(Throwable error) {
        return new UpstreamResult(0, Map.of(), null, error, false);
    }

    /**
     * No HTTP answer, or a stream that broke off before its first event, told in plain words by the caller (which
     * knows the deadline that passed and its setting); the exception's own message may be a library's internals.
     */
    public static UpstreamResult transportFailure(Throwable error, String description) {
        return new UpstreamResult(0, Map.of(), description, error, false);
    }

    /** An HTTP answer. */
    public static UpstreamResult http(int status, Map<String, String> headers, String body) {
        return new UpstreamResult(status, headers, body, null, false);
    }

    /** A 2xx whose body or first stream event was empty ({@code body} null) or an error ({@code body} the event). */
    public static UpstreamResult emptyOrErrorEvent(int status, String body) {
        return new UpstreamResult(status, Map.of(), body, null, true);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
