package dev.switchboard.upstream;

import dev.switchboard.catalog.Catalog;
import dev.switchboard.catalog.ModelFacts;
import dev.switchboard.protocol.ModelDialect;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.store.ReasoningOption;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which {@link ModelDialect} an upstream model speaks, per attempt: the one place where the model catalog and a
 * channel's options meet the codecs, so that conversion and passthrough (and the speed test) decide alike.
 * <ul>
 *   <li>only Chat Completions upstreams ({@code openai}, {@code azure}) have a dialect other than the standard one:
 *       the others take the same request from every model;</li>
 *   <li>the channel's {@code openai-reasoning} option ({@link ReasoningOption}) wins: {@code always} for
 *       deployment names the catalog cannot recognise, {@code never} for a relay that mends such requests itself
 *       or serves other models under those names;</li>
 *   <li>otherwise the catalog's {@code openaiReasoning} fact about the model's name; a name the catalog does not
 *       know is standard, since {@code max_tokens} is what every other OpenAI-compatible server takes.</li>
 * </ul>
 * The catalog is the one loaded at start (an override takes a restart, as the catalog says); its fuzzy lookup
 * costs a scan of every row, so each name's answer is kept. The names are the entries' upstream model names, a
 * set the person configured, so the memo stays small.
 */
public final class Dialects {
    private final Catalog catalog;
    private final Map<String, Boolean> reasoningByName = new ConcurrentHashMap<>();

    public Dialects(Catalog catalog) {
        this.catalog = Objects.requireNonNull(catalog);
    }

    /** The dialect of {@code upstreamModel} on {@code channel}. */
    public ModelDialect of(Channel channel, String upstreamModel) {
        if (channel.type() != ApiType.OPENAI && channel.type() != ApiType.AZURE) {
            return ModelDialect.STANDARD;
        }
        boolean reasoning = switch (ReasoningOption.of(channel)) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> reasoningByName.computeIfAbsent(upstreamModel,
                    name -> catalog.lookup(name).map(ModelFacts::openaiReasoning).orElse(false));
        };
        return reasoning ? ModelDialect.OPENAI_REASONING : ModelDialect.STANDARD;
    }
}
