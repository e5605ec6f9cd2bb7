package dev.switchboard.ui;

import dev.switchboard.catalog.Catalog;
import dev.switchboard.discovery.Detection;
import dev.switchboard.discovery.Detector;
import dev.switchboard.discovery.ModelDiscovery;
import dev.switchboard.discovery.Onboarding;
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
 * base URL with its evidence, the model list at once with the proposed models ticked, and the save of the channel
 * with the chosen models, all or nothing; and adding models to a channel already saved. It calls what
 * {@code channels add} and {@code channels models --add-recent} call, and the admin API's {@code /admin/detect}:
 * {@link Detector}, {@link ModelDiscovery}, and {@link Onboarding} for every decision (base URL, refusal, ticks), so
 * the window and the CLI cannot disagree. Words come from the bundle, never from discovery's English. The network
 * and store methods are meant to run off the event thread.
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
     * One probe as the dialog lists it, its outcome in the person's language. The URL never holds the key (keys
     * travel in headers) and is redacted anyway, as the admin API shows it.
     */
    record ProbeLine(String url, String type, String status, String ms, String outcome, boolean good) {
    }

    ProbeLine line(Probe p) {
        return new ProbeLine(Redaction.redact(p.url()), p.type() == null ? "" : p.type().id(),
                p.status() == 0 ? "-" : String.valueOf(p.status()), p.millis() + " ms", outcome(p),
                p.status() / 100 == 2);
    }

    /** A probe's outcome in words, from its kind: the English {@link Probe#outcome()} is for the CLI. */
    String outcome(Probe p) {
        return Redaction.redact(text.get("channels.probe.kind." + p.kind().name(), p.detail()));
    }

    /**
     * What detection found.
     *
     * @param type      the detected type, or null when nothing answered like any API
     * @param given     the URL as pasted
     * @param suggested the base URL to save ({@link Onboarding#baseUrl}: the corrected one)
     * @param differs   whether the suggestion reaches other endpoints than the URL as given
     * @param verdict   what was found, in words
     * @param problem   what went wrong in words (key rejected, host unreachable, no API), or null
     * @param refusal   whether saving is refused, and why ({@link Onboarding#verdict})
     * @param listing   the models the detection's list probes found, ticked as {@link Onboarding#picks} says
     */
    record Detected(ApiType type, String given, String suggested, boolean differs, String verdict,
                    List<ProbeLine> probes, List<String> models, String problem, Onboarding.Verdict refusal,
                    Listing listing) {
        boolean found() {
            return type != null;
        }
    }

    /**
     * A listed model with its catalog facts (null where the catalog does not know it), the upstream's own date
     * ({@code listed}, null when none), and whether it starts ticked ({@code proposed}) and why.
     */
    record ModelChoice(String id, String name, LocalDate released, Integer context, boolean vision, boolean tools,
                       boolean reasoning, boolean proposed, Onboarding.Reason reason, LocalDate listed) {
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
     * {@code --type} and {@code /admin/detect} do, and ticks the models its list probes found as
     * {@link Onboarding#picks} says: the window lists them at once, with no second round of probes. Nothing is saved.
     */
    Detected detect(String url, String key, ApiType preferred) {
        var k = checkedKey(key);
        if (url == null || url.isBlank()) {
            throw invalid(text.get("channels.add.noUrl"));
        }
        var given = url.strip();
        Detection d = new Detector(upstream).detect(given, k, preferred);
        var probes = d.evidence().stream().map(this::line).toList();
        var type = d.found() || preferred == null ? d.type() : null;
        var suggested = Onboarding.baseUrl(type, given, d.baseUrl(), false);
        boolean differs = Onboarding.corrects(type, given, d.baseUrl());
        var refusal = Onboarding.verdict(d);
        String problem = d.found() ? null : problem(refusal, d.evidence());
        String verdict = d.found() ? verdict(d, given) : problem;
        int months = store.settings().load().recentMonths();
        var choices = choices(d.models(), d.created(), List.of(), months);
        String listProblem = d.found() && d.models().isEmpty() ? text.get("channels.add.noList") : problem;
        var listing = new Listing(choices, verdict, probes, listProblem, months);
        return new Detected(d.found() ? d.type() : null, given, suggested, differs, Redaction.redact(verdict),
                probes, d.models(), problem, refusal, listing);
    }

    /** Detection's verdict in the person's language, from the probe that decided it. */
    private String verdict(Detection d, String given) {
        var p = d.decisive();
        var sb = new StringBuilder();
        if (p.kind() == Probe.Kind.MODELS) {
            sb.append(text.get("channels.add.verdict.list", d.type().id(), d.baseUrl(), d.models().size(), p.url()));
        } else {
            sb.append(text.get("channels.add.verdict.chat", d.type().id(), d.baseUrl(), p.status(), p.url()));
        }
        if (Onboarding.corrects(d.type(), given, d.baseUrl())) {
            sb.append(' ').append(text.get("channels.add.verdict.suggested", d.baseUrl(), given));
        }
        return sb.toString();
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

    /**
     * The base URL to save: {@link Onboarding}'s (the corrected one) unless the person declined it, else the URL
     * as given.
     */
    static String baseFor(Detected detected, boolean accept, String given) {
        if (detected != null && detected.differs() && accept) {
            return detected.suggested();
        }
        return given == null ? "" : given.strip();
    }

    /**
     * Fetches the model list of the channel-to-be (nothing saved) and ticks models as {@link Onboarding#picks}
     * says, as {@code channels models --add-recent} does.
     */
    Listing fetchModels(String name, ApiType type, String baseUrl, String key) {
        var k = checkedKey(key);
        if (baseUrl == null || baseUrl.isBlank()) {
            throw invalid(text.get("channels.add.noUrl"));
        }
        var draft = new Channel(0, name == null || name.isBlank() ? "new" : name.strip(), type, baseUrl.strip(),
                List.of(ApiKey.of(k)), Map.of(), null, Map.of(), true);
        return listing(draft, List.of());
    }

    /**
     * The model list of a saved channel, its entries ticked (and marked as added) and the rest ticked as
     * {@link Onboarding#picks} says: what Edit channel and the Models tab offer to add.
     */
    Listing modelsOf(Channel channel) {
        var existing = existing(channel);
        return listing(channel, existing);
    }

    private Listing listing(Channel channel, Collection<String> existing) {
        var listing = new ModelDiscovery(upstream).list(channel);
        int months = store.settings().load().recentMonths();
        var models = choices(listing.models(), listing.created(), existing, months);
        String problem = null;
        var refusal = Onboarding.verdict(listing);
        if (refusal.refused() || listing.problem()) {
            problem = problem(refusal, listing.evidence());
        } else if (listing.models().isEmpty()) {
            problem = text.get("channels.add.noList");
        }
        return new Listing(models, Redaction.redact(listing.verdict()),
                listing.evidence().stream().map(this::line).toList(), problem, months);
    }

    private List<ModelChoice> choices(List<String> models, Map<String, java.time.Instant> created,
                                      Collection<String> existing, int months) {
        var today = LocalDate.ofInstant(clock.instant(), ZoneId.systemDefault());
        return Onboarding.picks(models, created, existing, catalog, today, months).stream()
                .map(OnboardingFlow::choice).toList();
    }

    /** The models the channel already has as entries. */
    List<String> existing(Channel channel) {
        return store.entries().list().stream().filter(e -> e.channelId() == channel.id()).map(e -> e.model())
                .toList();
    }

    /**
     * Adds the models the channel does not have yet, each joining {@code auto} (as {@code channels models --add}
     * does); the ones it has are left alone. Returns those added.
     */
    List<String> addModels(Channel channel, List<String> models) {
        var have = new java.util.HashSet<>(existing(channel));
        var added = new ArrayList<String>();
        for (var m : new java.util.LinkedHashSet<>(models)) {
            var model = m.strip();
            if (!model.isEmpty() && have.add(model)) {
                store.entries().add(channel.name(), model, null, true);
                added.add(model);
            }
        }
        return added;
    }

    /** A model named by hand (for a relay without a list), with catalog facts when the catalog knows it. */
    ModelChoice byHand(String model) {
        var m = model == null ? "" : model.strip();
        if (m.isEmpty()) {
            throw invalid(text.get("channels.add.noModel"));
        }
        return choice(Onboarding.byHand(m, catalog));
    }

    private static ModelChoice choice(Onboarding.Pick p) {
        var f = p.facts();
        if (f == null) {
            return new ModelChoice(p.model(), null, null, null, false, false, false, p.ticked(), p.reason(),
                    p.listed());
        }
        return new ModelChoice(p.model(), f.name(), f.released(), f.context(), f.input().contains("image"), f.tools(),
                f.reasoning(), p.ticked(), p.reason(), p.listed());
    }

    /**
     * Creates the channel and one entry per model (each joining {@code auto}, as the CLI does by default), in one
     * transaction: if an entry cannot be added, nothing is.
     */
    Channel save(ChannelDraft draft, List<String> models) {
        if (draft.balanceQuery() == null && draft.baseUrl() != null) {
            // as `channels add`: a known provider's URL brings its balance preset (the editor changes or removes it)
            draft = draft.withBalanceQuery(dev.switchboard.balance.BalancePreset.recognise(draft.baseUrl())
                    .map(dev.switchboard.balance.BalanceQuery::of).orElse(null));
        }
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
     * be reached (which one), or it answered with no API the probes know.
     */
    String problem(Onboarding.Verdict refusal, List<Probe> evidence) {
        if (refusal.refusal() == Onboarding.Refusal.KEY_REJECTED) {
            var p = refusal.probe();
            return text.get("channels.add.keyRejected", host(p), p.status());
        }
        if (refusal.refusal() == Onboarding.Refusal.UNREACHABLE) {
            var p = refusal.probe();
            return switch (p.kind()) {
                case TLS -> text.get("channels.add.tls", host(p));
                case TIMEOUT -> text.get("channels.add.timeout", host(p));
                default -> text.get("channels.add.unreachable", host(p), outcome(p));
            };
        }
        // answered, but nothing useful: name the most telling answer (not a 404 when something else came)
        var best = evidence.stream().filter(p -> p.status() > 0 && p.kind() != Probe.Kind.NOT_FOUND).findFirst()
                .or(() -> evidence.stream().filter(p -> p.status() > 0).findFirst());
        if (best.isEmpty()) {
            return text.get("channels.add.noList");
        }
        var p = best.get();
        return text.get("channels.add.noApi", host(p), p.status(), Redaction.redact(p.url()));
    }

    /** Whether the detection refuses the save: the window asks before saving anyway. */
    String refusalQuestion(Detected d) {
        return d == null || !d.refusal().refused() ? null : text.get("channels.add.saveAnyway", d.problem());
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
