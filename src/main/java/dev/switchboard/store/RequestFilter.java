package dev.switchboard.store;

/**
 * Which requests of the log to list; null fields match everything.
 *
 * @param channel     a request matches when it ended on this channel or tried it
 * @param model       a request matches when it was served by (or asked for) this model or tried it
 * @param outcome     the request's outcome exactly
 * @param failedOnly  only requests that did not succeed
 */
public record RequestFilter(String channel, String model, LoggedOutcome outcome, boolean failedOnly) {
    public static final RequestFilter ALL = new RequestFilter(null, null, null, false);

    public RequestFilter {
        channel = blankToNull(channel);
        model = blankToNull(model);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
