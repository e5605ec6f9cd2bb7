package dev.switchboard.protocol;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The headers and query a client sent with its request, as far as a passthrough may need them. Which of them
 * reach an upstream is each protocol's {@link Passthrough} decision; credentials never do. An interface so the
 * gateway can answer from the server's own header fields, read only when a passthrough asks.
 */
public interface ClientHeaders {
    /** A client that sent nothing but its body (a speed check, a test). */
    ClientHeaders NONE = of(Map.of(), null);

    /**
     * A header's value, or null; a header sent more than once comes joined by {@code ", "} (RFC 9110 §5.3: a list
     * header may be sent either way). Names are matched without regard to case.
     */
    String header(String name);

    /** The raw query string without {@code ?}, or null. */
    String query();

    /** Headers from a map (names in any case) and a query. */
    static ClientHeaders of(Map<String, String> headers, String query) {
        var lower = new TreeMap<String, String>();
        headers.forEach((k, v) -> lower.merge(k.toLowerCase(Locale.ROOT), v, (a, b) -> a + ", " + b));
        var copy = Map.copyOf(lower);
        return new ClientHeaders() {
            @Override
            public String header(String name) {
                return copy.get(name.toLowerCase(Locale.ROOT));
            }

            @Override
            public String query() {
                return query;
            }
        };
    }
}
