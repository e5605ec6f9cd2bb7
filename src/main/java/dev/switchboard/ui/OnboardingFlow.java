package dev.switchboard.ui;

import dev.switchboard.catalog.Catalog;
import dev.switchboard.catalog.ModelFacts;
import dev.switchboard.discovery.Detection;
import dev.switchboard.discovery.Detector;
import dev.switchboard.discovery.ModelDiscovery;
import dev.switchboard.discovery.Probe;
import dev.switchboard.store.ApiKey;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.Store;
import dev.switchboard.store.StoreException;
import dev.switchboard.upstream.UpstreamClient;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * "Add a channel" without the display (the onboarding of issue 5): a URL and a key, detection of the API type and
 * base URL with its evidence, the model list with the recent models proposed, and the save of the channel with the
 * chosen models, all or nothing. It calls what {@code channels add} and {@code channels models --add-recent} call,
 * and the admin API's {@code /admin/detect}: {@link Detector}, {@link ModelDiscovery}, {@link Catalog#recent}, the
 * channel and entry stores. The network and store methods are meant to run off the event thread.
 */
final class OnboardingFlow {
    /** Host labels that say nothing about whose service it is: {@code api.openai.com} is "openai". */
    private static final Set<String> GENERIC = Set.of("api", "www", "gateway", "gw", "llm", "ai", "openai-proxy",
            "proxy", "relay");
    private static final Pattern NOT_NAME = Pattern.compile("[^\\p{L}\\p{N} ._@+-]");

    private final Store store;
    private final UpstreamClient upstream;
    private final Catalog catalog;
    private final Clock clock;
    private final Messages text;

    OnboardingFlow(Store store, UpstreamClient upstream, Catalog catalog, Clock clock, Messages text) {
        this.store = store;
        this.upstream = upstream;
        this.catalog = catalog;
        this.clock = clock;
        this.text = text;
    }

    /**
     * One probe as the dialog lists it. The URL never holds the key (keys travel in headers) and is redacted
     * anyway, as the admin API shows it.
     */
    record ProbeLine(String url, String type, String status, String ms, String outcome, boolean good) {
        static ProbeLine of(Probe p) {
            return new ProbeLine(Redaction.redact(p.url()), p.type() == null ? "" : p.type().id(),
                    p.status() == 0 ? "-" : String.valueOf(p.status()), p.millis() + " ms",
                    Redaction.redact(p.outcome()), p.status() / 100 == 2);
        }
    }

    /**
     * What detection found.
     *
     * @param type      the detected type, or null when nothing answered like any API
     * @param given     the URL as pasted
     * @param suggested the corrected base URL (a suggestion: the dialog accepts it by default)
     * @param differs   whether the suggestion reaches other endpoints than the URL as given
     * @param problem   what went wrong in words (key rejected, host unreachable), or null
     */
    record Detected(ApiType type, String given, String suggested, boolean differs, String verdict,
                    List<ProbeLine> probes, List<String> models, String problem) {
        boolean found() {
            return type != null;
        }
    }

    /** A listed model with its catalog facts (null where the catalog does not know it). */
    record ModelChoice(String id, String name, LocalDate released, Integer context, boolean vision, boolean tools,
                       boolean reasoning, boolean proposed) {
        boolean known() {
            return released != null;
        }
    }

    /** A fetched model list: the models with the proposed ones marked, and why, with every probe. */
    record Listing(List<ModelChoice> models, String verdict, List<ProbeLine> probes, String problem, int months) {
        List<String> proposed() {
            return models.stream().filter(ModelChoice::proposed).map(ModelChoice::id).toList();
        }
    }

