package dev.switchboard.balance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Mappers;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How to ask one channel's provider for its balance: a {@link BalancePreset}, or a custom endpoint with a method
 * and a mapping; either with headers of its own and a threshold below which the balance counts as low.
 *
 * <p>Headers replace the default authentication ({@code Authorization: Bearer <key>} for presets, the channel
 * type's own header for a custom query). In a value, {@code {key}} stands for the channel's first key, so
 * {@code Authorization: Bearer {key}} is the default written out; any other value is a secret of its own (an
 * access token, a management key) and is handled as a channel's header values are: masked when shown, withheld
 * by a keyless export. A withheld value is a null here: the check then says which value to give, and the channel
 * routes as before (a balance is never needed to route).
 *
 * <p>The mapping's fields override the preset's one by one: a DeepSeek account that holds USD second points
 * {@code remaining} at {@code $.balance_infos[1].total_balance} and keeps the rest. {@code unit} is a path, a text in
 * quotes, or a bare word ({@code USD}); {@code resetAt} is a path (or arithmetic) giving epoch seconds, epoch
 * milliseconds (from 10^11 on) or an ISO-8601 time or date.
 *
 * <p>{@code low} is the per-channel threshold: an amount in the balance's unit ({@code 5}) or a percentage of the
 * total ({@code 10%}); null takes the settings' defaults ({@code balance-low-percent} of the total when the total is
 * known, else {@code balance-low-amount}).
 *
 * @param url     custom only: an absolute URL, or a path from the base URL's site ({@code /user/balance})
 * @param method  custom only: GET (default) or POST (sent without a body)
 * @param headers in order; a null value is one a keyless export withheld
 */
