package dev.switchboard.discovery;

/**
 * One HTTP probe and what came of it: a line of the evidence a detection shows the person.
 *
 * @param url     the URL probed; never holds the key (keys travel in headers only, and the URL is redacted anyway)
 * @param type    the API type whose auth and path were used
 * @param status  the HTTP status, 0 when no HTTP answer came
 * @param millis  how long the probe took
 * @param outcome what it means in English words, as the CLI and the admin API show it: {@code models: 12},
 *                {@code key rejected}, {@code unreachable: host}, {@code TLS failure: host}, {@code timeout}, …
 * @param kind    the same outcome as a value, so that the window can say it in the person's language
 * @param detail  what {@code kind} needs to be said in full: the model count, the host, the status, the cause;
 *                empty when nothing
 */
public record Probe(String url, dev.switchboard.store.ApiType type, int status, long millis, String outcome,
                    Kind kind, String detail) {
    /** What a probe's answer (or its lack) means; see {@link Prober} for how each is told apart. */
    public enum Kind {
        /** a model list of the type's shape; detail: the count */
        MODELS,
        /** 2xx, but not a model list */
        NOT_A_LIST,
        /** a one-token chat probe answered 2xx */
        CHAT_ANSWERED,
        /** a chat probe refused as a bad request, which proves the endpoint exists; detail: the status */
        ENDPOINT_EXISTS,
        /** 401 or 403 */
        KEY_REJECTED,
        /** 404 or 405 */
        NOT_FOUND,
        /** 429 */
        RATE_LIMITED,
        /** 400 or 422 to a list probe */
        BAD_REQUEST,
        /** 5xx */
        SERVER_ERROR,
        /** any other status; detail: the status */
        ANSWERED,
        /** unknown host; detail: the host */
        UNKNOWN_HOST,
        /** connection refused; detail: the host */
        REFUSED,
        /** TLS handshake failed; detail: the host */
        TLS,
        /** no answer in time */
        TIMEOUT,
        /** the connection broke; detail: the host */
        BROKEN;

        /** No HTTP answer at all: the host could not be talked to. */
        public boolean unanswered() {
            return this == UNKNOWN_HOST || this == REFUSED || this == TLS || this == TIMEOUT || this == BROKEN;
        }
    }

    public Probe {
        detail = detail == null ? "" : detail;
    }
}
