package dev.switchboard.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.store.BalanceView;
import dev.switchboard.store.Channel;
import dev.switchboard.store.ControlChars;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Health;
import dev.switchboard.store.Masking;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.Settings;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * How the CLI shows things: keys, header values and proxy passwords always masked (see {@link Masking}), and
 * text from the database or an upstream on one line with its control characters escaped ({@link #text}).
 */
final class Views {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private Views() {
    }

    /**
     * A stored or received text for one line of output: a line break in it would forge a line of its own, and
     * other control characters would act on the terminal, so both are escaped ({@code \n}, {@code \u001b}).
     */
    static String text(String value) {
        return value == null ? null : ControlChars.escape(value);
    }

    static String keys(Channel c) {
        return c.needsKey() ? "none" : text(String.join(", ", Masking.keys(c.keys())));
    }

    /**
     * Whether a channel routes: yes, no, "needs a key" (imported without keys; disabled until it has one), or
     * "needs secrets" when the file withheld more than a key (header values, a proxy password).
     */
    static String state(Channel c) {
        if (!c.needsSecrets()) {
            return onOff(c.enabled());
        }
        return c.missingSecrets().size() == 1 && c.needsKey() ? "needs a key" : "needs secrets";
    }

    /** Header values may be credentials (custom auth headers): shown masked like keys. */
    static Map<String, String> headers(Channel c) {
        return Masking.headers(c.headers());
    }

    /** A proxy URL with its password, if any, masked. */
    static String proxy(String proxy) {
        return Masking.proxy(proxy);
    }

    static String health(Entry e, Health h, Instant now) {
        if (h.systemDisabled()) {
            // stored redacted; redacted again for a reason stored before that, by the keys this run holds, and
            // shown on one line: an upstream's words
            return "disabled: " + text(Redaction.redact(h.disabledReason()));
        }
        if (h.coolingAt(now)) {
            return "cooling until " + CLOCK.format(h.cooldownUntil());
        }
        return "ok";
    }

    static ObjectNode channelJson(Channel c, long entries, Settings settings) {
        var n = Json.object();
        n.put("name", c.name());
        n.put("type", c.type().id());
        n.put("baseUrl", c.baseUrl());
        var keys = n.putArray("keys");
        c.keys().forEach(k -> keys.add(k.masked()));
        var headers = n.putObject("headers");
        headers(c).forEach(headers::put);
        n.put("proxy", proxy(c.proxy()));
        var options = n.putObject("options");
        c.options().forEach(options::put);
        n.put("enabled", c.enabled());
        n.put("needsKey", c.needsKey());
        var missing = n.putArray("needs");
        c.missingSecrets().forEach(missing::add);
        n.put("entries", entries);
        // the balance query (its secret header values masked) and the last check; null without a query
        n.set("balance", BalanceView.json(c, settings));
        return n;
    }

    /** The last balance check in a few words for a table: {@code 74.50 USD}, {@code low: 0.50 USD}, {@code error}. */
    static String balanceCell(Channel c, Settings settings) {
        var state = BalanceView.state(c, settings);
        if (state == null) {
            return "-";
        }
        return switch (state) {
            case "ok" -> c.balance().text();
            case "low", "empty" -> state + ": " + c.balance().text();
            case "error" -> "error";
            default -> "not checked";
        };
    }

    static String onOff(boolean enabled) {
        return enabled ? "yes" : "no";
    }

    static String join(List<String> items) {
        return items.isEmpty() ? "-" : text(String.join(", ", items));
    }
}