    /**
     * A name for the channel from the URL's host ({@code https://api.deepseek.com/v1} is {@code deepseek}),
     * made unique among {@code taken} with {@code -2}, {@code -3}…
     */
    static String suggestName(String url, Collection<String> taken) {
        var base = fromHost(url);
        var lower = taken.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        var name = base;
        for (int i = 2; lower.contains(name.toLowerCase(Locale.ROOT)); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    private static String fromHost(String url) {
        String host;
        int port;
        try {
            var v = url == null ? "" : url.strip();
            var uri = URI.create(v.contains("://") ? v : "https://" + v);
            host = uri.getHost();
            port = uri.getPort();
        } catch (IllegalArgumentException e) {
            return "channel";
        }
        if (host == null || host.isBlank()) {
            return "channel";
        }
        host = host.toLowerCase(Locale.ROOT);
        String name;
        if (host.equals("localhost") || host.matches("[0-9.]+") || host.startsWith("[")) {
            // a relay on this machine: the port tells two of them apart
            name = NOT_NAME.matcher(host).replaceAll("") + (port > 0 ? "-" + port : "");
        } else {
            var labels = new ArrayList<>(List.of(host.split("\\.")));
            if (labels.size() > 1) {
                labels.remove(labels.size() - 1); // the top-level domain
            }
            while (labels.size() > 1 && GENERIC.contains(labels.get(0))) {
                labels.remove(0);
            }
            name = labels.get(labels.size() - 1);
        }
        name = NOT_NAME.matcher(name).replaceAll("");
        if (name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0))) {
            return "channel";
        }
        return name.length() > 60 ? name.substring(0, 60) : name;
    }

    /**
     * Probes {@code url} with {@code key} ({@code preferred}, nullable, wins ties), as {@code channels add} without
     * {@code --type} and {@code /admin/detect} do. Nothing is saved.
     */
    Detected detect(String url, String key, ApiType preferred) {
        var k = checkedKey(key);
        if (url == null || url.isBlank()) {
            throw invalid(text.get("channels.add.noUrl"));
        }
        Detection d = new Detector(upstream).detect(url.strip(), k, preferred);
        var probes = d.evidence().stream().map(ProbeLine::of).toList();
        boolean differs = d.type() != null && !Detector.sameEndpoint(d.type(), url.strip(), d.baseUrl());
        String problem = d.type() != null ? null : problem(d.evidence(), d.verdict());
        return new Detected(d.type(), url.strip(), d.baseUrl(), differs, Redaction.redact(d.verdict()), probes,
                d.models(), problem);
    }

    /**
     * The type to save: the person's choice, else the detected one, else Chat Completions (as the CLI saves a
     * channel whose type could not be detected).
     */
    static ApiType typeFor(ApiType chosen, Detected detected) {
        if (chosen != null) {
            return chosen;
        }
        if (detected != null && detected.type() != null) {
            return detected.type();
        }
        return ApiType.OPENAI;
    }

    /** The base URL to save: the suggestion when accepted and there is one, else the URL as given. */
    static String baseFor(Detected detected, boolean accept, String given) {
        if (detected != null && detected.found() && detected.differs() && accept) {
            return detected.suggested();
        }
        return given == null ? "" : given.strip();
    }

    /**
     * Fetches the model list of the channel-to-be (nothing saved) and proposes the models the catalog says were
     * released within the {@code recent-months} setting, as {@code channels models --add-recent} does.
     */
    Listing fetchModels(String name, ApiType type, String baseUrl, String key) {
        var k = checkedKey(key);
        if (baseUrl == null || baseUrl.isBlank()) {
            throw invalid(text.get("channels.add.noUrl"));
        }
        var draft = new Channel(0, name == null || name.isBlank() ? "new" : name.strip(), type, baseUrl.strip(),
                List.of(ApiKey.of(k)), Map.of(), null, Map.of(), true);
        var listing = new ModelDiscovery(upstream).list(draft);
        int months = store.settings().load().recentMonths();
        var today = LocalDate.ofInstant(clock.instant(), ZoneId.systemDefault());
        var models = new ArrayList<ModelChoice>();
        for (var m : listing.models()) {
            models.add(choice(m, catalog.lookup(m).orElse(null), today, months));
        }
        String problem = null;
        if (listing.problem()) {
            problem = problem(listing.evidence(), listing.verdict());
        } else if (listing.models().isEmpty()) {
            problem = text.get("channels.add.noList");
        }
        return new Listing(models, Redaction.redact(listing.verdict()),
                listing.evidence().stream().map(ProbeLine::of).toList(), problem, months);
    }

