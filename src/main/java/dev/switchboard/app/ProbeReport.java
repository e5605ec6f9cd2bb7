package dev.switchboard.app;

import dev.switchboard.discovery.Probe;
import dev.switchboard.store.ApiKey;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.upstream.Endpoints;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** How the CLI shows probes: the evidence behind a detection or a model list. */
final class ProbeReport {
    /** Lists longer than this are cut in the CLI's summary line; `channels models` prints them all. */
    static final int SHOWN_MODELS = 20;

    private ProbeReport() {
    }

    static void evidence(PrintWriter out, List<Probe> probes) {
        var table = new Table("TYPE", "URL", "STATUS", "MS", "OUTCOME");
        // URLs come redacted from discovery; the key never travels in them (auth is in headers)
        probes.forEach(p -> table.row(p.type(), p.url(), p.status() == 0 ? "-" : p.status(), p.millis(), p.outcome()));
        table.print(out);
    }

    static String models(List<String> models) {
        if (models.size() <= SHOWN_MODELS) {
            return String.join(", ", models);
        }
        return String.join(", ", models.subList(0, SHOWN_MODELS)) + " and " + (models.size() - SHOWN_MODELS)
                + " more";
    }

    /**
     * True when two bases reach the same endpoint for {@code type}: Endpoints accepts an Anthropic base with or
     * without /v1, so suggesting the other spelling would be noise.
     */
    static boolean sameEndpoint(ApiType type, String a, String b, String key) {
        return Endpoints.generate(channel(type, a, key), "m", false)
                .equals(Endpoints.generate(channel(type, b, key), "m", false));
    }

    private static Channel channel(ApiType type, String base, String key) {
        return new Channel(0, "x", type, base, List.of(ApiKey.of(key)), Map.of(), null, Map.of(), true);
    }
}
