package dev.switchboard.app;

import dev.switchboard.json.Mappers;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Group;
import dev.switchboard.store.StoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code switchboard entries …}: models on channels.
 *
 * <p>Scope INHERIT gives its subcommands (the methods below) --help and --version too.
 */
@Command(name = "entries", aliases = "models",
        description = {"Add, list, switch and alias entries (one model on one channel).",
                "Entries are named <channel>/<model>, e.g. my-relay/gpt-4o."},
        mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = RootCommand.VersionProvider.class)
final class EntriesCommand {
    @ParentCommand
    RootCommand root;

    @Command(name = "add", description = "Add models to a channel; they join `auto` at the end.")
    int add(@Parameters(index = "0", paramLabel = "CHANNEL",
                    description = "The channel the models are on (see `channels list`).") String channel,
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "MODEL", description = "Upstream model names.")
            List<String> models,
            @Option(names = "--alias", paramLabel = "NAME",
                    description = "Another name clients may use for it (only with one model).") String alias,
            @Option(names = "--no-auto", description = "Do not add to the `auto` group.") boolean noAuto) {
        if (alias != null && models.size() > 1) {
            throw new Main.UsageException("--alias needs exactly one model; " + models.size() + " were given.");
        }
        try (var store = root.openStore()) {
            var added = new ArrayList<Entry>();
            try {
                for (var m : models) {
                    added.add(store.entries().add(channel, m, alias, !noAuto));
                }
            } catch (RuntimeException e) {
                // all or nothing: a bad name among several leaves the others unadded
                added.forEach(a -> store.entries().remove("#" + a.id()));
                if (models.size() > 1 && e instanceof StoreException s) {
                    throw new StoreException(s.kind(), s.getMessage() + " None of the " + models.size()
                            + " models was added.", s);
                }
                throw e;
            }
            var out = root.env.out();
            for (var e : added) {
                out.println("Added " + e.ref() + (e.alias() != null ? " (alias " + e.alias() + ")" : "")
                        + (noAuto ? "." : ", last in `auto`."));
            }
            return Main.OK;
        }
    }

    @Command(name = "list", description = "List entries with their health and groups.")
    int list(@Option(names = {"-c", "--channel"}, paramLabel = "CHANNEL", description = "Only this channel's.")
             String channel,
             @Option(names = "--json", description = "Print JSON.") boolean json) {
        try (var store = root.openStore()) {
            if (channel != null) {
                store.channels().get(channel); // a clear error for an unknown channel
            }
            var snapshot = store.snapshot();
            var entries = snapshot.entries().stream()
                    .filter(e -> channel == null || e.channelName().equalsIgnoreCase(channel.strip())).toList();
            var groups = groupsByEntry(snapshot.groups());
            var channelEnabled = new HashMap<Long, Boolean>();
            snapshot.channels().forEach(c -> channelEnabled.put(c.id(), c.enabled()));
            var now = root.env.clock().instant();
            var out = root.env.out();
            if (json) {
                var arr = Mappers.PRETTY.createArrayNode();
                for (var e : entries) {
                    var n = arr.addObject();
                    n.put("ref", e.ref());
                    n.put("channel", e.channelName());
                    n.put("model", e.model());
                    n.put("alias", e.alias());
                    n.put("enabled", e.enabled());
                    n.put("channelEnabled", channelEnabled.getOrDefault(e.channelId(), false));
                    n.put("health", Views.health(e, snapshot.health(e.id()), now));
                    var g = n.putArray("groups");
                    groups.getOrDefault(e.id(), List.of()).forEach(g::add);
                }
                Json.print(out, arr);
                return Main.OK;
            }
            if (entries.isEmpty()) {
                out.println(channel == null ? "No entries yet. Add models: " + root.hint("entries add <channel> <model>")
                        : "Channel '" + channel + "' has no models yet.");
                return Main.OK;
            }
            var table = new Table("ENTRY", "ALIAS", "ENABLED", "HEALTH", "GROUPS");
            for (var e : entries) {
                var enabled = !e.enabled() ? "no" : channelEnabled.getOrDefault(e.channelId(), false) ? "yes"
                        : "channel off";
                table.row(e.ref(), e.alias() == null ? "-" : e.alias(), enabled,
                        Views.health(e, snapshot.health(e.id()), now), Views.join(groups.getOrDefault(e.id(), List.of())));
            }
            table.print(out);
            return Main.OK;
        }
    }

    @Command(name = "enable", description = "Switch an entry on (also clears a cooldown or system disable).")
    int enable(@Parameters(paramLabel = "ENTRY",
                    description = "An entry as <channel>/<model>, e.g. my-relay/gpt-4o (see `entries list`).") String ref) {
        try (var store = root.openStore()) {
            var e = store.entries().setEnabled(ref, true);
            root.env.out().println(e.ref() + " is enabled.");
            return Main.OK;
        }
    }

    @Command(name = "disable", description = "Switch an entry off; it stays in its groups.")
    int disable(@Parameters(paramLabel = "ENTRY",
                    description = "An entry as <channel>/<model>, e.g. my-relay/gpt-4o (see `entries list`).") String ref) {
        try (var store = root.openStore()) {
            var e = store.entries().setEnabled(ref, false);
            root.env.out().println(e.ref() + " is disabled.");
            return Main.OK;
        }
    }

    @Command(name = "alias", description = "Set or clear the other name clients may use for an entry.")
    int alias(@Parameters(index = "0", paramLabel = "ENTRY",
                    description = "An entry as <channel>/<model>, e.g. my-relay/gpt-4o (see `entries list`).") String ref,
              @Parameters(index = "1", arity = "0..1", paramLabel = "ALIAS",
                    description = "Another name clients may ask for this entry by.") String alias,
              @Option(names = "--clear", description = "Remove the alias.") boolean clear) {
        if ((alias == null) == !clear) {
            throw new Main.UsageException(clear ? "Give either an ALIAS or --clear, not both."
                    : "Give the ALIAS to set, or --clear to remove it.");
        }
        try (var store = root.openStore()) {
            var e = store.entries().setAlias(ref, clear ? null : alias);
            root.env.out().println(e.alias() == null ? e.ref() + " has no alias now."
                    : e.ref() + " is also called " + e.alias() + ".");
            return Main.OK;
        }
    }

    @Command(name = "remove", aliases = "rm", description = "Remove an entry from its channel and every group.")
    int remove(@Parameters(paramLabel = "ENTRY",
                    description = "An entry as <channel>/<model>, e.g. my-relay/gpt-4o (see `entries list`).") String ref) {
        try (var store = root.openStore()) {
            var e = store.entries().remove(ref);
            root.env.out().println("Removed " + e.ref() + ".");
            return Main.OK;
        }
    }

    static Map<Long, List<String>> groupsByEntry(List<Group> groups) {
        var out = new HashMap<Long, List<String>>();
        for (var g : groups) {
            for (var id : g.memberIds()) {
                out.computeIfAbsent(id, k -> new ArrayList<>()).add(g.name());
            }
        }
        return out;
    }

}