public record BalanceQuery(BalancePreset preset, String url, String method, Map<String, String> headers,
                           Mapping mapping, String low) {
    /** What stands for the channel's first key in a header value. */
    public static final String KEY_PLACEHOLDER = "{key}";
    private static final Pattern TEMPLATE = Pattern.compile("(?:[A-Za-z][A-Za-z0-9_-]*\\s+)?\\{key\\}");
    private static final Pattern LOW = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(%?)");
    private static final Pattern BARE_UNIT = Pattern.compile("[\\p{L}\\p{N}_$¥€£.-]{1,16}");

    public BalanceQuery {
        if (preset == null) {
            preset = BalancePreset.CUSTOM;
        }
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers == null ? Map.of() : headers));
        if (mapping == null) {
            mapping = Mapping.NONE;
        }
    }

    /** The preset as it comes, nothing overridden. */
    public static BalanceQuery of(BalancePreset preset) {
        return new BalanceQuery(preset, null, null, Map.of(), Mapping.NONE, null);
    }

    /**
     * Where a query's numbers are; null fields are not read (or, over a preset, keep the preset's).
     *
     * @param remaining required in the end (the preset's or the query's own)
     */
    public record Mapping(String remaining, String total, String unit, String resetAt) {
        public static final Mapping NONE = new Mapping(null, null, null, null);

        Mapping over(Mapping base) {
            return new Mapping(remaining != null ? remaining : base.remaining, total != null ? total : base.total,
                    unit != null ? unit : base.unit, resetAt != null ? resetAt : base.resetAt);
        }
    }

    /** What a check read, before it is dated: {@code total}, {@code unit} and {@code resetAt} may be null. */
    public record Reading(BigDecimal remaining, BigDecimal total, String unit, Instant resetAt) {
    }

    /**
     * The same query checked and in its stored form: method upper-case, expressions parsed, the threshold
     * canonical. Header names and values are the store's to check (they follow the channel's header rules).
     *
     * @throws IllegalArgumentException saying which field is wrong and how
     */
    public BalanceQuery validated() {
        String u = url == null || url.isBlank() ? null : url.strip();
        String m = method == null || method.isBlank() ? null : method.strip().toUpperCase(Locale.ROOT);
        if (preset == BalancePreset.CUSTOM) {
            if (u == null) {
                throw new IllegalArgumentException("A custom balance query needs its endpoint: an absolute URL"
                        + " (https://…) or a path from the base URL's site (/user/balance).");
            }
            checkUrl(u);
            if (m != null && !m.equals("GET") && !m.equals("POST")) {
                throw new IllegalArgumentException("The balance query's method '" + method + "' is not GET or POST.");
            }
            if (mapping.remaining == null || mapping.remaining.isBlank()) {
                throw new IllegalArgumentException("A custom balance query needs the path of the remaining balance,"
                        + " e.g. $.data.balance.");
            }
        } else if (u != null || m != null) {
            throw new IllegalArgumentException("The " + preset.title() + " preset has its own endpoint; give an"
                    + " endpoint and method with the custom preset instead.");
        }
        var mp = new Mapping(expression("remaining", mapping.remaining, false),
                expression("total", mapping.total, false), unit(mapping.unit),
                expression("resetAt", mapping.resetAt, false));
        return new BalanceQuery(preset, u, preset == BalancePreset.CUSTOM ? (m == null ? "GET" : m) : null, headers,
                mp, low(low));
    }

    private static String expression(String field, String text, boolean allowText) {
        if (text == null || text.isBlank()) {
            return null;
        }
        BalanceExpression e;
        try {
            e = BalanceExpression.parse(text);
        } catch (ExpressionException ex) {
            throw new IllegalArgumentException("The balance query's " + field + " is not a valid expression: "
                    + ex.getMessage(), ex);
        }
        if (e.isText() && !allowText) {
            throw new IllegalArgumentException("The balance " + field + " mapping is a text in quotes; give a path"
                    + " such as $.data.balance, or a calculation.");
        }
        return e.source();
    }

    private static String unit(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        var t = text.strip();
        if (t.startsWith("$") || t.startsWith("'") || t.startsWith("\"")) {
            return expression("unit", t, true);
        }
        if (!BARE_UNIT.matcher(t).matches()) {
            throw new IllegalArgumentException("The balance unit '" + t + "' is neither a path ($…), a text in quotes,"
                    + " nor a word such as USD.");
        }
        return t;
    }

    private static void checkUrl(String u) {
        if (u.startsWith("/")) {
            if (u.startsWith("//")) {
                throw new IllegalArgumentException("The balance endpoint '" + u + "' starts with //; give a path such"
                        + " as /user/balance or a full URL.");
            }
            return;
        }
        try {
            var uri = new URI(u);
            var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return;
            }
        } catch (URISyntaxException e) {
            // said below
        }
        throw new IllegalArgumentException("The balance endpoint '" + u + "' is neither an http(s) URL nor a path"
                + " from the site's root (/user/balance).");
    }

    /** {@code 5}, {@code 2.5}, {@code 10%}; null for none. */
    static String low(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        var m = LOW.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("The low-balance threshold '" + text + "' is neither an amount (5) nor"
                    + " a percentage of the total (10%).");
        }
        var n = new BigDecimal(m.group(1)).stripTrailingZeros();
        if (!m.group(2).isEmpty() && n.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("The low-balance threshold " + text.strip() + " is over 100%.");
        }
        return n.toPlainString() + m.group(2);
    }

    /** Whether a header value only places the channel's key ({@code Bearer {key}}): then it is no secret. */
    public static boolean isTemplate(String value) {
        return value != null && TEMPLATE.matcher(value.strip()).matches();
    }

    /** The names of the headers whose values a keyless export withheld and nobody has given since. */
    public List<String> withheldHeaders() {
        var out = new ArrayList<String>();
        headers.forEach((k, v) -> {
            if (v == null) {
                out.add(k);
            }
        });
        return out;
    }

    /** The header values that are secrets of their own (not {@link #isTemplate templates}). */
    public List<String> secretValues() {
        return headers.values().stream().filter(v -> v != null && !isTemplate(v)).toList();
    }

    /** The requests and the mapping in effect for a channel of {@code baseUrl}. */
    public Plan plan(String baseUrl) {
        var effective = mapping.over(preset.mapping(baseUrl));
        if (preset != BalancePreset.CUSTOM) {
            return new Plan(preset.calls(baseUrl), effective);
        }
        var target = url.startsWith("/") ? URI.create(BalancePreset.site(baseUrl) + url) : URI.create(url);
        return new Plan(List.of(new BalancePreset.Call("answer", target, method == null ? "GET" : method)),
                effective);
    }

    /** What a check sends and how it reads the answers. */
    public record Plan(List<BalancePreset.Call> calls, Mapping mapping) {
        /**
         * Reads the answers, by call name: one call's answer is {@code $} itself, several calls' answers are
         * {@code $.<name>} ({@code $.subscription}, {@code $.usage}).
         *
         * @throws BalanceExpression.ReadException naming the mapping and where its path led nowhere
         */
        public Reading read(Map<String, JsonNode> answers) {
            JsonNode doc;
            if (calls.size() == 1) {
                doc = answers.get(calls.get(0).name());
            } else {
                var o = Mappers.JSON.createObjectNode();
                answers.forEach(o::set);
                doc = o;
            }
            var remaining = number("remaining", mapping.remaining(), doc);
            var total = mapping.total() == null ? null : number("total", mapping.total(), doc);
            String unit = null;
            if (mapping.unit() != null) {
                var u = mapping.unit();
                if (u.startsWith("$") || u.startsWith("'") || u.startsWith("\"")) {
                    try {
                        unit = BalanceExpression.parse(u).text(doc);
                    } catch (BalanceExpression.ReadException e) {
                        throw new BalanceExpression.ReadException("unit: " + e.getMessage());
                    }
                } else {
                    unit = u;
                }
            }
            var resetAt = mapping.resetAt() == null ? null : time(mapping.resetAt(), doc);
            return new Reading(remaining, total, unit, resetAt);
        }

        private static BigDecimal number(String field, String expression, JsonNode doc) {
            if (expression == null) {
                throw new BalanceExpression.ReadException("no " + field + " mapping: give one for the custom query");
            }
            try {
                return BalanceExpression.parse(expression).number(doc);
            } catch (BalanceExpression.ReadException e) {
                throw new BalanceExpression.ReadException(field + ": " + e.getMessage());
            }
        }

        private static Instant time(String expression, JsonNode doc) {
            var e = BalanceExpression.parse(expression);
            try {
                var node = e.node(doc);
                if (node != null && node.isTextual() && !node.asText().strip().matches("-?\\d+(\\.\\d+)?")) {
                    return parseTime(node.asText().strip());
                }
                var n = e.number(doc);
                long v = n.longValue();
                return v >= 100_000_000_000L ? Instant.ofEpochMilli(v) : Instant.ofEpochSecond(v);
            } catch (BalanceExpression.ReadException ex) {
                throw new BalanceExpression.ReadException("resetAt: " + ex.getMessage());
            }
        }

        private static Instant parseTime(String text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                // try a bare date
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                // try a bare date
            }
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new BalanceExpression.ReadException("resetAt: '" + text + "' is no time (ISO-8601, or epoch"
                        + " seconds)");
            }
        }
    }

    /**
     * The stored and exported form: {@code {"preset": "deepseek", "headers": {…}, "remaining": "$…", …}}, fields
     * that are not set left out.
     *
     * @param withSecrets false writes header values that are secrets as null (a keyless export)
     */
    public ObjectNode toJson(boolean withSecrets) {
        var n = Mappers.JSON.createObjectNode();
        n.put("preset", preset.id());
        putIf(n, "url", url);
        putIf(n, "method", method);
        if (!headers.isEmpty()) {
            var h = n.putObject("headers");
            headers.forEach((k, v) -> {
                if (v == null || (!withSecrets && !isTemplate(v))) {
                    h.putNull(k);
                } else {
                    h.put(k, v);
                }
            });
        }
        putIf(n, "remaining", mapping.remaining);
        putIf(n, "total", mapping.total);
        putIf(n, "unit", mapping.unit);
        putIf(n, "resetAt", mapping.resetAt);
        putIf(n, "low", low);
        return n;
    }

    private static void putIf(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    /** The fields {@link #fromJson} reads. */
    public static final List<String> FIELDS =
            List.of("preset", "url", "method", "headers", "remaining", "total", "unit", "resetAt", "low");

    /**
     * Reads {@link #toJson}'s form (the database, a configuration file, an admin body); nothing is validated beyond
     * the shape ({@link #validated} does that).
     *
     * @throws IllegalArgumentException naming the field of the wrong type, or one that is not known
     */
    public static BalanceQuery fromJson(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("A balance query is a JSON object such as {\"preset\": \"deepseek\"}.");
        }
        var unknown = new ArrayList<String>();
        n.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("A balance query has no field " + String.join(", ", unknown)
                    + "; its fields are " + String.join(", ", FIELDS) + ".");
        }
        var presetText = text(n, "preset");
        var preset = presetText == null ? (n.hasNonNull("url") ? BalancePreset.CUSTOM : null)
                : BalancePreset.of(presetText);
        if (preset == null) {
            throw new IllegalArgumentException("A balance query needs a \"preset\" (" + BalancePreset.ids()
                    + ") or a \"url\".");
        }
        var headers = new LinkedHashMap<String, String>();
        var h = n.get("headers");
        if (h != null && !h.isNull()) {
            if (!h.isObject()) {
                throw new IllegalArgumentException("The balance query's \"headers\" must be a JSON object.");
            }
            h.fields().forEachRemaining(e -> {
                if (e.getValue().isNull()) {
                    headers.put(e.getKey(), null);
                } else if (e.getValue().isTextual()) {
                    headers.put(e.getKey(), e.getValue().asText());
                } else {
                    throw new IllegalArgumentException("The balance query's header " + e.getKey()
                            + " must be a string (or null when withheld).");
                }
            });
        }
        return new BalanceQuery(preset, text(n, "url"), text(n, "method"), headers,
                new Mapping(text(n, "remaining"), text(n, "total"), text(n, "unit"), text(n, "resetAt")),
                text(n, "low"));
    }

    private static String text(JsonNode n, String field) {
        var v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("The balance query's \"" + field + "\" must be a string.");
        }
        return v.asText();
    }

    /** The stored form's text. */
    public String toStored() {
        return toJson(true).toString();
    }

    @Override
    public String toString() {
        // header values may be secrets
        return "BalanceQuery[" + preset.id() + (url == null ? "" : " " + method + " " + url) + ", headers="
                + headers.keySet() + ", " + mapping + (low == null ? "" : ", low " + low) + "]";
    }

    /**
     * A change to a channel's query, as {@code channels edit --balance…}, the admin API's {@code PATCH} and the
     * window make it: the fields given change, the rest stay. Applied to the query as it is inside the store's
     * write transaction ({@code ChannelPatch}).
     *
     * @param remove  drop the query (the other fields are then ignored)
     * @param preset  a preset id, {@code custom}, or {@code auto} (the one the base URL's host says); a different
     *                preset starts over from it, its headers and mapping of the old one dropped
     * @param headers set these (a null value removes that header)
     * @param mapping fields to set; an empty text clears that field (back to the preset's)
     * @param low     the threshold; an empty text clears it (back to the settings' defaults)
     */
    public record Edit(boolean remove, String preset, String url, String method, Map<String, String> headers,
                       Mapping mapping, String low) {
        public Edit {
            headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            mapping = mapping == null ? Mapping.NONE : mapping;
        }

        public static Edit removing() {
            return new Edit(true, null, null, null, Map.of(), Mapping.NONE, null);
        }

        public static Edit to(String preset) {
            return new Edit(false, preset, null, null, Map.of(), Mapping.NONE, null);
        }

        /** Whether it asks for anything at all. */
        public boolean isEmpty() {
            return !remove && preset == null && url == null && method == null && headers.isEmpty()
                    && mapping.equals(Mapping.NONE) && low == null;
        }

        /**
         * {@code current} (null: none) changed as this says, for a channel of {@code baseUrl}; null when it
         * removes the query. Nothing is validated here but {@code auto} ({@link BalanceQuery#validated} follows).
         */
        public BalanceQuery apply(BalanceQuery current, String baseUrl) {
            if (remove) {
                return null;
            }
            BalanceQuery q = current;
            if (preset != null && !preset.isBlank()) {
                var p = preset.strip().equalsIgnoreCase("auto") ? BalancePreset.recognise(baseUrl).orElseThrow(() ->
                        new IllegalArgumentException("No balance preset is known for " + (BalancePreset.host(baseUrl)
                                == null ? baseUrl : BalancePreset.host(baseUrl)) + "; choose one of "
                                + BalancePreset.ids() + "."))
                        : BalancePreset.of(preset);
                if (q == null || q.preset != p) {
                    q = of(p);
                }
            } else if (q == null) {
                q = of(BalancePreset.CUSTOM); // fields without a preset: a custom query
            }
            var h = new LinkedHashMap<>(q.headers);
            headers.forEach((k, v) -> {
                var name = k == null ? "" : k.strip();
                h.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
                if (v != null) {
                    h.put(name, v);
                }
            });
            var m = q.mapping;
            m = new Mapping(field(mapping.remaining, m.remaining), field(mapping.total, m.total),
                    field(mapping.unit, m.unit), field(mapping.resetAt, m.resetAt));
            return new BalanceQuery(q.preset, url != null ? url : q.url, method != null ? method : q.method, h, m,
                    low != null ? (low.isBlank() ? null : low) : q.low);
        }

        private static String field(String given, String current) {
            if (given == null) {
                return current;
            }
            return given.isBlank() ? null : given;
        }

        @Override
        public String toString() {
            return "BalanceQuery.Edit[" + (remove ? "remove" : preset) + ", headers=" + headers.keySet() + "]";
        }
    }
}
