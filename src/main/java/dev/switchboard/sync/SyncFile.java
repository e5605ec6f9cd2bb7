package dev.switchboard.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.balance.BalanceQuery;
import dev.switchboard.json.Mappers;
import dev.switchboard.store.ConfigDocument;
import dev.switchboard.store.Masking;
import dev.switchboard.store.Setting;
import dev.switchboard.store.StoreException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one file in the sync folder, {@value #NAME}: a configuration export (docs/CONFIG_FORMAT.md) without keys,
 * plus a {@code "sync"} section holding the secrets sealed with the person's passphrase ({@link SecretBox}).
 *
 * <p>Decisions:
 * <ul>
 *   <li>One file, not a document and a separate secrets file: one PUT with {@code If-Match} replaces both at once,
 *       so another machine never reads one machine's channels with another's keys, and a conflict is one ETag.</li>
 *   <li>The file is a valid keyless export: {@code switchboard import switchboard-sync.json} reads it (readers of
 *       format version 1 ignore the {@code sync} field), so a person can always get at the configuration even
 *       without Switchboard's sync, and the keys stay sealed.</li>
 *   <li>The secrets are what a keyless export withholds and nothing else: each channel's keys, its header values and
 *       its proxy URL with the password, and the {@code outbound-proxy} setting. The sealed box is bound to the rest
 *       of the document (its SHA-256 is GCM's additional data), so changing either side is refused on opening.</li>
 * </ul>
 */
public final class SyncFile {
    public static final String NAME = "switchboard-sync.json";
    static final String SECTION = "sync";

    /**
     * Settings of the machine itself, which do not travel: where its gateway listens and who may reach it (another
     * machine's {@code bind} could leave this one refusing to start without access keys, which do not travel
     * either), and how it starts (the autostart entry is written by the window on this machine, not by a setting
     * arriving from elsewhere). A pull keeps this machine's values; a change to them is not a change to sync.
     */
    public static final Set<Setting> MACHINE_SETTINGS = Collections.unmodifiableSet(EnumSet.of(Setting.PORT,
            Setting.BIND, Setting.ALLOWED_IPS, Setting.ALLOWED_HOSTS, Setting.START_WITH_SYSTEM,
            Setting.START_MINIMISED));

    private SyncFile() {
    }

    /** The export without {@link #MACHINE_SETTINGS}: what is synced. */
    static ObjectNode shared(ObjectNode export) {
        var out = export.deepCopy();
        var settings = out.get("settings");
        if (settings instanceof ObjectNode s) {
            MACHINE_SETTINGS.forEach(m -> s.remove(m.key()));
        }
        return out;
    }

    /**
     * The folder's configuration with this machine's own {@link #MACHINE_SETTINGS} (from {@code local}, an export of
     * this machine) in place of whatever the folder says of them: what a pull imports.
     */
    static ObjectNode withMachineSettings(ObjectNode theirs, ObjectNode local) {
        var out = shared(theirs);
        var settings = out.withObjectProperty("settings");
        for (var m : MACHINE_SETTINGS) {
            var v = local.path("settings").get(m.key());
            if (v != null && !v.isNull()) {
                settings.set(m.key(), v);
            }
        }
        return out;
    }

    /** A configuration exported with keys ({@code ConfigExport.export(store, true)}), sealed for the folder. */
    static byte[] seal(ObjectNode export, String passphrase, SecretBox box) {
        var full = shared(export);
        var plain = withoutSecrets(full);
        var sealed = box.seal(text(secrets(full), false), passphrase, bound(plain));
        var out = plain.deepCopy();
        out.set(SECTION, sealed);
        return text(out, true).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The folder's file as a keyless export (its {@code sync} section left out): what can be known without the
     * passphrase.
     */
    static ObjectNode plain(byte[] file) {
        var doc = parse(file);
        doc.remove(SECTION);
        return doc;
    }

    /**
     * The folder's file with its secrets opened: an export with keys, as {@code ConfigExport.export(store, true)}
     * writes one.
     *
     * @throws StoreException INVALID on a wrong passphrase, or when the file was tampered with or damaged
     */
    static ObjectNode open(byte[] file, String passphrase) {
        var doc = parse(file);
        var box = doc.remove(SECTION);
        var json = SecretBox.open(box, passphrase, bound(doc));
        JsonNode secrets;
        try {
            secrets = Mappers.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new StoreException(StoreException.Kind.INVALID, "The sync folder's secrets opened but are not"
                    + " readable; push from a machine whose configuration is right (`sync push --force`).");
        }
        return withSecrets(doc, secrets);
    }

    /**
     * What identifies a configuration's content: the SHA-256 of the document without its {@code exportedAt}, its
     * {@link #MACHINE_SETTINGS} and a {@code sync} section, so that two exports of the same state are equal. Kept locally after every
     * sync, to tell whether this machine changed since.
     */
    static String fingerprint(ObjectNode doc) {
        var copy = shared(doc);
        copy.remove("exportedAt");
        copy.remove(SECTION);
        return sha256(text(copy, false));
    }

    /** The keyless export that {@code ConfigExport.export(store, false)} would have written of the same state. */
    static ObjectNode withoutSecrets(ObjectNode full) {
        var plain = full.deepCopy();
        plain.put("keysIncluded", false);
        for (var ch : plain.withArrayProperty("channels")) {
            var channel = (ObjectNode) ch;
            channel.remove("keys");
            var headers = channel.withObjectProperty("headers");
            var names = new ArrayList<String>();
            headers.fieldNames().forEachRemaining(names::add);
            names.forEach(headers::putNull);
            if (channel.hasNonNull("proxy")) {
                channel.put("proxy", Masking.proxy(channel.get("proxy").asText()));
            }
            // a balance query's header values are secrets too (an access token, a management key), except those that
            // only place the channel's key ({@code Bearer {key}}): as BalanceQuery.toJson withholds them
            balanceHeaders(channel).ifPresent(h -> secretBalanceHeaders(h).forEach(name -> h.putNull(name)));
        }
        var settings = plain.withObjectProperty("settings");
        var keys = new ArrayList<String>();
        settings.fieldNames().forEachRemaining(keys::add);
        for (var key : keys) {
            var setting = known(key);
            if (setting != null) {
                settings.put(key, Masking.setting(setting, settings.get(key).asText()));
            }
        }
        return plain;
    }

    /** What {@link #withoutSecrets} takes out, by channel name and setting key. */
    private static ObjectNode secrets(ObjectNode full) {
        var out = Mappers.JSON.createObjectNode();
        var channels = out.putObject("channels");
        for (var ch : full.withArrayProperty("channels")) {
            var s = Mappers.JSON.createObjectNode();
            if (ch.path("keys").isArray() && !ch.path("keys").isEmpty()) {
                s.set("keys", ch.get("keys"));
            }
            var headers = Mappers.JSON.createObjectNode();
            ch.path("headers").properties().forEach(h -> {
                if (h.getValue().isTextual()) {
                    headers.set(h.getKey(), h.getValue());
                }
            });
            if (!headers.isEmpty()) {
                s.set("headers", headers);
            }
            if (ch.hasNonNull("proxy") && !ch.get("proxy").asText().equals(Masking.proxy(ch.get("proxy").asText()))) {
                s.put("proxy", ch.get("proxy").asText());
            }
            balanceHeaders((ObjectNode) ch).ifPresent(h -> {
                var sealed = Mappers.JSON.createObjectNode();
                secretBalanceHeaders(h).forEach(name -> sealed.set(name, h.get(name)));
                if (!sealed.isEmpty()) {
                    s.set("balanceHeaders", sealed);
                }
            });
            if (!s.isEmpty()) {
                channels.set(ch.path("name").asText(), s);
            }
        }
        var settings = out.putObject("settings");
        full.path("settings").properties().forEach(e -> {
            var setting = known(e.getKey());
            var value = e.getValue().asText();
            if (setting != null && !Masking.setting(setting, value).equals(value)) {
                settings.put(e.getKey(), value);
            }
        });
        return out;
    }

    /** The keyless document with the opened secrets put back where {@link #withoutSecrets} took them from. */
    private static ObjectNode withSecrets(ObjectNode plain, JsonNode secrets) {
        var full = plain.deepCopy();
        full.put("keysIncluded", true);
        for (var ch : full.withArrayProperty("channels")) {
            var channel = (ObjectNode) ch;
            var s = secrets.path("channels").path(channel.path("name").asText());
            if (s.path("keys").isArray()) {
                channel.set("keys", s.get("keys"));
            }
            var headers = channel.withObjectProperty("headers");
            s.path("headers").properties().forEach(h -> {
                if (headers.has(h.getKey())) {
                    headers.set(h.getKey(), h.getValue());
                }
            });
            if (s.path("proxy").isTextual()) {
                channel.put("proxy", s.get("proxy").asText());
            }
            balanceHeaders(channel).ifPresent(h -> s.path("balanceHeaders").properties().forEach(e -> {
                if (h.has(e.getKey())) {
                    h.set(e.getKey(), e.getValue());
                }
            }));
        }
        var settings = full.withObjectProperty("settings");
        secrets.path("settings").properties().forEach(e -> {
            if (settings.has(e.getKey())) {
                settings.set(e.getKey(), e.getValue());
            }
        });
        return full;
    }

    /** What the sealed box is bound to: the SHA-256 of the document beside it, as written. */
    private static String bound(ObjectNode plain) {
        var copy = plain.deepCopy();
        copy.remove(SECTION);
        return sha256(text(copy, false));
    }

    /**
     * Parses the folder's file: checked as a configuration first (format, version, shape, size and nesting
     * limits, with ConfigDocument's messages), then read as a tree to work on.
     */
    private static ObjectNode parse(byte[] file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(file)).toString();
        } catch (CharacterCodingException e) {
            throw notOurs("it is not a text (UTF-8) file");
        }
        try {
            ConfigDocument.parse(text);
        } catch (StoreException e) {
            throw notOurs(e.getMessage());
        }
        try {
            return (ObjectNode) Mappers.JSON.readTree(text);
        } catch (JsonProcessingException | ClassCastException e) {
            throw notOurs("it is not a JSON object");
        }
    }

    private static StoreException notOurs(String why) {
        return new StoreException(StoreException.Kind.INVALID, "The sync folder's " + NAME + " is not a Switchboard"
                + " sync file (" + why + "). Nothing here changed; push from a machine whose configuration is right"
                + " (`sync push --force`) to replace it.");
    }

    private static Setting known(String key) {
        try {
            return Setting.of(key);
        } catch (StoreException e) {
            return null; // a newer version's setting: carried as it is
        }
    }

    static String text(JsonNode node, boolean pretty) {
        try {
            return pretty ? Mappers.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node)
                    + "\n" : Mappers.JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The headers of a channel's balance query, when it has a query with headers. */
    private static Optional<ObjectNode> balanceHeaders(ObjectNode channel) {
        var headers = channel.path("balance").path("headers");
        return headers.isObject() ? Optional.of((ObjectNode) headers) : Optional.empty();
    }

    /** The names of the balance headers whose values are secrets: given, and not merely placing the key. */
    private static List<String> secretBalanceHeaders(ObjectNode headers) {
        var names = new ArrayList<String>();
        headers.properties().forEach(e -> {
            if (e.getValue().isTextual() && !BalanceQuery.isTemplate(e.getValue().asText())) {
                names.add(e.getKey());
            }
        });
        return names;
    }
}
