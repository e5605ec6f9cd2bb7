package dev.switchboard.app;

import dev.switchboard.update.UpdateException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code switchboard catalog …}: the model catalog (release dates, limits, capabilities of known models).
 *
 * <p>Scope INHERIT gives its subcommands (the methods below) --help and --version too.
 */
@Command(name = "catalog", description = {"The model catalog: what Switchboard knows about models (release dates,"
        + " context sizes, capabilities).",
        "It is the catalog bundled in this build, replaced by a newer one fetched from the releases, with your own"
        + " models.json in the data folder applied on top."},
        mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = RootCommand.VersionProvider.class)
final class CatalogCommand {
    @ParentCommand
    RootCommand root;

    @Command(name = "update", description = {"Fetch the latest release's model catalog when it is newer than the one"
            + " in use.",
            "It comes from GitHub (or the update-url setting), is verified against the release key bundled in this"
                    + " build and kept in the data folder's catalog/ folder; Switchboard uses it from its next"
                    + " start. The update check (`update --check`, and the window's at start) does this too."})
    int update() {
        String updateUrl;
        Path data;
        try (var store = root.openStore()) {
            updateUrl = store.snapshot().settings().updateUrl();
            data = store.database().file().getParent();
        }
        var updater = UpdateCommand.updater(data, root.env.jarFolder(), updateUrl, root.env.clock());
        try {
            root.env.out().println(updater.refreshCatalog().message());
            root.env.out().flush();
            return Main.OK;
        } catch (UpdateException e) {
            root.env.err().println("error: " + e.getMessage());
            root.env.err().flush();
            return Main.FAILURE;
        }
    }
}
