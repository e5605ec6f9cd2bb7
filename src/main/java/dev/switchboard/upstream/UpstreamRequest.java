package dev.switchboard.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP call to an upstream, ready to send. Header values may hold the channel's key: this record's
 * toString never prints them.
 *
 * @param proxy            outbound proxy URL ({@code http://host:port}, {@code socks5://host:port}) or null
 * @param firstByteTimeout how long until the response headers must arrive
 * @param idleTimeout      longest silence while the body streams
 */
public record UpstreamRequest(
        String method,
        URI uri,
        Map<String, String> headers,
        byte[] body,
        String proxy,
        Duration connectTimeout,
        Duration firstByteTimeout,
        Duration idleTimeout) {

    public UpstreamRequest {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    @Override
    public String toString() {
        return "UpstreamRequest[" + method + " " + uri + ", headers=" + headers.keySet() + ", "
                + (body == null ? 0 : body.length) + " bytes]";
    }
}
