package dev.switchboard.usage;

import dev.switchboard.store.ControlChars;
import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.UsageRecord;
import java.util.List;

/**
 * The log file's line for each request in the request log, so that the log alone tells what happened to every
 * request, refusals included:
 *
 * <pre>{@code
 * 200 openai-chat model=auto entry=relay/gpt-4o attempts=2 1234ms success
 * 403 openai-chat model=- entry=- attempts=0 0ms refused: origin_not_allowed (POST /v1/chat/completions from …): …
 * }</pre>
 *
 * <p>Status ({@code -} when the client went away before one was sent), client protocol, the model asked for, what
 * chose its candidates ({@code by=rule:background}, {@code by=tier:exact}; none when it was refused before), the
 * entry that answered, the tries, the total time and the outcome, then why, for anything but a success. The log
 * file's own time stamp (when the line was written, right after the request ended) begins the line.
 *
 * <p>{@link UsageRecorder}'s writer logs these after it writes each batch, so the request thread never formats or
 * writes a line. They are INFO, on the logger {@value #LOGGER}: in the log file always, on the console only with
 * {@code --verbose}. Values that come from clients or upstreams are escaped (a line break cannot forge a line),
 * bounded and redacted ({@link Redaction}): nothing here shows a key.
 */
final class RequestLines {
    static final String LOGGER = "dev.switchboard.requests";
    private static final System.Logger LOG = System.getLogger(LOGGER);
    /** What a line shows of a model or entry name, and of the reason. */
    static final int NAME_LIMIT = 120;
    static final int REASON_LIMIT = 300;

    private RequestLines() {
    }

    /** Logs one line per record, when anything would show it; never throws: the log is no reason to stop writing. */
    static void log(List<UsageRecord> records) {
        if (!LOG.isLoggable(System.Logger.Level.INFO)) {
            return;
        }
        for (var r : records) {
            try {
                LOG.log(System.Logger.Level.INFO, line(r));
            } catch (RuntimeException e) {
                // A handler that failed has reported it through the ErrorManager; the next line may do better.
            }
        }
    }

    static String line(UsageRecord r) {
        var sb = new StringBuilder(160);
        sb.append(r.status() == null ? "-" : r.status().toString()).append(' ')
                .append(name(r.clientProtocol()))
                .append(" model=").append(name(r.requestedModel()));
        if (r.chosenBy() != null) {
            sb.append(" by=").append(name(r.chosenBy())); // the rule, pinned group or tier that chose
        }
        sb.append(" entry=").append(r.channelName() == null ? "-"
                        : name(r.channelName() + "/" + (r.upstreamModel() == null ? "" : r.upstreamModel())))
                .append(" attempts=").append(r.attempts().size())
                .append(' ').append(r.totalMs() == null ? "-" : r.totalMs() + "ms")
                .append(' ').append(r.outcome().id());
        if (r.outcome() != LoggedOutcome.SUCCESS && r.error() != null && !r.error().isBlank()) {
            sb.append(": ").append(shown(r.error().strip(), REASON_LIMIT));
        }
        return sb.toString();
    }

    /** One word: escaped, cut, and quoted when it holds a space (or is empty), so fields stay apart. */
    private static String name(String value) {
        if (value == null) {
            return "-";
        }
        var s = shown(value, NAME_LIMIT);
        return s.isEmpty() || s.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"')
                ? '"' + s.replace("\"", "\\\"") + '"' : s;
    }

    /**
     * Redacted, then escaped, then cut to {@code limit}: a key cut before redaction might no longer be recognised.
     * The first cut, far beyond the limit, only spares the work on a body-sized value (a client may send anything
     * as its model).
     */
    private static String shown(String value, int limit) {
        return cut(ControlChars.escape(Redaction.redact(cut(value, 4 * limit))), limit);
    }

    private static String cut(String s, int limit) {
        return s.length() <= limit ? s : s.substring(0, limit - 1) + "…";
    }
}
