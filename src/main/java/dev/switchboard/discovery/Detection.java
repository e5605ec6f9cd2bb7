package dev.switchboard.discovery;

import dev.switchboard.store.ApiType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@link Detector#detect} found.
 *
 * @param type     the detected API type; null when nothing gave positive evidence for any type (no model list,
 *                 no chat endpoint) and no type was preferred
 * @param baseUrl  the corrected base URL in {@code Endpoints}' convention for {@code type}: a suggestion, never
 *                 applied by the detector itself; the cleaned URL as given when nothing better was found
 * @param models   model ids of {@code type}, merged over every base that listed them, de-duplicated
 * @param evidence every probe, in the order they were planned
 * @param verdict  one or two sentences in English saying what was found and why (the CLI and the admin API show it)
 * @param decisive the probe that decided the type, null when none did: with {@code type}, {@code baseUrl} and
 *                 the evidence it is everything the verdict says, for a window that says it in another language
 * @param created  when the upstream says each listed model was created, where its list says so ({@code created},
 *                 {@code created_at}); models without a date are absent
 */
public record Detection(ApiType type, String baseUrl, List<String> models, List<Probe> evidence, String verdict,
                        Probe decisive, Map<String, Instant> created) {
    public Detection {
        models = List.copyOf(models);
        evidence = List.copyOf(evidence);
        created = Map.copyOf(created);
    }

    /** Whether a probe gave positive evidence for {@link #type} (a list, or a chat endpoint). */
    public boolean found() {
        return decisive != null;
    }
}
