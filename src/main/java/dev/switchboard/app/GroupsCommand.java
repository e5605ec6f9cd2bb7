package dev.switchboard.app;

import dev.switchboard.json.Mappers;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Group;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code switchboard groups …}: named, ordered lists of entries; {@code auto} included.
 *
 * <p>Scope INHERIT gives its subcommands (the methods below) --help and --version too.
 */
@Command(name = "groups",
        description = {"List, create and order groups (a client names a group as its `model`).",
                "A group's members are tried in order. `auto` always exists."},
        mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = RootCommand.VersionProvider.class)
final class GroupsCommand {
    @ParentCommand
    RootCommand root;

    @Command(name = "list", description = "List groups with their members in order.")
    int list(@Option(names = "--json", description = "Print JSON.") boolean json) {
        try (var store = root.openStore()) {
            var snapshot = store.snapshot();
            var byId = snapshot.entries().stream().collect(Collectors.toMap(Entry::id, Function.identity()));
            var out = root.env.out();
            if (json) {
                var arr = Mappers.PRETTY.createArrayNode();
                for (var g : snapshot.groups()) {
                    var n = arr.addObject();
                    n.put("name", g.name());
                    n.put("builtin", g.builtin());
                    var members = n.putArray("members");
                    g.memberIds().forEach(id -> members.add(byId.get(id).ref()));
                }
                Json.print(out, arr);
                return Main.OK;
            }
            var table = new Table("GROUP", "MEMBERS", "ORDER");
            for (var g : snapshot.groups()) {
                var names = g.memberIds().stream().map(id -> byId.get(id).ref()).toList();
                var shown = names.size() > 4 ? String.join(", ", names.subList(0, 4)) + ", …" : Views.join(names);
                table.row(g.name(), names.size(), shown);
            }
            table.print(out);
            return Main.OK;
        }
    }

    @Command(name = "show", description = "Show a group's members, numbered in the order they are tried.")
    int show(@Parameters(paramLabel = "GROUP",
                    description = "A group's name, e.g. auto (see `groups list`).") String name) {
        try (var store = root.openStore()) {
            var snapshot = store.snapshot();
            var g = store.entries().group(name);
            var byId = snapshot.entries().stream().collect(Collectors.toMap(Entry::id, Function.identity()));
            var out = root.env.out();
            out.println(g.name() + (g.builtin() ? " (built in)" : "") + ": " + g.memberIds().size()
                    + (g.memberIds().size() == 1 ? " member" : " members"));
            var now = root.env.clock().instant();
            int i = 1;
            for (var id : g.memberIds()) {
                var e = byId.get(id);
                out.println(String.format("%3d. %s%s  [%s]", i++, e.ref(), e.enabled() ? "" : " (disabled)",
                        Views.health(e, snapshot.health(id), now)));
            }
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "create", description = "Create an empty group.")
    int create(@Parameters(paramLabel = "GROUP",
                    description = "A group's name, e.g. auto (see `groups list`).") String name) {
        try (var store = root.openStore()) {
            var g = store.entries().createGroup(name);
            root.env.out().println("Created group '" + g.name() + "'. Add members: "
                    + root.hint("groups add %s <channel>/<model>", g.name()));
            return Main.OK;
        }
    }

    @Command(name = "delete", description = "Delete a group (its entries stay). `auto` cannot be deleted.")
    int delete(@Parameters(paramLabel = "GROUP",
                    description = "A group's name, e.g. auto (see `groups list`).") String name) {
        try (var store = root.openStore()) {
            var g = store.entries().deleteGroup(name);
            root.env.out().println("Deleted group '" + g.name() + "'.");
            return Main.OK;
        }
    }

    @Command(name = "add", description = "Add an entry to a group (at the end, or at --position).")
    int add(@Parameters(index = "0", paramLabel = "GROUP",
                    description = "A group's name, e.g. auto (see `groups list`).") String group,
            @Parameters(index = "1", paramLabel = "ENTRY",
                    description = "An entry as <channel>/<model>, e.g. my-relay/gpt-4o.") String ref,
            @Option(names = {"-p", "--position"}, paramLabel = "N", description = "1 = first.") Integer position) {
        try (var store = root.openStore()) {
            var g = store.entries().addMember(group, ref, position);
            root.env.out().println(describe(store.entries().get(ref), g, "Added"));
            return Main.OK;
        }
    }

    @Command(name = "remove", aliases = "rm", description = "Remove an entry from a group (the entry stays).")
    int remove(@Parameters(index = "0", paramLabel = "GROUP",
                    description = "A group's name, e.g. auto (see `groups list`).") String group,
               @Parameters(index = "1", paramLabel = "ENTRY",
                    description = "An entry as <channel>/<model>, e.g. my-relay/gpt-4o.") String ref) {
        try (var store = root.openStore()) {
            var e = store.entries().get(ref);
            var g = store.entries().removeMember(group, ref);
            root.env.out().println("Removed " + e.ref() + " from '" + g.name() + "'.");
            return Main.OK;
        }
    }

    @Command(name = "move", description = "Move an entry to a position in a group (1 = tried first).")
    int move(@Parameters(index = "0", paramLabel = "GROUP",
                    description = "A group's name, e.g. auto (see `groups list`).") String group,
             @Parameters(index = "1", paramLabel = "ENTRY",
                    description = "An entry as <channel>/<model>, e.g. my-relay/gpt-4o.") String ref,
             @Parameters(index = "2", paramLabel = "POSITION",
                    description = "Where in the group: 1 = tried first.") int position) {
        try (var store = root.openStore()) {
            var g = store.entries().moveMember(group, ref, position);
            root.env.out().println(describe(store.entries().get(ref), g, "Moved"));
            return Main.OK;
        }
    }

    private static String describe(Entry e, Group g, String verb) {
        int pos = g.memberIds().indexOf(e.id()) + 1;
        return verb + " " + e.ref() + " to position " + pos + " of " + g.memberIds().size() + " in '" + g.name() + "'.";
    }
}
