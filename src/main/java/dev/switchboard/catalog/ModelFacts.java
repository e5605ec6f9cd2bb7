package dev.switchboard.catalog;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Public facts about one model, as one row of the catalog (see {@link Catalog} for the file format).
 *
 * @param id          the provider's own model id, e.g. {@code claude-sonnet-4-5}; unique in a catalog, case-insensitively
 * @param provider    who makes the model, e.g. {@code anthropic}
 * @param name        the display name, e.g. {@code Claude Sonnet 4.5}
 * @param family      the model line it belongs to, e.g. {@code claude-sonnet}; null when unknown
 * @param released    the release date (month-only source dates are the 1st of the month)
 * @param context     the context window in tokens; null when unknown (image models, for one)
 * @param output      the most output tokens per call; null when unknown
 * @param input       input modalities out of text, image, pdf, audio, video
 * @param reasoning   whether it thinks before answering
 * @param tools       whether it takes tool (function) calls
 * @param openWeights whether its weights are public
 * @param openaiReasoning whether it is one of OpenAI's reasoning models (o-series, GPT-5 family), whose Chat
 *                    Completions API wants {@code max_completion_tokens} and refuses {@code max_tokens} and sampling
 *                    parameters: narrower than {@code reasoning}, which Qwen or Claude models are too
 */
public record ModelFacts(String id, String provider, String name, String family, LocalDate released, Integer context,
                         Integer output, List<String> input, boolean reasoning, boolean tools, boolean openWeights,
                         boolean openaiReasoning) {
    public ModelFacts {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(released, "released");
        input = List.copyOf(input);
    }
}
