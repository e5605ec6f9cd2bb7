package dev.switchboard.discovery;

import dev.switchboard.store.ApiType;
import java.util.List;

/**
 * What {@link Detector#detect} found.
 *
 * @param type     the detected API type; null when nothing gave positive evidence for any type (no model list,
 *                 no chat endpoint) and no type was preferred
 * @param baseUrl  the corrected base URL in {@code Endpoints}' convention for {@code type}: a suggestion, never
 *                 applied by the detector itself; the cleaned URL as given when nothing better was found
 * @param models   model ids of {@code type}, merged over every base that listed them, de-duplicated
 * @param evidence every probe, in the order they were planned
 * @param verdict  one or two sentences saying what was found and why
 */
public record Detection(ApiType type, String baseUrl, List<String> models, List<Probe> evidence, String verdict) {
    public Detection {
        models = List.copyOf(models);
        evidence = List.copyOf(evidence);
    }
}
