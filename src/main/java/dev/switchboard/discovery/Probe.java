package dev.switchboard.discovery;

/**
 * One HTTP probe and what came of it: a line of the evidence a detection shows the person.
 *
 * @param url     the URL probed; never holds the key (keys travel in headers only, and the URL is redacted anyway)
 * @param type    the API type whose auth and path were used
 * @param status  the HTTP status, 0 when no HTTP answer came
 * @param millis  how long the probe took
 * @param outcome what it means in words: {@code models: 12}, {@code key rejected}, {@code unreachable: host},
 *                {@code TLS failure: host}, {@code timeout}, {@code not found}, …
 */
public record Probe(String url, dev.switchboard.store.ApiType type, int status, long millis, String outcome) {
}
