package dev.switchboard.routing;

import dev.switchboard.routing.Outcome.ClientError;
import dev.switchboard.routing.Outcome.Credential;
import dev.switchboard.routing.Outcome.MissingModel;
import dev.switchboard.routing.Outcome.Success;
import dev.switchboard.routing.Outcome.Transient;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.Settings;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The one place where an attempt's outcome is decided (DESIGN §3). The checks run in this order and the first
 * that applies wins:
 * <ol>
 *   <li>no HTTP answer (connect error, timeout before the first byte, reset) → {@link Transient};</li>
 *   <li>a 2xx with a proper body or first event → {@link Success} (the text of a good answer is never
 *       searched: a model may well write "billing");</li>
 *   <li>a status in the {@code auto-disable-statuses} setting (401, 403, 410), a 402, or a body holding one of
 *       the {@code auto-disable-keywords} (case-insensitive) → {@link Credential}, whatever the status: a
 *       quota that is gone comes as 429 from OpenAI ({@code insufficient_quota}) and as 400 from Anthropic
 *       ("credit balance is too low"), and retrying it later would not help;</li>
 *   <li>404, or a body saying the upstream does not serve the model ({@link #MISSING_MODEL}) → {@link MissingModel},
 *       also when it comes as 400 or 503 (relays say "no channel for this model" with a 503);</li>
 *   <li>a 2xx whose body or first event was empty or an error → {@link Transient};</li>
 *   <li>408, 429, 5xx (529 included) → {@link Transient}, with the upstream's {@code Retry-After};</li>
 *   <li>any other 4xx (400, 413, 422, …) → {@link ClientError}: the request itself is wrong;</li>
 *   <li>anything else (1xx, an unfollowed 3xx) → {@link Transient}: the channel is misconfigured or confused,
 *       another may answer.</li>
 * </ol>
 *
 * <p>Decisions where DESIGN is silent:
 * <ul>
 *   <li>402 Payment Required is a credential outcome even though it is not in the editable status list: it is
 *       by definition about the account (OpenRouter's "Insufficient credits"), never about the request, so
 *       handing it to the client as a client error would stop a failover that would succeed.</li>
 *   <li>{@code Retry-After} (delta-seconds or HTTP-date, RFC 9110 §10.2.3) is read on 429 and on 503, the two
 *       statuses it is defined for; it is capped at one day so a confused upstream cannot bench an entry for
 *       weeks.</li>
 *   <li>The missing-model phrases need the word "model" before "is not supported" / "not found": "streaming
 *       is not supported" or "'max_tokens' is not supported with this model" is about the request, not the
 *       model.</li>
 *   <li>Reasons are what the person sees in the entry table and the log: the error's {@code "message"} when the
 *       body is JSON, else the body, redacted ({@link Redaction}) and cut to {@value #REASON_LIMIT}
 *       characters.</li>
 * </ul>
 */
public final class OutcomeClassifier {
    /**
     * How upstreams say "I do not serve that model", from their real error bodies: OpenAI ({@code
     * model_not_found}, "The model `x` does not exist or you do not have access to it", "invalid model ID"),
     * Gemini ("models/x is not found for API version v1beta, or is not supported for generateContent"),
     * Ollama and vLLM ("model 'x' not found", "The model `x` does not exist"), OpenAI-compatible relays
     * ("unknown model", "no such model", "unsupported model", and one-api/new-api's "当前分组 … 下对于模型 x
     * 无可用渠道": no channel for that model in this group).
     */
    static final Pattern MISSING_MODEL = Pattern.compile(String.join("|",
            "model[_ -]not[_ -]found",
            "model[_ -]not[_ -]supported",
            "unsupported[_ -]model",
            "no such model",
            "unknown model",
            "invalid model",
            "not a valid model",
            "models?\\b[^\\n]{0,100}?\\b(?:does not exist|is not found|not found|is not supported)",
            "无可用渠道"),
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    static final int REASON_LIMIT = 300;
    private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);
    private static final Pattern JSON_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern DELTA_SECONDS = Pattern.compile("\\d+");
    /** RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must accept. */
    private static final List<DateTimeFormatter> HTTP_DATES = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME,
            new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(ChronoField.YEAR, 2, 2, 1970).appendPattern(" HH:mm:ss zzz")
                    .toFormatter(Locale.US),
            new DateTimeFormatterBuilder().appendPattern("EEE MMM ppd HH:mm:ss yyyy")
                    .toFormatter(Locale.US).withZone(java.time.ZoneOffset.UTC));

    private final Set<Integer> credentialStatuses;
    private final List<String> credentialKeywords;
    private final Clock clock;

    public OutcomeClassifier(Settings settings) {
        this(settings, Clock.systemUTC());
    }

    /** {@code clock} is what an HTTP-date {@code Retry-After} is measured against. */
    public OutcomeClassifier(Settings settings, Clock clock) {
        this.credentialStatuses = settings.autoDisableStatuses();
        this.credentialKeywords = settings.autoDisableKeywords().stream()
                .map(k -> k.toLowerCase(Locale.ROOT))
                .filter(k -> !k.isBlank())
                .toList();
        this.clock = clock;
    }

    public Outcome classify(UpstreamResult r) {
        int status = r.status();
        if (status == 0) {
            var described = r.body() == null || r.body().isBlank() ? null : cut(Redaction.redact(r.body()));
            return new Transient(described != null ? described : transportReason(r.error()), null);
        }
        boolean ok = status >= 200 && status < 300;
        if (ok && !r.emptyOrErrorEvent()) {
            return new Success();
        }
        var body = r.body() == null ? "" : r.body();
        if (status == 429 && isRateLimit(r, body)) {
            // Gemini says "You exceeded your current quota, please check your plan and billing details" for a
            // per-minute limit, the very words of OpenAI's exhausted quota; the retry hint and the absence of a
            // hard-quota code tell a wait apart from an empty account.
            var retryAfter = retryAfter(r.header("retry-after"));
            return new Transient(reason(status, body), retryAfter != null ? retryAfter : retryDelay(body));
        }
        if (credentialStatuses.contains(status) || status == 402 || holdsKeyword(body)) {
            return new Credential(reason(status, body));
        }
        if (status == 404 || MISSING_MODEL.matcher(body).find()) {
            return new MissingModel(reason(status, body));
        }
        if (ok) {
            return new Transient(body.isBlank() ? "HTTP " + status + " with an empty answer"
                    : reason(status, body), null);
        }
        if (status == 408 || status == 429 || status >= 500) {
            var retryAfter = status == 429 || status == 503 ? retryAfter(r.header("retry-after")) : null;
            return new Transient(reason(status, body), retryAfter);
        }
        if (status >= 400) {
            return new ClientError(status);
        }
        return new Transient(reason(status, body), null);
    }

    /** Words only an exhausted account or an invalid key uses; never said of a per-minute limit. */
    private static final Pattern HARD_QUOTA = Pattern.compile(
            "insufficient_quota|insufficient_user_quota|insufficient balance|credit balance|billing_hard_limit"
                    + "|invalid[_ ]api[_ ]key|api key not valid|PerDay",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern RATE_LIMIT = Pattern.compile(
            "rate[_ ]limit|retryDelay|RESOURCE_EXHAUSTED|too many requests|try again in", Pattern.CASE_INSENSITIVE);
    private static final Pattern RETRY_DELAY = Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d+)(?:\\.\\d+)?s\"");

    private static boolean isRateLimit(UpstreamResult r, String body) {
        if (HARD_QUOTA.matcher(body).find()) {
            return false;
        }
        return r.header("retry-after") != null || RATE_LIMIT.matcher(body).find();
    }

    /** Gemini's google.rpc.RetryInfo: {@code "retryDelay": "13s"}. */
    private static Duration retryDelay(String body) {
        var m = RETRY_DELAY.matcher(body);
        return m.find() ? min(Duration.ofSeconds(Long.parseLong(m.group(1)))) : null;
    }

    private boolean holdsKeyword(String body) {
        if (body.isEmpty()) {
            return false;
        }
        var lower = body.toLowerCase(Locale.ROOT);
        for (var k : credentialKeywords) {
            if (lower.contains(k)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 9110 §10.2.3: delta-seconds or an HTTP-date; null when absent or unreadable. */
    Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        var v = value.strip();
        if (DELTA_SECONDS.matcher(v).matches()) {
            // More digits than a long holds is still "a long time".
            return v.length() > 9 ? MAX_RETRY_AFTER : min(Duration.ofSeconds(Long.parseLong(v)));
        }
        for (var format : HTTP_DATES) {
            try {
                var at = ZonedDateTime.parse(v, format).toInstant();
                var wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : min(wait);
            } catch (DateTimeParseException ignored) {
                // try the next form
            }
        }
        return null;
    }

    private static Duration min(Duration d) {
        return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
    }

    private static String reason(int status, String body) {
        var text = human(body);
        return text.isEmpty() ? "HTTP " + status : cut("HTTP " + status + ": " + text);
    }

    /** The error's own message when the body is JSON (all four protocols put it in "message"), else the body. */
    private static String human(String body) {
        if (body.isBlank()) {
            return "";
        }
        var m = JSON_MESSAGE.matcher(body);
        var text = m.find() ? unescape(m.group(1)) : body;
        // Redact before cutting, so that a cut cannot leave a shortened key the pattern no longer knows.
        return Redaction.redact(text.strip().replaceAll("\\s+", " "));
    }

    private static String transportReason(Throwable error) {
        var e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e == null) {
            return "no answer from the upstream";
        }
        var detail = e.getMessage() == null ? "" : ": " + Redaction.redact(e.getMessage());
        String what;
        if (e instanceof TimeoutException || e instanceof SocketTimeoutException
                || e instanceof java.net.http.HttpTimeoutException) {
            what = "timed out before the first byte";
        } else if (e instanceof ConnectException) {
            what = "could not connect";
        } else if (e instanceof UnknownHostException) {
            what = "unknown host";
        } else if (e instanceof SSLException) {
            what = "TLS handshake failed";
        } else {
            what = "connection failed (" + e.getClass().getSimpleName() + ")";
        }
        return cut(what + detail);
    }

    private static String cut(String s) {
        return s.length() <= REASON_LIMIT ? s : s.substring(0, REASON_LIMIT - 1) + "…";
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        var out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n', 'r', 't' -> out.append(' ');
                case 'u' -> {
                    if (i + 4 < s.length()) {
                        try {
                            out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                            i += 4;
                        } catch (NumberFormatException e) {
                            out.append('u');
                        }
                    } else {
                        out.append('u');
                    }
                }
                default -> out.append(n);
            }
        }
        return out.toString();
    }
}
