package dev.switchboard.discovery;

import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.upstream.UpstreamClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A channel's model list: its type's list path on every candidate base ({@link Bases}), merged over every base
 * that answered with a list, de-duplicated in order of first appearance. Relays differ in where they keep the
 * list (and some keep part of it in each place), so one base is not enough. A relay with no list gives an empty
 * result and a verdict saying so: its models are then added by hand.
 */
public final class ModelDiscovery {
    /**
     * What a fetch found, with every probe as evidence.
     *
     * @param problem true when no list came because of a problem (key rejected, unreachable, TLS, timeout), not
     *                because the upstream publishes none
     */
    public record Listing(List<String> models, List<Probe> evidence, String verdict, boolean problem,
                          Map<String, Instant> created) {
        public Listing {
            models = List.copyOf(models);
            evidence = List.copyOf(evidence);
            created = Map.copyOf(created);
        }
    }

    private final Prober prober;

    public ModelDiscovery(UpstreamClient client) {
        this(client, Duration.ofSeconds(5), Duration.ofSeconds(20), 8);
    }

    public ModelDiscovery(UpstreamClient client, Duration probeTimeout, Duration overall, int parallel) {
        this.prober = new Prober(client, probeTimeout, overall, parallel);
    }

    /** The channel's model ids, de-duplicated; empty when no list answered. */
    public List<String> fetch(Channel channel) {
        return list(channel).models();
    }

    public Listing list(Channel channel) {
        var type = channel.type();
        var key = channel.keys().get(0).reveal();
        var url = channel.baseUrl();
        var specs = new ArrayList<Prober.Spec>();
        switch (type) {
            case OPENAI, RESPONSES -> Bases.openAi(url).forEach(b -> specs.add(spec(channel, b, b + "/models", key)));
            case ANTHROPIC -> Bases.sites(url).forEach(b -> specs.add(spec(channel, b, b + "/v1/models", key)));
            case GEMINI -> Bases.sites(url).forEach(b -> specs.add(spec(channel, b, b + "/v1beta/models", key)));
            case AZURE -> Bases.azure(url).forEach(b -> specs.add(spec(channel, b,
                    b + "/openai/deployments?api-version=" + Detector.AZURE_LIST_VERSION, key)));
        }
        var results = prober.run(specs, channel.proxy());
        var models = new LinkedHashSet<String>();
        var created = new HashMap<String, Instant>();
        var from = new ArrayList<String>();
        for (var r : results) {
            if (r.list() != null) {
                models.addAll(r.list().ids());
                r.list().created().forEach(created::putIfAbsent);
                from.add(r.probe().url());
            }
        }
        var evidence = results.stream().map(Prober.Result::probe).toList();
        if (!from.isEmpty()) {
            return new Listing(new ArrayList<>(models), evidence, models.size() + (models.size() == 1 ? " model" : " models")
                    + " from " + String.join(", ", from) + ".", false, created);
        }
        var why = Prober.whyNothing(results);
        return new Listing(List.of(), evidence, why != null ? why
                : "no model list: " + URI.create(Bases.clean(url)).getHost() + " publishes none for " + type
                        + "; add its models by hand.", why != null, Map.of());
    }

    private static Prober.Spec spec(Channel c, String base, String uri, String key) {
        return new Prober.Spec(c.type(), base, URI.create(uri), "GET", null,
                Detector.withAuth(c.type() == ApiType.RESPONSES ? ApiType.OPENAI : c.type(), key, c.headers()), false);
    }
}
