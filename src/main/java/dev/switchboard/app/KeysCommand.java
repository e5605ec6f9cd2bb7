package dev.switchboard.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code switchboard keys …}: client access keys.
 *
 * <p>Scope INHERIT gives its subcommands (the methods below) --help and --version too.
 */
@Command(name = "keys", description = {"Client access keys, which clients must send when the gateway listens beyond 127.0.0.1.",
        "A client sends its key as Authorization: Bearer, x-api-key, api-key or x-goog-api-key."},
        mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = RootCommand.VersionProvider.class)
final class KeysCommand {
    @ParentCommand
    RootCommand root;

    @Command(name = "list", description = "List access keys (masked).")
    int list() {
        try (var store = root.openStore()) {
            var keys = store.accessKeys().list();
            if (keys.isEmpty()) {
                root.env.out().println("No access keys. Create one: " + root.hint("keys create <name>"));
                return Main.OK;
            }
            var table = new Table("NAME", "KEY");
            keys.forEach(k -> table.row(k.name(), k.secret().masked()));
            table.print(root.env.out());
            return Main.OK;
        }
    }

    @Command(name = "create", description = "Create a key; it is shown in full this once.")
    int create(@Parameters(paramLabel = "NAME", description = "What the key is for, e.g. laptop.") String name) {
        try (var store = root.openStore()) {
            var key = store.accessKeys().create(name);
            var out = root.env.out();
            out.println("Created access key '" + key.name() + "':");
            out.println(key.secret().reveal());
            out.println("Copy it now: it is shown masked from now on.");
            return Main.OK;
        }
    }

    @Command(name = "revoke", description = "Delete a key: clients using it are refused from now on.")
    int revoke(@Parameters(paramLabel = "NAME",
                    description = "The access key's name (see `keys list`).") String name) {
        try (var store = root.openStore()) {
            store.accessKeys().revoke(name);
            root.env.out().println("Revoked access key '" + name.strip() + "'.");
            return Main.OK;
        }
    }
}
