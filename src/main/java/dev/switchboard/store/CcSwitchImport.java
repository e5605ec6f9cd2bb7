package dev.switchboard.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.store.ConfigDocument.ChannelSpec;
import dev.switchboard.store.ConfigDocument.EntrySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * One-step import from cc-switch's own database ({@code ~/.cc-switch/cc-switch.db}, table {@code providers}):
 * each provider with an API key becomes a channel with its model as an entry, applied as a
 * {@link ConfigImport.Mode#MERGE merge}.
 *
 * <ul>
 *   <li>claude: {@code settings_config.env} ANTHROPIC_BASE_URL, ANTHROPIC_AUTH_TOKEN or ANTHROPIC_API_KEY,
 *       ANTHROPIC_MODEL (and the per-tier default models) → an {@code anthropic} channel</li>
 *   <li>codex: {@code auth.OPENAI_API_KEY}, and from the TOML {@code config} {@code model} and the chosen
 *       provider's {@code base_url} → a {@code responses} channel ({@code openai} when its
 *       {@code wire_api = "chat"})</li>
 *   <li>gemini: {@code env} GOOGLE_GEMINI_BASE_URL, GEMINI_API_KEY, GEMINI_MODEL → a {@code gemini} channel</li>
 * </ul>
 *
 * <p>Providers without a key (signed in with an account) or with an unusable base URL are skipped and
 * reported, so that one odd provider does not stop the others. The file is opened read-only: cc-switch's
 * data is never changed.
 */
public final class CcSwitchImport {
    static final String ANTHROPIC_BASE = "https://api.anthropic.com";
    static final String OPENAI_BASE = "https://api.openai.com/v1";
    static final String GEMINI_BASE = "https://generativelanguage.googleapis.com";

    /** What an import does (or would do) and which providers it left out, and why. */
    public record Outcome(List<ConfigImport.Change> changes, List<String> skipped) {
        public Outcome {
            changes = List.copyOf(changes);
            skipped = List.copyOf(skipped);
        }
    }

    private record Provider(String id, String app, String name, String settings) {
    }

    private CcSwitchImport() {
    }

    /** cc-switch's database under {@code home}. */
    public static Path defaultPath(Path home) {
        return home.resolve(".cc-switch").resolve("cc-switch.db");
    }

    public static Outcome preview(Store store, Path file) {
        var read = document(store, file);
        return new Outcome(ConfigImport.preview(store, read.doc, ConfigImport.Mode.MERGE), read.skipped);
    }

    public static Outcome apply(Store store, Path file) {
        var read = document(store, file);
        return new Outcome(ConfigImport.apply(store, read.doc, ConfigImport.Mode.MERGE), read.skipped);
    }

    private record Read(ConfigDocument doc, List<String> skipped) {
    }

    private record Mapped(String app, ChannelSpec spec) {
    }

    private static Read document(Store store, Path file) {
        var providers = readProviders(file);
        var existing = store.channels().list();
        var skipped = new ArrayList<String>();
        var specs = new ArrayList<Mapped>();
        for (var p : providers) {
            try {
                specs.add(new Mapped(p.app, map(p)));
            } catch (Skip s) {
                skipped.add(p.app + " provider '" + p.name + "': " + s.getMessage());
            }
        }
        return new Read(new ConfigDocument(true, uniqueNames(specs, existing), List.of(), Map.of()),
                skipped);
    }

