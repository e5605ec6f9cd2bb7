package dev.switchboard.discovery;

import dev.switchboard.store.ApiKey;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.store.HeldSecrets;
import dev.switchboard.upstream.Endpoints;
import dev.switchboard.upstream.UpstreamClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Detects a provider's API type and base URL from a URL and a key, by probing.
 *
 * <p>Every API type is probed with its own auth on its own model-list path, on every candidate base
 * ({@link Bases}). Ranking, best first:
 * <ol>
 *   <li>a model list in the type's own shape (its markers present: many relays answer any auth with one list);</li>
 *   <li>a model list that merely parses;</li>
 *   <li>a one-token chat probe that answered 2xx, then one refused as a bad request (the endpoint exists) —
 *       chat probes run only when no model list answered anywhere, because they may cost a token;</li>
 *   <li>any other HTTP answer (401, 5xx), then a 404;</li>
 *   <li>no answer.</li>
 * </ol>
 * Ties go to the preferred type, then to the API types' order, then to the base as the person gave it.
 * Nothing is saved here: the base URL is a suggestion the caller shows with the evidence.
 */
public final class Detector {
    /** Model names a one-token chat probe asks for; a "no such model" 400 still proves the endpoint exists. */
    private static final Map<ApiType, String> PROBE_MODEL = Map.of(
            ApiType.OPENAI, "gpt-4o-mini",
            ApiType.RESPONSES, "gpt-4o-mini",
            ApiType.ANTHROPIC, "claude-3-5-haiku-latest",
            ApiType.GEMINI, "gemini-2.0-flash",
            ApiType.AZURE, "gpt-4o-mini");
    /**
     * Azure lists deployments only in the older data-plane api-versions; newer ones dropped the operation. The
     * channel's own api-version (Endpoints) is unaffected: this is only for the list.
     */
    static final String AZURE_LIST_VERSION = "2022-12-01";
    /**
     * The key of the made-up channel that only builds a URL: shorter than {@link HeldSecrets#MIN_LENGTH}, so
     * that making it does not register a word ("placeholder") to be masked in every text.
     */
    private static final String UNUSED_KEY = "unused";

    private final Prober prober;

    public Detector(UpstreamClient client) {
        this(client, Duration.ofSeconds(5), Duration.ofSeconds(20), 8);
    }

    /**
     * @param probeTimeout bound of one probe (until its headers, and again for its body)
     * @param overall      bound of one round of probes; a detection has at most two rounds (lists, then chat)
     * @param parallel     probes at once
     */
    public Detector(UpstreamClient client, Duration probeTimeout, Duration overall, int parallel) {
        this.prober = new Prober(client, probeTimeout, overall, parallel);
    }

    /** Detects the type and base of {@code url} with {@code key}; {@code preferred} (nullable) wins ties. */
    public Detection detect(String url, String key, ApiType preferred) {
        return detect(url, key, preferred, Map.of(), null);
    }

    /** As {@link #detect(String, String, ApiType)}, with a channel's extra headers and outbound proxy. */
    public Detection detect(String url, String key, ApiType preferred, Map<String, String> headers, String proxy) {
        var given = Bases.clean(url);
        // Chat Completions and Responses share auth and model list: one set of list probes serves both.
        var bearer = preferred == ApiType.RESPONSES ? ApiType.RESPONSES : ApiType.OPENAI;
        var specs = new ArrayList<Prober.Spec>();
        for (var b : Bases.openAi(url)) {
            specs.add(list(bearer, b, URI.create(b + "/models"), key, headers));
        }
        for (var b : Bases.sites(url)) {
            specs.add(list(ApiType.ANTHROPIC, b, URI.create(b + "/v1/models"), key, headers));
        }
        for (var b : Bases.sites(url)) {
            specs.add(list(ApiType.GEMINI, b, URI.create(b + "/v1beta/models"), key, headers));
        }
        for (var b : Bases.azure(url)) {
            specs.add(list(ApiType.AZURE, b, URI.create(b + "/openai/deployments?api-version=" + AZURE_LIST_VERSION),
                    key, headers));
        }
        var results = new ArrayList<>(prober.run(specs, proxy));
        boolean anyList = results.stream().anyMatch(r -> r.list() != null);
        boolean anyAnswer = results.stream().anyMatch(Prober.Result::answered);
        if (!anyList && anyAnswer) {
            // Some host answered but none listed models (relays often have no list): a generation call decides.
            results.addAll(prober.run(chatSpecs(url, key, headers), proxy));
        }
        var order = new ArrayList<>(results);
        order.sort(Comparator.comparingInt((Prober.Result r) -> -score(r))
                .thenComparing(r -> r.spec().type() == preferred ? 0 : 1)
                .thenComparing(r -> r.spec().type().ordinal())
                .thenComparingInt(results::indexOf));
        var best = order.get(0);
        var evidence = results.stream().map(Prober.Result::probe).toList();
        int top = score(best);
        if (top >= 30) {
            var type = best.spec().type();
            var models = new LinkedHashSet<String>();
            var created = new java.util.HashMap<String, java.time.Instant>();
            results.stream().filter(r -> r.spec().type() == type && r.list() != null).forEach(r -> {
                models.addAll(r.list().ids());
                r.list().created().forEach(created::putIfAbsent);
            });
            return new Detection(type, best.spec().base(), new ArrayList<>(models), evidence,
                    verdict(best, models.size(), url.strip()), best.probe(), created);
        }
        var why = Prober.whyNothing(results);
        if (why == null) {
            why = "no API found: " + URI.create(given).getHost() + " answered, but with no model list and no chat"
                    + " endpoint for any API type (best: HTTP " + best.probe().status() + " at "
                    + best.probe().url() + ").";
        }
        return new Detection(preferred, given, List.of(), evidence,
                why + (preferred == null ? " The API type could not be detected." : ""), null, Map.of());
    }

