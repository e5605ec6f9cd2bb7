package dev.switchboard.app;

import dev.switchboard.store.ApiKey;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Store;
import dev.switchboard.store.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
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
            "Keys given as `-` are read from standard input, one per line, so they stay out of shell history."})
    int add(@Parameters(paramLabel = "NAME", description = "A name for this channel, e.g. my-relay.") String name,
            @Option(names = {"-u", "--url"}, required = true, paramLabel = "URL",
                    description = "Base URL, e.g. https://api.openai.com/v1.") String url,
            @Option(names = {"-k", "--key"}, required = true, paramLabel = "KEY",
                    description = "API key; repeat for several (rotated on failures); `-` reads standard input.")
            List<String> keys,
            @Option(names = {"-t", "--type"}, paramLabel = "TYPE", defaultValue = "openai",
                    description = "API type: openai, responses, anthropic, gemini, azure (default: ${DEFAULT-VALUE}).")
            String type,
            @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'",
                    description = "Extra header sent upstream with every request; repeatable.") List<String> headers,
            @Option(names = "--proxy", paramLabel = "URL",
                    description = "Outbound proxy for this channel: http://host:port or socks5://host:port.") String proxy,
            @Option(names = "--option", paramLabel = "KEY=VALUE",
                    description = "Per-type option, e.g. api-version=2024-10-21 for azure; repeatable.") List<String> options,
            @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
                    description = "Also add this model as an entry (joins `auto`); repeatable.") List<String> models,
            @Option(names = "--disabled", description = "Add it switched off.") boolean disabled) {
        var draft = new ChannelDraft(name, ApiType.of(type), url, readKeys(keys), parseHeaders(headers), proxy,
                parseOptions(options), !disabled);
        try (var store = root.openStore()) {
            var created = models == null || models.isEmpty()
                    ? store.channels().create(draft)
                    : createWithModels(store, draft, models);
            var out = root.env.out();
            out.println("Added channel '" + created.name() + "' (" + created.type() + ", " + created.baseUrl() + ", "
                    + created.keys().size() + (created.keys().size() == 1 ? " key: " : " keys: ") + Views.keys(created)
                    + (created.enabled() ? "" : ", disabled") + ").");
            if (models != null && !models.isEmpty()) {
                out.println("Added " + models.size() + (models.size() == 1 ? " model" : " models") + " to `auto`: "
                        + String.join(", ", models) + ".");
            } else {
                out.println("Next: add its models, e.g. `switchboard entries add " + created.name() + " <model>`.");
            }
            return Main.OK;
        }
    }

    /** Channel and entries land together or not at all: a bad model name leaves no half-made channel. */
    private static Channel createWithModels(Store store, ChannelDraft draft, List<String> models) {
        var created = store.channels().create(draft);
        try {
            for (var m : models) {
                store.entries().add(created.name(), m, null, true);
            }
        } catch (StoreException e) {
            store.channels().remove(created.name());
            throw new StoreException(e.kind(), e.getMessage() + " The channel was not added; fix that and run"
                    + " the command again.", e);
        }
        return created;
    }

    @Command(name = "list", description = "List channels (keys masked).")
    int list(@Option(names = "--json", description = "Print JSON.") boolean json) {
        try (var store = root.openStore()) {
            var channels = store.channels().list();
            var counts = entryCounts(store.entries().list());
            var out = root.env.out();
            if (json) {
                var arr = Json.MAPPER.createArrayNode();
                channels.forEach(c -> arr.add(Views.channelJson(c, counts.getOrDefault(c.id(), 0L))));
                Json.print(out, arr);
                return Main.OK;
            }
            if (channels.isEmpty()) {
                out.println("No channels yet. Add one: switchboard channels add <name> --url <base URL> --key -");
                return Main.OK;
            }
            var table = new Table("NAME", "TYPE", "BASE URL", "KEYS", "MODELS", "ENABLED", "PROXY");
            for (var c : channels) {
                table.row(c.name(), c.type(), c.baseUrl(), Views.keys(c), counts.getOrDefault(c.id(), 0L),
                        Views.onOff(c.enabled()), Views.proxy(c.proxy()));
            }
            table.print(out);
            return Main.OK;
        }
    }

    @Command(name = "show", description = "Show one channel in full (keys masked).")
    int show(@Parameters(paramLabel = "NAME") String name,
             @Option(names = "--json", description = "Print JSON.") boolean json) {
        try (var store = root.openStore()) {
            var c = store.channels().get(name);
            var entries = store.entries().list().stream().filter(e -> e.channelId() == c.id()).toList();
            var out = root.env.out();
            if (json) {
                var node = Views.channelJson(c, entries.size());
                var models = node.putArray("models");
                entries.forEach(e -> models.add(e.model()));
                Json.print(out, node);
                return Main.OK;
            }
            out.println("name:     " + c.name());
            out.println("type:     " + c.type());
            out.println("base URL: " + c.baseUrl());
            out.println("keys:     " + Views.keys(c));
            out.println("enabled:  " + Views.onOff(c.enabled()));
            out.println("proxy:    " + (c.proxy() == null ? "-" : Views.proxy(c.proxy())));
            Views.headers(c).forEach((k, v) -> out.println("header:   " + k + ": " + v));
            c.options().forEach((k, v) -> out.println("option:   " + k + "=" + v));
            out.println("models:   " + Views.join(entries.stream().map(Entry::model).toList()));
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "edit", description = "Change a channel; only the options given change.")
    int edit(@Parameters(paramLabel = "NAME") String name,
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
             @Option(names = "--option", paramLabel = "KEY=VALUE", description = "Set a per-type option.")
             List<String> options,
             @Option(names = "--remove-option", paramLabel = "KEY", description = "Remove a per-type option.")
             List<String> removeOptions) {
        if (newName == null && url == null && type == null && keys == null && addKeys == null && removeKeys == null
                && headers == null && removeHeaders == null && proxy == null && !noProxy && options == null
                && removeOptions == null) {
            throw new Main.UsageException("Nothing to change: give at least one option, e.g. --url or --add-key.");
        }
        if (proxy != null && noProxy) {
            throw new Main.UsageException("--proxy and --no-proxy contradict each other; give one.");
        }
        try (var store = root.openStore()) {
            var current = store.channels().get(name);
            var draft = ChannelDraft.from(current);
            if (newName != null) {
                draft = draft.withName(newName);
            }
            if (url != null) {
                draft = draft.withBaseUrl(url);
            }
            if (type != null) {
                draft = draft.withType(ApiType.of(type));
            }
            var keyList = new ArrayList<>(keys != null ? readKeys(keys) : draft.keys());
            if (removeKeys != null) {
                for (var r : removeKeys) {
                    keyList.remove(findKey(keyList, r));
                }
            }
            if (addKeys != null) {
                keyList.addAll(readKeys(addKeys));
            }
            draft = draft.withKeys(keyList);
            var headerMap = new LinkedHashMap<>(draft.headers());
            if (removeHeaders != null) {
                for (var h : removeHeaders) {
                    if (headerMap.keySet().removeIf(k -> k.equalsIgnoreCase(h.strip()))) {
                        continue;
                    }
                    throw new StoreException(StoreException.Kind.NOT_FOUND, "Channel '" + current.name()
                            + "' has no header '" + h + "'. " + (headerMap.isEmpty() ? "It has no headers."
                            : "Its headers: " + String.join(", ", headerMap.keySet()) + "."));
                }
            }
            if (headers != null) {
                parseHeaders(headers).forEach((k, v) -> {
                    headerMap.keySet().removeIf(existing -> existing.equalsIgnoreCase(k));
                    headerMap.put(k, v);
                });
            }
            draft = draft.withHeaders(headerMap);
            if (proxy != null) {
                draft = draft.withProxy(proxy);
            }
            if (noProxy) {
                draft = draft.withProxy(null);
            }
            var optionMap = new LinkedHashMap<>(draft.options());
            if (removeOptions != null) {
                removeOptions.forEach(o -> optionMap.remove(o.strip()));
            }
            if (options != null) {
                optionMap.putAll(parseOptions(options));
            }
            draft = draft.withOptions(optionMap);
            var updated = store.channels().update(current.name(), draft);
            root.env.out().println("Updated channel '" + updated.name() + "' (" + updated.type() + ", "
                    + updated.baseUrl() + ", keys: " + Views.keys(updated) + ").");
            return Main.OK;
        }
    }

    @Command(name = "remove", aliases = "rm", description = "Remove a channel with its models.")
    int remove(@Parameters(paramLabel = "NAME") String name) {
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
    int enable(@Parameters(paramLabel = "NAME") String name) {
        return setEnabled(name, true);
    }

    @Command(name = "disable", description = "Switch a channel off: none of its models is routed to.")
    int disable(@Parameters(paramLabel = "NAME") String name) {
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
            throw new Main.UsageException("No key given: standard input was empty.");
        }
        return out;
    }

    private static String findKey(List<String> keys, String ref) {
        var r = ref.strip();
        if (r.matches("\\d+")) {
            int i = Integer.parseInt(r);
            if (i < 1 || i > keys.size()) {
                throw new Main.UsageException("--remove-key " + r + ": there are " + keys.size() + " keys (1 to "
                        + keys.size() + ").");
            }
            return keys.get(i - 1);
        }
        for (var k : keys) {
            if (ApiKey.mask(k).equals(r) || k.equals(r)) {
                return k;
            }
        }
        throw new Main.UsageException("--remove-key " + ApiKey.mask(r) + ": no such key; give its position or its"
                + " masked form as `channels show` lists it.");
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
