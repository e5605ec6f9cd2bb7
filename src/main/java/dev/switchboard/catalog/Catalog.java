package dev.switchboard.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {"version":1,"models":[
 *   {"id":"claude-sonnet-4-5","provider":"anthropic","name":"Claude Sonnet 4.5","family":"claude-sonnet",
 *    "released":"2025-09-29","context":200000,"output":64000,"input":["text","image","pdf"],
 *    "reasoning":true,"tools":true,"openWeights":false},
 *   ...]}
 * }</pre>
 * <ul>
 *   <li>{@code version}: 1. Required; a different number rejects the file, so a future format is never misread.</li>
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
 * <h2>Override</h2>
 * {@link #load} reads {@code models.json} from the data folder too: a row with the id of a bundled row replaces it,
 * other rows are added. People add a model the day it ships without waiting for a release. A malformed override is
 * ignored as a whole and reported in {@link #notices()}: the gateway must start anyway, and half-applying a file
 * that has a typo in it would be harder to notice than not applying it.
 */
public final class Catalog {
    /** The override's file name in the data folder. */
    public static final String FILE = "models.json";
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
    private final List<String> notices;

    private Catalog(List<ModelFacts> all, List<String> notices) {
        this.all = List.copyOf(all);
        this.rows = this.all.stream().map(f -> new Row(f, ModelName.of(f.id()))).toList();
        this.notices = List.copyOf(notices);
    }

    /** The catalog carried in the jar. */
    public static Catalog bundled() {
        try (InputStream in = Catalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks dev/switchboard/catalog/" + RESOURCE);
            }
            return new Catalog(CatalogFile.read(in), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The bundled catalog, overridden and extended by {@code models.json} in {@code dataFolder} when there is one.
     * Never throws for a bad override: see {@link #notices()}.
     */
    public static Catalog load(Path dataFolder) {
        Catalog bundled = bundled();
        Path file = dataFolder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return bundled;
        }
        List<ModelFacts> extra;
        try (InputStream in = Files.newInputStream(file)) {
            extra = CatalogFile.read(in);
        } catch (IOException | IllegalArgumentException e) {
            String why = e instanceof IOException ? "cannot be read (" + e.getMessage() + ")" : e.getMessage();
            return new Catalog(bundled.all, List.of("Ignoring " + file + ": " + why
                    + ". Using the bundled model catalog; fix the file and restart to apply it."));
        }
        Map<String, ModelFacts> merged = new LinkedHashMap<>();
        for (ModelFacts f : bundled.all) {
            merged.put(f.id().toLowerCase(Locale.ROOT), f);
        }
        int replaced = 0;
        for (ModelFacts f : extra) {
            if (merged.put(f.id().toLowerCase(Locale.ROOT), f) != null) {
                replaced++;
            }
        }
        return new Catalog(new ArrayList<>(merged.values()), List.of("Model catalog: " + file + " replaced "
                + replaced + " and added " + (extra.size() - replaced) + " models."));
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
