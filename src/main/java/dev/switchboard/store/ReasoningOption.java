package dev.switchboard.store;

import java.util.Locale;

/**
 * The channel option {@value #NAME}: whether the channel's models are OpenAI reasoning models (o-series, GPT-5
 * family, their Azure deployments), which want {@code max_completion_tokens} and refuse {@code max_tokens} and
 * sampling parameters in a Chat Completions request (docs/CONVERSION.md says what Switchboard writes for them).
 * <ul>
 *   <li>{@code auto} (also when the option is not set): the model catalog decides, model by model
 *       ({@code openaiReasoning});</li>
 *   <li>{@code always}: every model of the channel is one, for deployment names the catalog cannot recognise
 *       ({@code prod-reasoner});</li>
 *   <li>{@code never}: none is, for a relay that rewrites such requests itself or serves other models under
 *       those names.</li>
 * </ul>
 * Channel-wide on purpose: a channel's options are its settings. A mixed Azure resource whose deployment names
 * say nothing gets two channels (the same URL and key), one of them {@code always}.
 */
public enum ReasoningOption {
    AUTO, ALWAYS, NEVER;

    public static final String NAME = "openai-reasoning";

    /** The channel's setting; a value this version does not know (a hand-edited database) counts as auto. */
    public static ReasoningOption of(Channel channel) {
        var value = channel.options().get(NAME);
        if (value == null) {
            return AUTO;
        }
        return switch (value) {
            case "always" -> ALWAYS;
            case "never" -> NEVER;
            default -> AUTO;
        };
    }

    /**
     * The stored form of a value a person gave: a typo is refused rather than read as {@code auto}, since the
     * person would see the upstream's 400 and believe the option had been applied.
     */
    static String normalize(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "auto" -> "auto";
            case "always" -> "always";
            case "never" -> "never";
            default -> throw StoreException.invalid("The value of option " + NAME + " must be auto, always or never,"
                    + " not '" + ControlChars.escape(value) + "'.");
        };
    }
}
