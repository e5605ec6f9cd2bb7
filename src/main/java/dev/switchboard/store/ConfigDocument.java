package dev.switchboard.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.balance.BalanceQuery;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A configuration file in memory: what {@link ConfigExport} writes and {@link ConfigImport} reads
 * (docs/CONFIG_FORMAT.md). Parsing checks only the file's shape (format, version, field types); whether the
 * values make sense is the store's validation, run by {@link ConfigImport} against the store's current state.
 *
 * @param keysIncluded what the file says about itself; when false, keys are absent, header values null and
 *                     proxy passwords masked, and the store's own values are kept for them
 */
public record ConfigDocument(boolean keysIncluded, List<ChannelSpec> channels, List<GroupSpec> groups,
                             Map<String, String> settings, List<RuleSpec> rules) {
    public static final String FORMAT = "switchboard-config";
    public static final int VERSION = 1;

    /** @param rules the scene rules in order; null when the file has no {@code rules} (it predates them) */
    public ConfigDocument {
        channels = List.copyOf(channels);
        groups = List.copyOf(groups);
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        rules = rules == null ? null : List.copyOf(rules);
    }

    /** A document that says nothing about scene rules: an import leaves the store's as they are. */
    public ConfigDocument(boolean keysIncluded, List<ChannelSpec> channels, List<GroupSpec> groups,
                          Map<String, String> settings) {
        this(keysIncluded, channels, groups, settings, null);
    }

    /**
     * A scene rule as the file gives it, in the admin API's field names; checked by the import, as {@code rules add}
     * checks one, except that its group need not exist (an exported rule may point at a group deleted since).
     *
     * @param tokensAbove null for no token condition
     */
    public record RuleSpec(String name, boolean enabled, String group, String protocol, String model,
                           boolean thinking, boolean images, boolean webSearch, boolean background, Long tokensAbove) {
    }

    /**
     * One channel as the file gives it.
     *
     * @param keys    null when the file has none (exported without keys)
     * @param headers a null value means "withheld": the store's value for that header is kept
     * @param proxy   possibly masked ({@code user:****@}), meaning the store's proxy is kept
     * @param balanceGiven whether the file says anything of a balance query: a merge keeps the store's query of a
     *                     channel whose entry does not mention one (files written before balances existed)
     * @param balance the balance query, null for none; its null header values were withheld
     */
    public record ChannelSpec(String name, ApiType type, String baseUrl, List<String> keys,
                              Map<String, String> headers, String proxy, Map<String, String> options,
                              boolean enabled, List<EntrySpec> models, boolean balanceGiven, BalanceQuery balance) {
        public ChannelSpec {
            keys = keys == null ? null : List.copyOf(keys);
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
            models = List.copyOf(models);
        }

        /** A channel whose entry says nothing of a balance query. */
        public ChannelSpec(String name, ApiType type, String baseUrl, List<String> keys, Map<String, String> headers,
                           String proxy, Map<String, String> options, boolean enabled, List<EntrySpec> models) {
            this(name, type, baseUrl, keys, headers, proxy, options, enabled, models, false, null);
        }

        @Override
        public String toString() {
            return "ChannelSpec[" + name + ", " + type + ", " + baseUrl + "]"; // never the secrets
        }
    }

    public record EntrySpec(String model, String alias, boolean enabled) {
    }

    /** @param members {@code channel/model} references, first tried first */
    public record GroupSpec(String name, List<String> members) {
        public GroupSpec {
            members = List.copyOf(members);
        }
    }

    /**
     * Reads a configuration file, refusing one over {@value BoundedJson#MAX_BYTES} bytes before reading it (see
     * {@link BoundedJson} for the limits); every message names the file.
     */
    public static ConfigDocument read(Path file) {
        if (Files.isDirectory(file)) {
            throw StoreException.invalid(file + " is a folder; give the file that `switchboard export` wrote.");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw StoreException.notFound("There is no file " + file + ".");
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "Cannot read " + file + ": " + e.getMessage());
        }
        if (size > BoundedJson.MAX_BYTES) {
            throw BoundedJson.tooLarge(file.toString(), size);
        }
        try (var in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "Cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * Reads a configuration from {@code in} (standard input), at most {@value BoundedJson#MAX_BYTES} bytes of it.
     *
     * @param name names it in messages, such as "standard input"
     */
    public static ConfigDocument read(InputStream in, String name) throws IOException {
        var bytes = in.readNBytes(BoundedJson.MAX_BYTES + 1);
        if (bytes.length > BoundedJson.MAX_BYTES) {
            throw BoundedJson.tooLarge(name, -1); // the rest is not read
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw StoreException.invalid(name + " is not a text (UTF-8) file, so not an exported configuration.");
        }
        return parse(text, name);
    }

    /** Reads a configuration's text; a malformed one is an INVALID error that says where and what. */
    public static ConfigDocument parse(String text) {
        return parse(text, "The file");
    }

    private static ConfigDocument parse(String text, String source) {
        var root = BoundedJson.parse(text, source);
        if (root == null || !root.isObject()) {
            throw StoreException.invalid(source + " is not a Switchboard configuration: expected a JSON object with"
                    + " \"format\": \"" + FORMAT + "\".");
        }
        if (!FORMAT.equals(root.path("format").asText(null))) {
            throw StoreException.invalid(source + " is not a Switchboard configuration: \"format\" is "
                    + (root.has("format") ? "'" + root.get("format").asText() + "'" : "missing") + ", expected '"
                    + FORMAT + "'.");
        }
        var version = root.get("version");
        if (version == null || !version.isInt()) {
            throw StoreException.invalid(source + " has no usable \"version\" (expected " + VERSION + ").");
        }
        if (version.asInt() != VERSION) {
            throw StoreException.invalid(source + " is format version " + version.asInt() + "; this Switchboard"
                    + " reads version " + VERSION + (version.asInt() > VERSION ? ". Update Switchboard to import it."
                    : "."));
        }
        boolean keysIncluded = bool(root, "keysIncluded", false, "the file");
        var channels = new ArrayList<ChannelSpec>();
        var i = 0;
        for (var ch : array(root, "channels", "the file")) {
            channels.add(channel(ch, "channels[" + i++ + "]"));
        }
        var groups = new ArrayList<GroupSpec>();
        i = 0;
        for (var g : array(root, "groups", "the file")) {
            var where = "groups[" + i++ + "]";
            requireObject(g, where);
            var name = text(g, "name", where, true);
            var members = new ArrayList<String>();
            for (var m : array(g, "members", "group '" + name + "'")) {
                if (!m.isTextual()) {
                    throw StoreException.invalid("Group '" + name + "': every member must be a \"channel/model\""
                            + " string.");
                }
                members.add(m.asText());
            }
            groups.add(new GroupSpec(name, members));
        }
        var settings = stringMap(root, "settings", "the file", false);
        List<RuleSpec> rules = null;
        if (root.hasNonNull("rules")) {
            rules = new ArrayList<>();
            i = 0;
            for (var r : array(root, "rules", "the file")) {
                rules.add(rule(r, "rules[" + i++ + "]"));
            }
        }
        return new ConfigDocument(keysIncluded, channels, groups, settings, rules);
    }

    private static RuleSpec rule(JsonNode r, String where) {
        requireObject(r, where);
        var name = text(r, "name", where, true);
        var at = "rule '" + name + "'";
        Long tokens = null;
        var t = r.get("tokensAbove");
        if (t != null && !t.isNull()) {
            if (!t.isIntegralNumber()) {
                throw StoreException.invalid("Rule '" + name + "': \"tokensAbove\" must be a whole number.");
            }
            tokens = t.asLong();
        }
        return new RuleSpec(name, bool(r, "enabled", true, at), text(r, "group", at, true),
                text(r, "protocol", at, false), text(r, "model", at, false), bool(r, "thinking", false, at),
                bool(r, "images", false, at), bool(r, "webSearch", false, at), bool(r, "background", false, at), tokens);
    }

    private static ChannelSpec channel(JsonNode ch, String where) {
        requireObject(ch, where);
        var name = text(ch, "name", where, true);
        var at = "channel '" + name + "'";
        var typeText = text(ch, "type", at, true);
        ApiType type;
        try {
            type = ApiType.of(typeText);
        } catch (StoreException e) {
            throw StoreException.invalid("Channel '" + name + "': " + e.getMessage());
        }
        List<String> keys = null;
        if (ch.hasNonNull("keys")) {
            keys = new ArrayList<>();
            for (var k : array(ch, "keys", at)) {
                if (!k.isTextual()) {
                    throw StoreException.invalid("Channel '" + name + "': every key must be a string.");
                }
                keys.add(k.asText());
            }
        }
        var models = new ArrayList<EntrySpec>();
        for (var m : array(ch, "models", at)) {
            if (m.isTextual()) {
                models.add(new EntrySpec(m.asText(), null, true)); // shorthand for hand-written files
                continue;
            }
            requireObject(m, at + " models");
            var model = text(m, "model", at + " models", true);
            models.add(new EntrySpec(model, text(m, "alias", at + " model '" + model + "'", false),
                    bool(m, "enabled", true, at + " model '" + model + "'")));
        }
        BalanceQuery balance = null;
        var b = ch.get("balance");
        if (b != null && !b.isNull()) {
            try {
                balance = BalanceQuery.fromJson(b);
            } catch (IllegalArgumentException e) {
                throw StoreException.invalid("Channel '" + name + "': " + e.getMessage());
            }
        }
        return new ChannelSpec(name, type, text(ch, "baseUrl", at, true), keys, stringMap(ch, "headers", at, true),
                text(ch, "proxy", at, false), stringMap(ch, "options", at, false), bool(ch, "enabled", true, at),
                models, ch.has("balance"), balance);
    }

    private static void requireObject(JsonNode n, String where) {
        if (!n.isObject()) {
            throw StoreException.invalid(capital(where) + " must be a JSON object.");
        }
    }

    private static String text(JsonNode n, String field, String where, boolean required) {
        var v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw StoreException.invalid(capital(where) + " has no \"" + field + "\".");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw StoreException.invalid(capital(where) + ": \"" + field + "\" must be a string.");
        }
        return v.asText();
    }

    private static boolean bool(JsonNode n, String field, boolean absent, String where) {
        var v = n.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isBoolean()) {
            throw StoreException.invalid(capital(where) + ": \"" + field + "\" must be true or false.");
        }
        return v.asBoolean();
    }

    private static Iterable<JsonNode> array(JsonNode n, String field, String where) {
        var v = n.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw StoreException.invalid(capital(where) + ": \"" + field + "\" must be a JSON array.");
        }
        return v;
    }

    /** A string-to-string object; {@code nullValues} allows null values (withheld header values). */
    private static Map<String, String> stringMap(JsonNode n, String field, String where, boolean nullValues) {
        var v = n.get(field);
        var out = new LinkedHashMap<String, String>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            throw StoreException.invalid(capital(where) + ": \"" + field + "\" must be a JSON object.");
        }
        var it = v.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getValue().isNull() && nullValues) {
                out.put(e.getKey(), null);
            } else if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
            } else {
                throw StoreException.invalid(capital(where) + ": \"" + field + "\"." + e.getKey()
                        + " must be a string.");
            }
        }
        return out;
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
