package dev.switchboard.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The model catalog: public facts (release date, limits, modalities, capabilities) about known models, and a fuzzy
 * {@link #lookup} from whatever name an upstream lists to the catalog row it means.
 *
 * <h2>File format ({@code models.json})</h2>
 * The same format serves the bundled catalog (the repository's top-level {@code models.json}, carried in the jar as
 * {@code dev/switchboard/catalog/models.json}) and the optional override beside the jar:
 * <pre>{@code
 * {"version":1,"updated":"2026-12-06T19:52:13Z","models":[
 *   {"id":"claude-sonnet-4-5","provider":"anthropic","name":"Claude Sonnet 4.5","family":"claude-sonnet",
 *    "released":"2025-09-29","context":200000,"output":64000,"input":["text","image","pdf"],
 *    "reasoning":true,"tools":true,"openWeights":false},
 *   ...]}
 * }</pre>
 * <ul>
 *   <li>{@code version}: 1. Required; a different number rejects the file, so a future format is never misread.</li>
 *   <li>{@code updated}: when this edition of the catalog was made, a UTC time ({@code 2026-12-06T19:52:13Z}).
 *       The bundled and the published catalogs carry it ({@code scripts/build-catalog} writes it); a fetched
 *       catalog is used only when it is newer than the bundled one by it. Optional in an override, where it means
 *       nothing.</li>
 *   <li>{@code id}, {@code provider}, {@code name}: non-empty strings, required; ids are unique case-insensitively.</li>
 *   <li>{@code released}: {@code YYYY-MM-DD}, required.</li>
 *   <li>{@code family}: optional string.</li>
 *   <li>{@code context}, {@code output}: optional positive token counts; absent means unknown.</li>
 *   <li>{@code input}: optional subset of {@code text, image, pdf, audio, video}; absent means {@code ["text"]}.</li>
 *   <li>{@code reasoning}, {@code tools}, {@code openWeights}: optional booleans, absent means false.</li>
 *   <li>{@code openaiReasoning}: optional boolean, absent means false. True for OpenAI's reasoning models (o1, o3,
 *       o4-mini, the GPT-5 family), whose Chat Completions API takes {@code max_completion_tokens} and
 *       {@code reasoning_effort} and refuses {@code max_tokens}, {@code temperature}, {@code top_p} and
 *       {@code stop}: Switchboard writes their requests accordingly (docs/CONVERSION.md), unless the channel's
 *       {@code openai-reasoning} option says otherwise. Narrower than {@code reasoning}, which models that take
 *       the usual request (Qwen, DeepSeek, Claude) have too. An override row sets it for a model the bundled
 *       catalog does not know yet.</li>
 *   <li>Unknown fields are ignored, so a newer file still loads in an older Switchboard.</li>
 * </ul>
 * The bundled file is generated once by {@code scripts/build-catalog} from the shared model facts, which are public
 * facts from the models.dev catalog (MIT licence); month-only source dates became the 1st of the month, and
 * {@code openaiReasoning} is derived there (OpenAI's reasoning models with fixed sampling), written only where true.
 *
 * <h2>Layers: bundled, fetched, override</h2>
 * {@link #load} builds the catalog in use from up to three files, each later one winning:
 * <ol>
 *   <li>the bundled catalog in the jar;</li>
 *   <li>the <em>fetched</em> catalog, {@value #FETCHED_FOLDER}/{@value #FILE} in the data folder: the signed
 *       {@code models.json} of the latest release, verified and kept there by the update check
 *       ({@code dev.switchboard.update.CatalogUpdater}), so that a model released after this build is known without
 *       a new Switchboard. It is a whole edition of the catalog, so it <em>replaces</em> the bundled rows (a row the
 *       maintainers removed is gone), but only when its {@code updated} is later than the bundled one's: after an
 *       update to a release that carries a newer catalog, an older fetched file is ignored. It is not verified again
 *       here: it is written only after its signature was checked, and whoever can write the data folder can write
 *       the override below, which wins anyway;</li>
 *   <li>the person's override, {@value #FILE} in the data folder: a row with the id of a row above replaces it,
 *       other rows are added. People add a model the day it ships without waiting for anyone.</li>
 * </ol>
 * A malformed override or fetched file is ignored as a whole and reported in {@link #notices()}: the gateway must
 * start anyway, and half-applying a file that has a typo in it would be harder to notice than not applying it.
 */
public final class Catalog {
    /** The override's file name in the data folder. */
    public static final String FILE = "models.json";
    /** The data folder's subfolder holding the fetched catalog ({@link #fetchedFile}). */
    public static final String FETCHED_FOLDER = "catalog";
    private static final String RESOURCE = "models.json";
    // Fuzzy matches must cover at least half of the upstream name's tokens, so "sonar-deep-research-pro-max" does not
    // ride on a two-token prefix.
    private static final double MIN_COVERAGE = 0.5;
    // Newest first: when several rows are equally good, an undated upstream name means the current model. Then the
    // shorter id (the alias rather than the snapshot), then the id itself, so lookups never depend on file order.
    private static final Comparator<Row> PREFERENCE = Comparator.<Row, LocalDate>comparing(r -> r.facts.released())
            .reversed()
            .thenComparingInt(r -> r.facts.id().length())
            .thenComparing(r -> r.facts.id());

    private final List<ModelFacts> all;
    private final List<Row> rows;
    private final Instant updated;
    private final List<String> notices;

    private Catalog(List<ModelFacts> all, Instant updated, List<String> notices) {
        this.all = List.copyOf(all);
        this.rows = this.all.stream().map(f -> new Row(f, ModelName.of(f.id()))).toList();
        this.updated = updated;
        this.notices = List.copyOf(notices);
    }

    /** The catalog carried in the jar. */
    public static Catalog bundled() {
        try (InputStream in = Catalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks dev/switchboard/catalog/" + RESOURCE);
            }
            var contents = CatalogFile.read(in);
            return new Catalog(contents.models(), contents.updated(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One whole catalog file on its own, as a release publishes it (no layers, no notices).
     *
     * @throws IllegalArgumentException when it is not a catalog this build can read, saying why
     */
    public static Catalog read(byte[] json) {
        try {
            var contents = CatalogFile.read(new java.io.ByteArrayInputStream(json));
            return new Catalog(contents.models(), contents.updated(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail to read
        }
    }

    /** Where the fetched catalog of {@code dataFolder} is kept (see the class comment's layers). */
    public static Path fetchedFile(Path dataFolder) {
        return dataFolder.resolve(FETCHED_FOLDER).resolve(FILE);
    }

    /**
     * The catalog in use for {@code dataFolder}: bundled, replaced by the fetched catalog when that is newer,
     * overridden and extended by the person's {@code models.json}. Never throws for a bad file: see
     * {@link #notices()}.
     */
    public static Catalog load(Path dataFolder) {
        Catalog base = bundled();
        var notices = new ArrayList<String>();
        boolean usingFetched = false;
        Path fetched = fetchedFile(dataFolder);
        if (Files.isRegularFile(fetched)) {
            try (InputStream in = Files.newInputStream(fetched)) {
                var contents = CatalogFile.read(in);
                if (contents.updated() != null && isNewer(contents.updated(), base.updated)) {
                    notices.add("Model catalog: using the edition of " + contents.updated() + " (" + fetched
                            + ", " + contents.models().size() + " models), newer than the bundled one.");
                    base = new Catalog(contents.models(), contents.updated(), List.of());
                    usingFetched = true;
                }
                // Not newer: this Switchboard was updated since and carries a later catalog. Nothing to say.
            } catch (IOException | IllegalArgumentException e) {
                String why = e instanceof IOException ? "cannot be read (" + e.getMessage() + ")" : e.getMessage();
                notices.add("Ignoring " + fetched + ": " + why + ". Using the bundled model catalog;"
                        + " `switchboard catalog update` fetches the latest one again.");
            }
        }
        Path file = dataFolder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return notices.isEmpty() ? base : new Catalog(base.all, base.updated, notices);
        }
        List<ModelFacts> extra;
        try (InputStream in = Files.newInputStream(file)) {
            extra = CatalogFile.read(in).models();
        } catch (IOException | IllegalArgumentException e) {
            String why = e instanceof IOException ? "cannot be read (" + e.getMessage() + ")" : e.getMessage();
            notices.add("Ignoring " + file + ": " + why + ". Using the "
                    + (usingFetched ? "fetched" : "bundled")
                    + " model catalog; fix the file and restart to apply it.");
            return new Catalog(base.all, base.updated, notices);
        }
        Map<String, ModelFacts> merged = new LinkedHashMap<>();
        for (ModelFacts f : base.all) {
            merged.put(f.id().toLowerCase(Locale.ROOT), f);
        }
        int replaced = 0;
        for (ModelFacts f : extra) {
            if (merged.put(f.id().toLowerCase(Locale.ROOT), f) != null) {
                replaced++;
            }
        }
        notices.add("Model catalog: " + file + " replaced " + replaced + " and added " + (extra.size() - replaced)
                + " models.");
        return new Catalog(new ArrayList<>(merged.values()), base.updated, notices);
    }

    /** Whether edition {@code candidate} is later than {@code current}; any dated edition beats an undated one. */
    public static boolean isNewer(Instant candidate, Instant current) {
        return candidate != null && (current == null || candidate.isAfter(current));
    }

    /**
     * When the edition this catalog is built on was made: the bundled catalog's or the fetched one's, whichever is
     * in use (an override does not change it). Null only for a file that does not say.
     */
    public Instant updated() {
        return updated;
    }

    /** Every row, bundled order first, then override additions. */
    public List<ModelFacts> all() {
        return all;
    }

    /** What the person should be told about loading (an applied or an ignored override); empty for the bundled. */
    public List<String> notices() {
        return notices;
    }

    /**
     * The catalog row an upstream's model name means, if any. In order, the first step that finds rows wins:
     * <ol>
     *   <li>the name without namespace equals an id, ignoring case ({@code models/gemini-2.5-pro});</li>
     *   <li>the names agree token for token, without Bedrock or Vertex decorations and with {@code 3.5} =
     *       {@code 3-5} ({@code anthropic.claude-sonnet-4-5-20250929-v1:0}, {@code claude-sonnet-4-5@20250929});</li>
     *   <li>the names agree once noise is gone: dates and snapshots ({@code -20250929}, {@code -2024-08-06},
     *       {@code -0528}, {@code -05-20}), {@code -latest}, {@code -preview}, {@code -exp}, {@code :free},
     *       {@code :beta}, {@code -fp8} and other quantization or router tags;</li>
     *   <li>they agree once variant words ({@code -thinking}, {@code -instruct}, {@code -it}) are gone too, unless
     *       both name different variants;</li>
     *   <li>a row's name is a whole-token prefix of the upstream name ({@code llama-3.3-70b-instruct-turbo}) of at
     *       least two tokens covering at least half of it, not stopping inside a version number (so
     *       {@code gpt-4.5} is not {@code gpt-4}); the longest prefix wins.</li>
     * </ol>
     * Whole tokens are why {@code gpt-4} never matches {@code gpt-4o}. Ties prefer the newest release.
     */
    public Optional<ModelFacts> lookup(String rawUpstreamName) {
        if (rawUpstreamName == null || rawUpstreamName.isBlank()) {
            return Optional.empty();
        }
        ModelName name = ModelName.of(rawUpstreamName);
        Optional<Row> found = best(rows.stream().filter(r -> r.name.plain.equals(name.plain)).toList());
        if (found.isEmpty()) {
            found = best(rows.stream().filter(r -> r.name.tokens.equals(name.tokens)).toList());
        }
        if (found.isEmpty()) {
            found = best(rows.stream().filter(r -> r.name.canonical.equals(name.canonical)).toList());
        }
        if (found.isEmpty()) {
            found = best(rows.stream()
                    .filter(r -> r.name.base.equals(name.base) && compatible(r.name, name)).toList());
        }
        if (found.isEmpty()) {
            found = prefixMatch(name);
        }
        return found.map(r -> r.facts);
    }

    private Optional<Row> prefixMatch(ModelName name) {
        List<String> wanted = name.base;
        int longest = 0;
        List<Row> candidates = new ArrayList<>();
        for (Row row : rows) {
            List<String> have = row.name.base;
            int n = have.size();
            if (n < 2 || n >= wanted.size() || !wanted.subList(0, n).equals(have) || !compatible(row.name, name)
                    || n < MIN_COVERAGE * wanted.size() || ModelName.isNumber(wanted.get(n))) {
                continue;
            }
            if (n > longest) {
                longest = n;
                candidates.clear();
            }
            if (n == longest) {
                candidates.add(row);
            }
        }
        return best(candidates);
    }

    /** Variants contradict only when both names carry one and they differ ("instruct" vs "thinking"). */
    private static boolean compatible(ModelName a, ModelName b) {
        return a.variants.isEmpty() || b.variants.isEmpty() || a.variants.equals(b.variants);
    }

    private static Optional<Row> best(List<Row> candidates) {
        return candidates.stream().min(PREFERENCE);
    }

    /**
     * Whether the model came out within the last {@code months} months of {@code today}, both ends inclusive: released
     * on or after {@code today} minus {@code months}. A release date after {@code today} counts as recent, since it
     * means the catalog knows a model the clock does not yet (a wrong clock, or a dated announcement).
     */
    public static boolean recent(ModelFacts facts, LocalDate today, int months) {
        if (months < 0) {
            throw new IllegalArgumentException("months must not be negative: " + months);
        }
        return !facts.released().isBefore(today.minusMonths(months));
    }

    private record Row(ModelFacts facts, ModelName name) {
    }
}