    private static String verdict(Prober.Result best, int models, String given) {
        var s = best.spec();
        var sb = new StringBuilder("Detected ").append(s.type()).append(" at ").append(s.base()).append(": ");
        if (best.list() != null) {
            sb.append("its model list answered with ").append(models).append(models == 1 ? " model" : " models")
                    .append(" (").append(best.probe().url()).append(").");
        } else {
            sb.append("no model list anywhere, but a one-token chat probe answered HTTP ")
                    .append(best.probe().status()).append(" (").append(best.probe().url())
                    .append("); add models by hand.");
        }
        if (!sameEndpoint(s.type(), s.base(), given)) {
            sb.append(" Suggested base URL: ").append(s.base()).append(" (given: ").append(given).append(").");
        }
        return sb.toString();
    }

    /**
     * True when two bases reach the same endpoints for {@code type}: Endpoints accepts an Anthropic or Gemini base
     * with or without its version segment, so suggesting the other spelling would be noise, not a correction.
     */
    public static boolean sameEndpoint(ApiType type, String a, String b) {
        return generate(type, a).equals(generate(type, b));
    }

    private static URI generate(ApiType type, String base) {
        var v = base.strip();
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        var channel = new Channel(0, "x", type, v, List.of(ApiKey.of(UNUSED_KEY)), Map.of(), null, Map.of(), true);
        return Endpoints.generate(channel, "m", false);
    }

    /** The rank of a result; see the class comment. */
    static int score(Prober.Result r) {
        int status = r.probe().status();
        if (r.list() != null) {
            return r.list().exact() ? 60 : 50;
        }
        if (r.spec().chat() && status / 100 == 2) {
            return 40;
        }
        if (r.spec().chat() && (status == 400 || status == 422)) {
            return 30;
        }
        if (status == 0) {
            return 0;
        }
        return status == 404 || status == 405 ? 10 : 20;
    }

    private static Prober.Spec list(ApiType type, String base, URI uri, String key, Map<String, String> headers) {
        return new Prober.Spec(type, base, uri, "GET", null, withAuth(type, key, headers), false);
    }

    private List<Prober.Spec> chatSpecs(String url, String key, Map<String, String> headers) {
        var out = new ArrayList<Prober.Spec>();
        for (var type : ApiType.values()) {
            var bases = switch (type) {
                case OPENAI, RESPONSES -> Bases.openAi(url);
                case ANTHROPIC, GEMINI -> Bases.sites(url);
                case AZURE -> Bases.azure(url);
            };
            for (var b : bases) {
                // Endpoints builds the URL, so a detected base is exactly what a channel of that type would use.
                var channel = new Channel(0, "probe", type, b, List.of(ApiKey.of(key)), Map.of(), null, Map.of(), true);
                var h = withAuth(type, key, headers);
                h.put("Content-Type", "application/json");
                out.add(new Prober.Spec(type, b, Endpoints.generate(channel, PROBE_MODEL.get(type), false), "POST",
                        chatBody(type).getBytes(StandardCharsets.UTF_8), h, true));
            }
        }
        return out;
    }

    private static String chatBody(ApiType type) {
        var model = PROBE_MODEL.get(type);
        return switch (type) {
            case OPENAI, AZURE -> "{\"model\":\"" + model + "\",\"max_tokens\":1,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            // the Responses API refuses max_output_tokens below 16
            case RESPONSES -> "{\"model\":\"" + model + "\",\"max_output_tokens\":16,\"input\":\"hi\"}";
            case ANTHROPIC -> "{\"model\":\"" + model + "\",\"max_tokens\":1,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            case GEMINI -> "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],"
                    + "\"generationConfig\":{\"maxOutputTokens\":1}}";
        };
    }

    static Map<String, String> withAuth(ApiType type, String key, Map<String, String> headers) {
        var h = new LinkedHashMap<String, String>(headers);
        h.putAll(Endpoints.auth(type, key));
        return h;
    }
}
