package dev.switchboard.app;

import dev.switchboard.catalog.Catalog;
import dev.switchboard.discovery.Detector;
import dev.switchboard.discovery.ModelDiscovery;
import dev.switchboard.discovery.Onboarding;
import dev.switchboard.json.Mappers;
import dev.switchboard.store.ApiKey;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.ChannelPatch;
import dev.switchboard.store.Entry;
import dev.switchboard.store.MissingSecrets;
import dev.switchboard.store.Store;
import dev.switchboard.store.StoreException;
import dev.switchboard.upstream.UpstreamClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.switchboard.balance.BalancePreset;
import dev.switchboard.balance.BalanceQuery;
import dev.switchboard.discovery.BalanceCheck;
import dev.switchboard.store.BalanceView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code switchboard channels …}: upstream accounts.
 *
 * <p>Scope INHERIT gives its subcommands (the methods below) --help and --version too.
 */
@Command(name = "channels", description = "Add, list, edit and remove channels (upstream accounts).",
        mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = RootCommand.VersionProvider.class)
final class ChannelsCommand {
    @ParentCommand
    RootCommand root;

    @Command(name = "add", description = {"Add a channel.",
            "Without --type, the API type is detected by probing the URL with the key: the verdict and every probe"
                    + " are shown, and the detected type and the corrected base URL are saved (--keep-url keeps the"
                    + " URL as given). With --type, its model list is fetched.",
            "A key the upstream rejects, or a host that cannot be reached, is not saved (exit code 1) unless"
                    + " --force.",
            "Keys given as `-` are read from standard input, one per line, so they stay out of shell history."})
    int add(@Parameters(paramLabel = "NAME", description = "A name for this channel, e.g. my-relay.") String name,
            @Option(names = {"-u", "--url"}, required = true, paramLabel = "URL",
                    description = "Base URL, e.g. https://api.openai.com/v1.") String url,
            @Option(names = {"-k", "--key"}, required = true, paramLabel = "KEY",
                    description = "API key; repeat for several (rotated on failures); `-` reads standard input.")
            List<String> keys,
            @Option(names = {"-t", "--type"}, paramLabel = "TYPE",
                    description = "API type: openai, responses, anthropic, gemini, azure (default: detected).")
            String type,
            @Option(names = "--keep-url",
                    description = "Save the URL as given, not the corrected base URL that detection found.")
            boolean keepUrl,
            @Option(names = {"--accept", "--yes", "-y"}, hidden = true,
                    description = "No longer needed: the corrected base URL is saved by default.")
            boolean accept,
            @Option(names = "--force",
                    description = "Save even when the upstream rejects the key or cannot be reached.") boolean force,
            @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'",
                    description = "Extra header sent upstream with every request; repeatable.") List<String> headers,
            @Option(names = "--proxy", paramLabel = "URL",
                    description = "Outbound proxy for this channel: http://host:port or socks5://host:port.") String proxy,
            @Option(names = "--option", paramLabel = "KEY=VALUE",
                    description = "Per-type option, e.g. api-version=2024-10-21 for azure, or"
                            + " openai-reasoning=auto|always|never (OpenAI reasoning models: see the README);"
                            + " repeatable.") List<String> options,
            @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
                    description = "Also add this model as an entry (joins `auto`); repeatable.") List<String> models,
            @Option(names = "--disabled", description = "Add it switched off.") boolean disabled,
            @Mixin BalanceOptions balance) {
        if (accept && keepUrl) {
            throw new Main.UsageException("--accept and --keep-url contradict each other; give --keep-url alone to"
                    + " keep the URL as given (the corrected one is saved by default).");
        }
        var given = type == null ? null : ApiType.of(type);
        var draft = new ChannelDraft(name, given == null ? ApiType.OPENAI : given, url, readKeys(keys),
                parseHeaders(headers), proxy, parseOptions(options), !disabled)
                .withBalanceQuery(newQuery(balance.edit(), url));
        try (var store = root.openStore()) {
            // Checked before any network call: a typo in the name or URL is refused at once, and a probe that
            // refuses the channel leaves nothing behind, since nothing was written.
            var checked = store.channels().check(draft);
            var out = root.env.out();
            Planned plan;
            try (var upstream = UpstreamClient.create()) {
                plan = given == null ? detect(checked, keepUrl, new Detector(upstream))
                        : listed(checked, new ModelDiscovery(upstream));
            }
            if (plan.verdict.refused() && !force) {
                out.flush();
                throw new IllegalStateException(refusal(plan.verdict, checked.name()));
            }
            var toSave = checked.withType(plan.type).withBaseUrl(plan.baseUrl);
            var created = models == null || models.isEmpty()
                    ? store.channels().create(toSave)
                    : createWithModels(store, toSave, models);
            out.println("Added channel '" + created.name() + "' (" + created.type() + ", " + created.baseUrl() + ", "
                    + created.keys().size() + (created.keys().size() == 1 ? " key: " : " keys: ") + Views.keys(created)
                    + (created.enabled() ? "" : ", disabled") + ")."
                    + (plan.verdict.refused() ? " Saved with --force although " + refusedWhy(plan.verdict) + "." : ""));
            if (created.balanceQuery() != null) {
                out.println("Balance: " + created.balanceQuery().preset().title()
                        + (balance.edit() == null ? " (known from the URL; --balance none to go without)" : "")
                        + "; check it with `" + root.hint("channels balance %s", created.name()) + "`.");
            }
            var listed = plan.models;
            if (models != null && !models.isEmpty()) {
                out.println("Added " + models.size() + (models.size() == 1 ? " model" : " models") + " to `auto`: "
                        + String.join(", ", models) + ".");
            } else if (!listed.isEmpty()) {
                out.println("It lists " + listed.size() + (listed.size() == 1 ? " model: " : " models: ")
                        + ProbeReport.models(listed) + ".");
                var picks = picks(store, plan);
                int ticked = Onboarding.ticked(picks).size();
                out.println("Next: add " + (ticked == 0 ? "them" : "the " + ticked + " proposed (recent) ones with `"
                        + root.hint("channels models %s --add-recent", created.name()) + "`, all of them") + " with `"
                        + root.hint("channels models %s --add", created.name()) + "`, or some with `"
                        + root.hint("entries add %s <model>", created.name()) + "`; `"
                        + root.hint("channels models %s", created.name()) + "` shows which are proposed.");
            } else {
                out.println("Next: add its models, e.g. `" + root.hint("entries add %s <model>", created.name()) + "`.");
            }
            return Main.OK;
        }
    }

    /**
     * The balance query of a new channel: as the options say, else the preset its URL's host is known for (none for
     * a relay of another host).
     */
    private static BalanceQuery newQuery(BalanceQuery.Edit edit, String url) {
        if (edit == null) {
            return BalancePreset.recognise(url).map(BalanceQuery::of).orElse(null);
        }
        try {
            return edit.apply(null, url);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--balance: " + e.getMessage());
        }
    }

    /** What probing decided: the type and base URL to save, the models listed, and whether saving is refused. */
    private record Planned(ApiType type, String baseUrl, List<String> models, Map<String, java.time.Instant> created,
                           Onboarding.Verdict verdict) {
    }

    /**
     * Detects the type and base of the channel-to-be and shows why; the base saved is {@link Onboarding}'s: the
     * corrected one unless the person keeps theirs.
     */
    private Planned detect(ChannelDraft draft, boolean keepUrl, Detector detector) {
        var out = root.env.out();
        var key = draft.keys().get(0);
        out.println("Detecting the API type of " + draft.baseUrl() + " …");
        var d = detector.detect(draft.baseUrl(), key, null, draft.headers(), draft.proxy());
        out.println(d.verdict());
        ProbeReport.evidence(out, d.evidence());
        var verdict = Onboarding.verdict(d);
        var base = Onboarding.baseUrl(d.type(), draft.baseUrl(), d.baseUrl(), keepUrl);
        if (d.type() == null) {
            if (!verdict.refused()) {
                out.println("Could not detect the API type: saved as " + draft.type() + ". If that is wrong:"
                        + " `" + root.hint("channels edit %s --type TYPE", draft.name()) + "`.");
            }
            out.flush();
            return new Planned(draft.type(), base, List.of(), Map.of(), verdict);
        }
        boolean corrects = Onboarding.corrects(d.type(), draft.baseUrl(), d.baseUrl());
        if (corrects && !keepUrl) {
            out.println("Saved the corrected base URL " + base + " (given: " + draft.baseUrl() + "); --keep-url keeps"
                    + " the URL as given.");
        } else if (keepUrl && !Detector.sameEndpoint(d.type(), draft.baseUrl(), d.baseUrl())) {
            out.println("Suggested base URL: " + d.baseUrl() + " (kept as given with --keep-url: " + draft.baseUrl()
                    + "). Use it: `" + root.hint("channels edit %s --url %s", draft.name(), d.baseUrl()) + "`.");
        }
        out.flush();
        return new Planned(d.type(), base, d.models(), d.created(), verdict);
    }

    /** With a type given: only its model list is fetched, and its probes say whether the key and host work. */
    private Planned listed(ChannelDraft draft, ModelDiscovery discovery) {
        var out = root.env.out();
        var probe = new Channel(0, draft.name(), draft.type(), draft.baseUrl(),
                draft.keys().stream().map(ApiKey::of).toList(), draft.headers(), draft.proxy(), draft.options(), true);
        var listing = discovery.list(probe);
        out.println("Model list: " + listing.verdict());
        var verdict = Onboarding.verdict(listing);
        if (verdict.refused()) {
            ProbeReport.evidence(out, listing.evidence());
        }
        out.flush();
        return new Planned(draft.type(), draft.baseUrl(), listing.models(), listing.created(), verdict);
    }

    private List<Onboarding.Pick> picks(Store store, Planned plan) {
        var catalog = Catalog.load(store.database().file().getParent());
        var today = java.time.LocalDate.ofInstant(root.env.clock().instant(), java.time.ZoneId.systemDefault());
        return Onboarding.picks(plan.models, plan.created, List.of(), catalog, today,
                store.settings().load().recentMonths());
    }

    /** Why a channel was not added, and what to do: fix the cause, or add it anyway. */
    private static String refusal(Onboarding.Verdict v, String name) {
        var todo = v.refusal() == Onboarding.Refusal.KEY_REJECTED
                ? " Check the key (and that it is for this provider), then run the command again"
                : " Check the URL, your network and --proxy, then run the command again";
        return "Channel '" + name + "' was not added: " + refusedWhy(v) + "." + todo
                + "; to add it anyway, run it with --force.";
    }

    private static String refusedWhy(Onboarding.Verdict v) {
        var p = v.probe();
        var host = java.net.URI.create(p.url()).getHost();
        return v.refusal() == Onboarding.Refusal.KEY_REJECTED
                ? "the upstream rejected the key (" + host + " answered HTTP " + p.status() + ")"
                : host + " could not be reached (" + p.outcome() + ")";
    }

    @Command(name = "models", description = {"Fetch a channel's model list from its upstream (every base that"
            + " answers, merged).", "With --add, add them all as entries, or the models named after --add (for a"
            + " relay with no list)."})
    int models(@Parameters(paramLabel = "NAME",
                    description = "The channel's name (see `channels list`).") String name,
               @Option(names = "--add", arity = "0..*", paramLabel = "MODEL",
                       description = "Add these models as entries; without names, every listed model not yet added.")
               List<String> add,
               @Option(names = "--add-recent", description = "Add the proposed models: those released within the"
                       + " `recent-months` setting (default 6) by the catalog's dates, else by the upstream's own,"
                       + " and chat models new to the catalog when the upstream dates none.") boolean addRecent,
               @Option(names = "--no-auto", description = "Added models do not join `auto`.") boolean noAuto,
               @Option(names = "--evidence", description = "Also show every probe.") boolean evidence) {
        try (var store = root.openStore()) {
            var channel = store.channels().get(name);
            var out = root.env.out();
            var existing = new java.util.HashSet<String>();
            store.entries().list().stream().filter(e -> e.channelId() == channel.id())
                    .forEach(e -> existing.add(e.model()));
            if (add != null && !add.isEmpty()) {
                // named by hand: a relay without a list is the reason this exists, so no fetch is needed
                return addModels(store, channel, add, existing, !noAuto);
            }
            ModelDiscovery.Listing listing;
            try (var upstream = UpstreamClient.create()) {
                listing = new ModelDiscovery(upstream).list(channel);
            }
            out.println(listing.verdict());
            if (evidence || listing.models().isEmpty()) {
                ProbeReport.evidence(out, listing.evidence());
            }
            var catalog = Catalog.load(store.database().file().getParent());
            int months = store.settings().load().recentMonths();
            var today = java.time.LocalDate.ofInstant(root.env.clock().instant(), java.time.ZoneId.systemDefault());
            // Pre-selection is Onboarding's, as in the window: recent by the catalog, else by the upstream's own
            // dates, else new to the catalog; plus those already configured.
            var picks = Onboarding.picks(listing.models(), listing.created(), existing, catalog, today, months);
            var proposed = Onboarding.ticked(picks);
            if (addRecent) {
                if (proposed.isEmpty()) {
                    out.println("No listed model is proposed (none released in the last " + months + " months by"
                            + " the catalog's or the upstream's dates); add models by name with --add MODEL.");
                    return Main.OK;
                }
                return addModels(store, channel, proposed, existing, !noAuto);
            }
            if (add != null) {
                if (listing.models().isEmpty()) {
                    out.flush();
                    throw new StoreException(StoreException.Kind.NOT_FOUND, "No models to add: " + listing.verdict()
                            + " Name them instead: `" + root.hint("channels models %s --add MODEL", channel.name()) + "`.");
                }
                return addModels(store, channel, listing.models(), existing, !noAuto);
            }
            for (var p : picks) {
                var m = p.model();
                var mark = existing.contains(m) ? "* " : p.ticked() ? "+ " : "  ";
                var f = p.facts();
                var facts = f != null ? "  (" + f.name() + ", " + f.released()
                        + (f.context() == null ? "" : ", " + f.context() / 1000 + "k context") + ")"
                        : p.listed() != null ? "  (not in the catalog; the upstream dates it " + p.listed() + ")"
                        : p.reason() == Onboarding.Reason.NEW_TO_CATALOG ? "  (new to the catalog)" : "";
                out.println(mark + Views.text(m) + facts); // an upstream's names
            }
            if (!listing.models().isEmpty()) {
                out.println("(* = already an entry, + = proposed: released in the last " + months + " months by the"
                        + " catalog's or the upstream's dates, or new to the catalog.)"
                        + " Add the proposed ones: `" + root.hint("channels models %s --add-recent", channel.name()) + "`;"
                        + " all of them: `--add`.");
            }
            out.flush();
            return listing.models().isEmpty() && listing.problem() ? Main.FAILURE : Main.OK;
        }
    }

    private int addModels(Store store, Channel channel, List<String> models, java.util.Set<String> existing,
                          boolean joinAuto) {
        var added = new ArrayList<String>();
        for (var m : new java.util.LinkedHashSet<>(models)) {
            if (!existing.contains(m.strip())) {
                store.entries().add(channel.name(), m, null, joinAuto);
                added.add(m.strip());
            }
        }
        var out = root.env.out();
        int skipped = new java.util.LinkedHashSet<>(models).size() - added.size();
        out.println("Added " + added.size() + (added.size() == 1 ? " model" : " models") + " to '" + channel.name()
                + "'" + (joinAuto && !added.isEmpty() ? " and `auto`" : "") + (added.isEmpty() ? "" : ": "
                + ProbeReport.models(added)) + "." + (skipped > 0 ? " " + skipped + " already there." : ""));
        return Main.OK;
    }

    /** Channel and entries land together or not at all: a bad model name leaves no half-made channel. */
    private static Channel createWithModels(Store store, ChannelDraft draft, List<String> models) {
        try {
            return store.channels().createWithModels(draft, models, true);
        } catch (StoreException e) {
            if (models.isEmpty()) {
                throw e;
            }
            throw new StoreException(e.kind(), e.getMessage() + " The channel was not added; fix that and run"
                    + " the command again.", e);
        }
    }

    @Command(name = "list", description = "List channels (keys masked).")
    int list(@Option(names = "--json", description = "Print JSON.") boolean json) {
        try (var store = root.openStore()) {
            var channels = store.channels().list();
            var counts = entryCounts(store.entries().list());
            var out = root.env.out();
            if (json) {
                var arr = Mappers.PRETTY.createArrayNode();
                var settings = store.settings().load();
                channels.forEach(c -> arr.add(Views.channelJson(c, counts.getOrDefault(c.id(), 0L), settings)));
                Json.print(out, arr);
                return Main.OK;
            }
            if (channels.isEmpty()) {
                out.println("No channels yet. Add one: " + root.hint("channels add <name> --url <base-URL> --key -"));
                return Main.OK;
            }
            var settings = store.settings().load();
            var table = new Table("NAME", "TYPE", "BASE URL", "KEYS", "MODELS", "ENABLED", "PROXY", "BALANCE");
            for (var c : channels) {
                table.row(c.name(), c.type(), c.baseUrl(), Views.keys(c), counts.getOrDefault(c.id(), 0L),
                        Views.state(c), Views.proxy(c.proxy()), Views.balanceCell(c, settings));
            }
            table.print(out);
            needsKeys(channels.stream().filter(Channel::needsKey).map(Channel::name).toList());
            channels.stream().filter(c -> c.needsSecrets() && !c.needsKey()).forEach(this::needsSecrets);
            return Main.OK;
        }
    }

    @Command(name = "show", description = "Show one channel in full (keys masked).")
    int show(@Parameters(paramLabel = "NAME",
                    description = "The channel's name (see `channels list`).") String name,
             @Option(names = "--json", description = "Print JSON.") boolean json) {
        try (var store = root.openStore()) {
            var c = store.channels().get(name);
            var entries = store.entries().list().stream().filter(e -> e.channelId() == c.id()).toList();
            var out = root.env.out();
            if (json) {
                var node = Views.channelJson(c, entries.size(), store.settings().load());
                var models = node.putArray("models");
                entries.forEach(e -> models.add(e.model()));
                Json.print(out, node);
                return Main.OK;
            }
            // one field a line: what the database holds is escaped so that it cannot forge a line of its own
            out.println("name:     " + Views.text(c.name()));
            out.println("type:     " + c.type());
            out.println("base URL: " + Views.text(c.baseUrl()));
            out.println("keys:     " + Views.keys(c));
            out.println("enabled:  " + Views.state(c));
            out.println("proxy:    " + (c.proxy() == null ? "-" : Views.text(Views.proxy(c.proxy()))));
            Views.headers(c).forEach((k, v) -> out.println("header:   " + Views.text(k) + ": " + Views.text(v)));
            c.withheldHeaders().forEach(h -> out.println("header:   " + Views.text(h) + ": (value needed)"));
            c.options().forEach((k, v) -> out.println("option:   " + Views.text(k) + "=" + Views.text(v)));
            out.println("models:   " + Views.join(entries.stream().map(Entry::model).toList()));
            if (c.balanceQuery() != null) {
                out.println("balance:  " + Views.text(queryLine(c.balanceQuery())));
                out.println("          " + Views.text(BalanceView.text(c, store.settings().load()))
                        + (c.balance() == null ? "" : " (" + BalanceView.state(c, store.settings().load()) + ", checked "
                        + c.balance().checkedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")"));
            }
            if (c.needsSecrets()) {
                needsSecrets(c);
            }
            out.flush();
            return Main.OK;
        }
    }

    /** What one channel imported from a keyless export still lacks, and the command that gives it. */
    private void needsSecrets(Channel c) {
        var out = root.env.out();
        Text.wrap("'" + c.name() + "' was imported without " + MissingSecrets.sentence(c.missingSecrets())
                + " and stays disabled until given " + (c.missingSecrets().size() == 1 ? "it" : "them") + ":",
                Text.WIDTH).forEach(out::println);
        // the command on a line of its own, unbroken, so that it can be copied whole
        out.println("  " + root.hint("channels edit %s" + c.completeOptions().replace("%", "%%"), c.name()));
    }

    /** How to complete channels imported without keys. */
    private void needsKeys(List<String> names) {
        if (!names.isEmpty()) {
            var hint = names.size() == 1 ? root.hint("channels edit %s --key -", names.get(0))
                    : root.hint("channels edit <name> --key -");
            Text.wrap((names.size() == 1 ? "'" + names.get(0) + "' was" : names.size() + " channels were")
                    + " imported without keys and stay disabled until given one: " + hint, Text.WIDTH)
                    .forEach(root.env.out()::println);
        }
    }

    @Command(name = "edit", description = "Change a channel; only the options given change.")
    int edit(@Parameters(paramLabel = "NAME",
                    description = "The channel's name (see `channels list`).") String name,
             @Option(names = "--name", paramLabel = "NEW_NAME", description = "Rename it.") String newName,
             @Option(names = {"-u", "--url"}, paramLabel = "URL", description = "New base URL.") String url,
             @Option(names = {"-t", "--type"}, paramLabel = "TYPE", description = "New API type.") String type,
             @Option(names = {"-k", "--key"}, paramLabel = "KEY",
                     description = "Replace all keys with these; repeatable; `-` reads standard input.") List<String> keys,
             @Option(names = "--add-key", paramLabel = "KEY", description = "Add a key at the end; repeatable.")
             List<String> addKeys,
             @Option(names = "--remove-key", paramLabel = "N|MASKED",
                     description = "Remove a key by its position (1 = first) or its masked form as listed.")
             List<String> removeKeys,
             @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'", description = "Set a header.")
             List<String> headers,
             @Option(names = "--remove-header", paramLabel = "NAME", description = "Remove a header.")
             List<String> removeHeaders,
             @Option(names = "--proxy", paramLabel = "URL", description = "Set the outbound proxy.") String proxy,
             @Option(names = "--no-proxy", description = "Remove the outbound proxy.") boolean noProxy,
             @Option(names = "--option", paramLabel = "KEY=VALUE", description = "Set a per-type option"
                     + " (api-version=…, openai-reasoning=auto|always|never).")
             List<String> options,
             @Option(names = "--remove-option", paramLabel = "KEY", description = "Remove a per-type option.")
             List<String> removeOptions,
             @Mixin BalanceOptions balance) {
        var balanceEdit = balance.edit();
        if (newName == null && url == null && type == null && keys == null && addKeys == null && removeKeys == null
                && headers == null && removeHeaders == null && proxy == null && !noProxy && options == null
                && removeOptions == null && balanceEdit == null) {
            throw new Main.UsageException("Nothing to change: give at least one option, e.g. --url or --add-key.");
        }
        if (proxy != null && noProxy) {
            throw new Main.UsageException("--proxy and --no-proxy contradict each other; give one.");
        }
        var patch = ChannelPatch.builder();
        if (newName != null) {
            patch.name(newName);
        }
        if (url != null) {
            patch.baseUrl(url);
        }
        if (type != null) {
            patch.type(ApiType.of(type));
        }
        if (keys != null) {
            patch.keys(readKeys(keys));
        }
        if (removeKeys != null) {
            // one at a time: each position counts in the list the removal before it left
            removeKeys.forEach(r -> patch.removeKey(ChannelPatch.KeyRef.parse(r)));
        }
        if (addKeys != null) {
            patch.addKeys(readKeys(addKeys));
        }
        if (removeHeaders != null) {
            removeHeaders.forEach(patch::removeHeader);
        }
        parseHeaders(headers).forEach(patch::header);
        if (proxy != null) {
            patch.proxy(proxy);
        }
        if (noProxy) {
            patch.proxy(null);
        }
        if (removeOptions != null) {
            removeOptions.forEach(patch::removeOption);
        }
        parseOptions(options).forEach(patch::option);
        if (balanceEdit != null) {
            patch.balance(balanceEdit);
        }
        try (var store = root.openStore()) {
            var before = store.channels().get(name);
            Channel updated;
            try {
                updated = store.channels().update(name, patch.build());
            } catch (ChannelPatch.NoSuchKey e) {
                throw new Main.UsageException(noSuchKey(e));
            }
            var out = root.env.out();
            out.println("Updated channel '" + updated.name() + "' (" + updated.type() + ", "
                    + updated.baseUrl() + ", keys: " + Views.keys(updated) + ").");
            if (balanceEdit != null) {
                out.println(updated.balanceQuery() == null ? "It has no balance query now."
                        : "Balance query: " + Views.text(queryLine(updated.balanceQuery())) + "; check it with `"
                        + root.hint("channels balance %s", updated.name()) + "`.");
            }
            if (before.needsKey() && !updated.needsSecrets()) {
                // the store enables a channel that was disabled only for lacking a key; say which happened
                out.println(updated.enabled() ? "It has a key now and is enabled: it was disabled only for lacking one."
                        : "It has a key now but stays disabled, as it was switched off; "
                        + root.hint("channels enable %s", updated.name()));
            } else if (before.needsSecrets() && !updated.needsSecrets()) {
                out.println(updated.enabled() ? "It has all its secrets now and is enabled."
                        : "It has all its secrets now but stays disabled, as it was switched off; "
                        + root.hint("channels enable %s", updated.name()));
            } else if (updated.needsSecrets()) {
                needsSecrets(updated);
            }
            return Main.OK;
        }
    }

    /** The store's refusal of a {@code --remove-key}, in the option's own words. */
    private static String noSuchKey(ChannelPatch.NoSuchKey e) {
        var ref = e.ref();
        int n = e.keyCount();
        if (ref.isPosition()) {
            return "--remove-key " + ref.position() + ": " + (n == 1 ? "there is 1 key" : "there are " + n + " keys")
                    + " (1 to " + n + ").";
        }
        return "--remove-key " + ApiKey.mask(ref.text()) + ": no such key; give its position or its masked form as"
                + " `channels show` lists it.";
    }

    /** A query in one line: {@code deepseek preset} or {@code custom GET /user/balance; remaining …}, secrets masked. */
    static String queryLine(BalanceQuery q) {
        var parts = new ArrayList<String>();
        parts.add(q.preset() == BalancePreset.CUSTOM ? "custom " + q.method() + " " + q.url() : q.preset().id()
                + " preset");
        var m = q.mapping();
        if (m.remaining() != null) {
            parts.add("remaining " + m.remaining());
        }
        if (m.total() != null) {
            parts.add("total " + m.total());
        }
        if (m.unit() != null) {
            parts.add("unit " + m.unit());
        }
        if (m.resetAt() != null) {
            parts.add("reset at " + m.resetAt());
        }
        var headers = BalanceView.headers(q);
        if (!headers.isEmpty()) {
            var shown = new ArrayList<String>();
            headers.forEach((k, v) -> shown.add(k + ": " + (v == null ? "(value needed)" : v)));
            parts.add("headers " + String.join(", ", shown));
        }
        if (q.low() != null) {
            parts.add("low below " + q.low());
        }
        return String.join("; ", parts);
    }

    @Command(name = "balance", description = {"Check the balance of a channel now, or of every channel that has a"
            + " balance query; the result is stored, shown in `channels list` and the window, and used by routing.",
            "A failed check is shown as an error with its reason, never as 0. Exit code 1 when a check failed."})
    int balance(@Parameters(paramLabel = "NAME", arity = "0..1",
                    description = "The channel's name (default: every channel with a balance query).") String name,
                @Option(names = "--last", description = "Show the last stored checks without checking now.")
                boolean last,
                @Option(names = "--json", description = "Print JSON.") boolean json) {
        try (var store = root.openStore()) {
            var out = root.env.out();
            List<Channel> shown;
            if (name != null) {
                var c = store.channels().get(name);
                if (c.balanceQuery() == null) {
                    throw new StoreException(StoreException.Kind.INVALID, BalanceCheck.noQuery(c));
                }
                shown = List.of(c);
            } else {
                shown = store.channels().list().stream().filter(c -> c.balanceQuery() != null).toList();
            }
            if (!last && !shown.isEmpty()) {
                try (var upstream = UpstreamClient.create()) {
                    var check = new BalanceCheck(store, upstream, root.env.clock());
                    shown = shown.stream().map(check::checkAndRecord).toList();
                }
            }
            var settings = store.settings().load();
            if (json) {
                var arr = Mappers.PRETTY.createArrayNode();
                for (var c : shown) {
                    var n = arr.addObject();
                    n.put("channel", c.name());
                    n.setAll(BalanceView.json(c, settings));
                }
                Json.print(out, arr);
            } else if (shown.isEmpty()) {
                out.println("No channel has a balance query. Give one: "
                        + root.hint("channels edit <name> --balance PRESET") + " (" + BalancePreset.ids() + ").");
            } else {
                var table = new Table("CHANNEL", "BALANCE", "STATE", "CHECKED", "QUERY");
                for (var c : shown) {
                    var b = c.balance();
                    table.row(c.name(), BalanceView.text(c, settings), BalanceView.state(c, settings),
                            b == null ? "-" : b.checkedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
                            queryLine(c.balanceQuery()));
                }
                table.print(out);
            }
            out.flush();
            boolean failed = shown.stream().anyMatch(c -> c.balance() != null && c.balance().failed());
            return failed && !last ? Main.FAILURE : Main.OK;
        }
    }

    @Command(name = "remove", aliases = "rm", description = "Remove a channel with its models.")
    int remove(@Parameters(paramLabel = "NAME",
                    description = "The channel's name (see `channels list`).") String name) {
        try (var store = root.openStore()) {
            var c = store.channels().get(name);
            long entries = store.entries().list().stream().filter(e -> e.channelId() == c.id()).count();
            store.channels().remove(c.name());
            root.env.out().println("Removed channel '" + c.name() + "' and its " + entries
                    + (entries == 1 ? " model." : " models."));
            return Main.OK;
        }
    }

    @Command(name = "enable", description = "Switch a channel on.")
    int enable(@Parameters(paramLabel = "NAME",
                    description = "The channel's name (see `channels list`).") String name) {
        return setEnabled(name, true);
    }

    @Command(name = "disable", description = "Switch a channel off: none of its models is routed to.")
    int disable(@Parameters(paramLabel = "NAME",
                    description = "The channel's name (see `channels list`).") String name) {
        return setEnabled(name, false);
    }

    private int setEnabled(String name, boolean enabled) {
        try (var store = root.openStore()) {
            var c = store.channels().setEnabled(name, enabled);
            root.env.out().println("Channel '" + c.name() + "' is " + (enabled ? "enabled." : "disabled."));
            return Main.OK;
        }
    }

    private List<String> readKeys(List<String> given) {
        var out = new ArrayList<String>();
        for (var k : given) {
            if (!k.equals("-")) {
                out.add(k);
                continue;
            }
            var typed = root.env.secrets().read("Paste the key (it is not shown), then press Enter: ");
            if (typed != null) {
                if (!typed.isBlank()) {
                    out.add(typed.strip());
                }
                continue;
            }
            try {
                var reader = new BufferedReader(new InputStreamReader(root.env.in(), StandardCharsets.UTF_8));
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isBlank()) {
                        out.add(line.strip());
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read keys from standard input: " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new Main.UsageException("No key given: nothing was pasted, or standard input was empty.");
        }
        return out;
    }

    static Map<String, String> parseHeaders(List<String> headers) {
        var out = new LinkedHashMap<String, String>();
        if (headers == null) {
            return out;
        }
        for (var h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                // not echoed: a header value may be a credential (Authorization Bearer sk-...)
                throw new Main.UsageException("A --header has no ':'. Give it as 'Name: value',"
                        + " e.g. -H 'X-Title: my app'.");
            }
            out.put(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
        }
        return out;
    }

    static Map<String, String> parseOptions(List<String> options) {
        var out = new LinkedHashMap<String, String>();
        if (options == null) {
            return out;
        }
        for (var o : options) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new Main.UsageException("--option '" + o + "' is not KEY=VALUE.");
            }
            out.put(o.substring(0, eq).strip(), o.substring(eq + 1).strip());
        }
        return out;
    }

    static Map<Long, Long> entryCounts(List<Entry> entries) {
        var out = new LinkedHashMap<Long, Long>();
        entries.forEach(e -> out.merge(e.channelId(), 1L, Long::sum));
        return out;
    }
}