    /** A model named by hand (for a relay without a list), with catalog facts when the catalog knows it. */
    ModelChoice byHand(String model) {
        var m = model == null ? "" : model.strip();
        if (m.isEmpty()) {
            throw invalid(text.get("channels.add.noModel"));
        }
        var today = LocalDate.ofInstant(clock.instant(), ZoneId.systemDefault());
        var c = choice(m, catalog.lookup(m).orElse(null), today, store.settings().load().recentMonths());
        return new ModelChoice(c.id(), c.name(), c.released(), c.context(), c.vision(), c.tools(), c.reasoning(),
                true);
    }

    private static ModelChoice choice(String id, ModelFacts f, LocalDate today, int months) {
        if (f == null) {
            return new ModelChoice(id, null, null, null, false, false, false, false);
        }
        return new ModelChoice(id, f.name(), f.released(), f.context(), f.input().contains("image"), f.tools(),
                f.reasoning(), Catalog.recent(f, today, months));
    }

    /**
     * Creates the channel and one entry per model (each joining {@code auto}, as the CLI does by default), in one
     * transaction: if an entry cannot be added, nothing is.
     */
    Channel save(ChannelDraft draft, List<String> models) {
        try {
            // ticked and typed by hand may name one model twice: that is one entry, not an error
            return store.channels().createWithModels(draft, List.copyOf(new java.util.LinkedHashSet<>(models)), true);
        } catch (StoreException e) {
            if (models.isEmpty()) {
                throw e;
            }
            throw new StoreException(e.kind(), e.getMessage() + " " + text.get("channels.add.notAdded"), e);
        }
    }

    /** The draft the dialog saves: one key, no headers or proxy yet (Edit adds those). */
    static ChannelDraft draft(String name, ApiType type, String baseUrl, String key) {
        return ChannelDraft.of(name == null ? "" : name.strip(), type, baseUrl == null ? "" : baseUrl.strip(),
                List.of(key == null ? "" : key.strip()));
    }

    private String checkedKey(String key) {
        if (key == null || key.isBlank()) {
            throw invalid(text.get("channels.add.noKey"));
        }
        return ApiKey.of(key).reveal();
    }

    /**
     * Why nothing came, in words: the upstream rejected the key (which host, which status), or a host could not
     * be reached (which one), or the discovery's own verdict.
     */
    String problem(List<Probe> evidence, String verdict) {
        for (var p : evidence) {
            if (p.status() == 401 || p.status() == 403) {
                return text.get("channels.add.keyRejected", host(p), p.status());
            }
        }
        boolean answered = evidence.stream().anyMatch(p -> p.status() != 0);
        if (!answered && !evidence.isEmpty()) {
            var p = evidence.get(0);
            var outcome = p.outcome() == null ? "" : p.outcome();
            if (outcome.startsWith("TLS")) {
                return text.get("channels.add.tls", host(p));
            }
            if (outcome.startsWith("timeout")) {
                return text.get("channels.add.timeout", host(p));
            }
            return text.get("channels.add.unreachable", host(p), Redaction.redact(outcome));
        }
        return Redaction.redact(verdict);
    }

    private static String host(Probe p) {
        try {
            var uri = URI.create(p.url());
            return uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
        } catch (IllegalArgumentException e) {
            return p.url();
        }
    }

    /** A refusal in the store's own kind, so that it reads like the store's refusals wherever it shows. */
    private static StoreException invalid(String message) {
        return new StoreException(StoreException.Kind.INVALID, message);
    }
}
