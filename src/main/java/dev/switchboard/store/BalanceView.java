package dev.switchboard.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.balance.Balance;
import dev.switchboard.balance.BalanceQuery;
import dev.switchboard.json.Mappers;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A channel's balance query and last check as the CLI's {@code --json}, the admin API and the window show them, in
 * one place: header values that are secrets masked like keys ({@code Bearer {key}} shown as is: it names no
 * secret), the error of a failed check redacted again by the secrets this process holds.
 */
public final class BalanceView {
    private BalanceView() {
    }

    /** The query's headers as shown: secrets masked, placeholders as written, withheld ones as null. */
    public static Map<String, String> headers(BalanceQuery q) {
        var out = new LinkedHashMap<String, String>();
        q.headers().forEach((k, v) -> out.put(k, v == null ? null : BalanceQuery.isTemplate(v) ? v : ApiKey.mask(v)));
        return out;
    }

    /** The query's JSON with its headers as {@link #headers} shows them. */
    public static ObjectNode query(BalanceQuery q) {
        var n = q.toJson(true);
        if (n.has("headers")) {
            var h = n.putObject("headers");
            headers(q).forEach(h::put);
        }
        return n;
    }

    /**
     * {@code {"query": {…}, "state": "ok", "text": "74.50 of 100.00 USD", "remaining": "74.5", "total": "100.5",
     * "unit": "USD", "resetAt": null, "checkedAt": "…", "error": null}}; {@code state} is {@code ok}, {@code low},
     * {@code empty}, {@code error}, or {@code unchecked} (no check since the query was set). Null for a channel
     * without a query.
     */
    public static ObjectNode json(Channel c, Settings settings) {
        if (c.balanceQuery() == null) {
            return null;
        }
        var n = Mappers.JSON.createObjectNode();
        n.set("query", query(c.balanceQuery()));
        var b = c.balance();
        n.put("state", state(c, settings));
        n.put("text", text(c, settings));
        n.put("remaining", b == null || b.remaining() == null ? null : b.remaining().toPlainString());
        n.put("total", b == null || b.total() == null ? null : b.total().toPlainString());
        n.put("unit", b == null ? null : b.unit());
        n.put("resetAt", b == null || b.resetAt() == null ? null : b.resetAt().toString());
        n.put("checkedAt", b == null ? null : b.checkedAt().toString());
        n.put("error", b == null ? null : Redaction.redact(b.error()));
        return n;
    }

    /** {@code ok}, {@code low}, {@code empty}, {@code error}, {@code unchecked}; null without a query. */
    public static String state(Channel c, Settings settings) {
        var level = c.balanceLevel(settings);
        if (c.balanceQuery() == null) {
            return null;
        }
        return level == null ? "unchecked" : level.name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code 74.50 of 100.00 USD} (with {@code , resets <time>} when the query reads one), or {@code error: HTTP 401
     * …} (redacted), or {@code not checked yet}.
     */
    public static String text(Channel c, Settings settings) {
        var b = c.balance();
        if (c.balanceQuery() == null) {
            return null;
        }
        if (b == null) {
            return "not checked yet";
        }
        if (b.failed()) {
            return "error: " + Redaction.redact(b.error());
        }
        return b.text() + (b.resetAt() == null ? ""
                : ", resets " + b.resetAt().truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
    }
}