    /** A provider this import cannot use; the message says why, for the person. */
    private static final class Skip extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Skip(String message) {
            super(message, null, false, false);
        }
    }

    private static List<Provider> readProviders(Path file) {
        if (!Files.exists(file)) {
            throw StoreException.notFound("There is no cc-switch database at " + file + ". Is cc-switch installed"
                    + " here? Give the file's path: switchboard import --cc-switch PATH.");
        }
        if (!Files.isRegularFile(file)) {
            throw StoreException.invalid(file + " is not a file; give the path of cc-switch.db.");
        }
        var config = new SQLiteConfig();
        config.setReadOnly(true); // cc-switch's data is only read, never changed
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(),
                config.toProperties())) {
            var columns = new HashSet<String>();
            try (var st = c.createStatement(); var rs = st.executeQuery("PRAGMA table_info(providers)")) {
                while (rs.next()) {
                    columns.add(rs.getString("name").toLowerCase(Locale.ROOT));
                }
            }
            if (!columns.containsAll(Set.of("id", "app_type", "name", "settings_config"))) {
                throw StoreException.invalid(file + " is not a cc-switch database: it has no providers table"
                        + " with app_type, name and settings_config.");
            }
            var out = new ArrayList<Provider>();
            try (var st = c.createStatement(); var rs = st.executeQuery(
                    "SELECT id, app_type, name, settings_config FROM providers ORDER BY app_type, "
                            + (columns.contains("sort_index") ? "sort_index IS NULL, sort_index, " : "") + "name")) {
                while (rs.next()) {
                    out.add(new Provider(rs.getString(1), String.valueOf(rs.getString(2)).toLowerCase(Locale.ROOT),
                            rs.getString(3) == null ? "" : rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            // SQLITE_NOTADB and friends: the message from the driver is technical; say what it means
            throw StoreException.invalid(file + " is not a cc-switch database (" + firstLine(e.getMessage())
                    + ").");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static ChannelSpec map(Provider p) {
        JsonNode sc;
        try {
            sc = BoundedJson.parse(p.settings, "its settings");
        } catch (StoreException e) {
            throw new Skip(e.getMessage()); // one odd provider does not stop the others
        }
        if (sc == null || !sc.isObject()) {
            throw new Skip("it has no settings");
        }
        return switch (p.app) {
            case "claude" -> {
                var env = object(sc.get("env"));
                var key = first(env, "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY");
                var models = new LinkedHashSet<String>();
                for (var m : List.of("ANTHROPIC_MODEL", "ANTHROPIC_DEFAULT_SONNET_MODEL",
                        "ANTHROPIC_DEFAULT_OPUS_MODEL", "ANTHROPIC_DEFAULT_HAIKU_MODEL", "ANTHROPIC_SMALL_FAST_MODEL")) {
                    var v = first(env, m);
                    if (v != null) {
                        models.add(v);
                    }
                }
                yield spec(p, ApiType.ANTHROPIC, orDefault(first(env, "ANTHROPIC_BASE_URL"), ANTHROPIC_BASE), key,
                        models);
            }
            case "codex" -> {
                var auth = object(sc.get("auth"));
                var config = sc.get("config");
                var toml = TomlLines.read(config != null && config.isTextual() ? config.asText() : "");
                var provider = toml.get("model_provider");
                var base = provider == null ? null : toml.get("model_providers." + provider + ".base_url");
                if (base == null) {
                    base = toml.get("base_url");
                }
                if (base == null) {
                    base = toml.entrySet().stream().filter(e -> e.getKey().endsWith(".base_url"))
                            .map(Map.Entry::getValue).findFirst().orElse(OPENAI_BASE);
                }
                var wire = provider == null ? null : toml.get("model_providers." + provider + ".wire_api");
                var type = "chat".equalsIgnoreCase(wire) ? ApiType.OPENAI : ApiType.RESPONSES;
                var models = new LinkedHashSet<String>();
                if (toml.get("model") != null) {
                    models.add(toml.get("model"));
                }
                yield spec(p, type, base, first(auth, "OPENAI_API_KEY"), models);
            }
            case "gemini" -> {
                var env = object(sc.get("env"));
                var models = new LinkedHashSet<String>();
                var model = first(env, "GEMINI_MODEL");
                if (model != null) {
                    models.add(model);
                }
                yield spec(p, ApiType.GEMINI, orDefault(first(env, "GOOGLE_GEMINI_BASE_URL"), GEMINI_BASE),
                        first(env, "GEMINI_API_KEY", "GOOGLE_API_KEY"), models);
            }
            default -> throw new Skip("Switchboard does not import " + p.app + " providers");
        };
    }

    private static ChannelSpec spec(Provider p, ApiType type, String base, String key, Set<String> models) {
        if (key == null) {
            throw new Skip("it has no API key (an account sign-in, which Switchboard cannot use)");
        }
        try {
            ApiKey.of(key);
            base = Validation.baseUrl(base);
        } catch (StoreException e) {
            throw new Skip(e.getMessage());
        }
        var entries = new ArrayList<EntrySpec>();
        for (var m : models) {
            entries.add(new EntrySpec(m, null, true));
        }
        return new ChannelSpec(p.name, type, base, List.of(key), Map.of(), null, Map.of(), true, entries);
    }

    /** A JSON object from a node that may be an object or (as older cc-switch versions wrote) JSON text. */
    private static JsonNode object(JsonNode n) {
        if (n != null && n.isTextual()) {
            try {
                n = Mappers.JSON.readTree(n.asText());
            } catch (Exception e) {
                return Mappers.JSON.createObjectNode();
            }
        }
        return n != null && n.isObject() ? n : Mappers.JSON.createObjectNode();
    }

    private static String first(JsonNode obj, String... names) {
        for (var name : names) {
            var v = obj.get(name);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                return v.asText().strip();
            }
        }
        return null;
    }

    private static String orDefault(String v, String fallback) {
        return v == null ? fallback : v;
    }

    /**
     * Usable, unique channel names. A provider's name is made to fit Switchboard's name rules; the same name in
     * two apps gets the app as a suffix. An existing channel of the same name is updated only when it is the
     * same account (type and base URL), so a second import refreshes what the first made instead of piling up
     * copies; any other clash gets a number.
     */
    private static List<ChannelSpec> uniqueNames(List<Mapped> specs, List<Channel> existing) {
        var counts = new HashMap<String, Integer>();
        for (var m : specs) {
            counts.merge(lower(clean(m.spec.name(), m.app)), 1, Integer::sum);
        }
        var taken = new HashSet<String>();
        var out = new ArrayList<ChannelSpec>();
        for (var m : specs) {
            var s = m.spec;
            var app = m.app;
            var base = clean(s.name(), app);
            if (counts.get(lower(base)) > 1) {
                base = trim(base, app.length() + 1) + "-" + app;
            }
            var name = base;
            for (int n = 2; ; n++) {
                var candidate = name;
                var clash = existing.stream().filter(c -> c.name().equalsIgnoreCase(candidate)).findFirst();
                boolean sameAccount = clash.isPresent() && clash.get().type() == s.type()
                        && clash.get().baseUrl().equals(s.baseUrl());
                if (!taken.contains(lower(candidate)) && (clash.isEmpty() || sameAccount)) {
                    if (sameAccount) {
                        // keep what the person set on it that cc-switch does not know about
                        var c = clash.get();
                        s = new ChannelSpec(s.name(), s.type(), s.baseUrl(), s.keys(), c.headers(), c.proxy(),
                                c.options(), c.enabled(), s.models());
                    }
                    break;
                }
                name = trim(base, 4) + "-" + n;
            }
            taken.add(lower(name));
            out.add(new ChannelSpec(name, s.type(), s.baseUrl(), s.keys(), s.headers(), s.proxy(), s.options(),
                    s.enabled(), s.models()));
        }
        return out;
    }

    /** A provider name within Switchboard's rules: letters, digits, space and {@code . _ - @ +}, up to 64. */
    static String clean(String name, String app) {
        var v = name.strip().replaceAll("[^\\p{L}\\p{N} ._@+-]+", "-").replaceAll("^[^\\p{L}\\p{N}]+", "")
                .replaceAll("-{2,}", "-").strip();
        if (v.isEmpty()) {
            v = app;
        }
        return trim(v, 0);
    }

    private static String trim(String v, int room) {
        int max = 64 - room;
        return v.length() <= max ? v : v.substring(0, max).strip();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
