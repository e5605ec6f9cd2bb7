package dev.switchboard.app;

import dev.switchboard.update.DatabaseBackup;
import dev.switchboard.update.ReleaseKeys;
import dev.switchboard.update.ReleaseSite;
import dev.switchboard.update.Update4jUpdater;
import dev.switchboard.update.UpdateException;
import dev.switchboard.update.Updater;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code switchboard update --check | --apply}: the headless side of self-update. */
@Command(name = "update", mixinStandardHelpOptions = true, versionProvider = RootCommand.VersionProvider.class,
        description = {"Check for a new version of Switchboard, or download it to be installed at the next start.",
                "Releases come from GitHub (or the update-url setting); each is verified against the release key"
                        + " bundled in this build before anything is kept. Both also fetch the release's model"
                        + " catalog when it is newer than the one in use (as `catalog update` does)."})
final class UpdateCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--check", required = true, description = "Show this version, the latest and its notes.")
        boolean check;

        @Option(names = "--apply", required = true,
                description = "Download and verify the latest version; it is installed the next time Switchboard starts.")
        boolean apply;
    }

    @Override
    public Integer call() {
        var out = root.env.out();
        var err = root.env.err();
        String updateUrl;
        Path data;
        try (var store = root.openStore()) {
            updateUrl = store.snapshot().settings().updateUrl();
            data = store.database().file().getParent();
        }
        var updater = updater(data, root.env.jarFolder(), updateUrl, root.env.clock());
        try {
            var pending = updater.pending();
            var update = updater.check();
            out.println("current: Switchboard " + Version.current());
            if (update.isEmpty()) {
                out.println("latest:  Switchboard " + Version.current() + " is up to date.");
                refreshCatalog(updater, root);
                return Main.OK;
            }
            var info = update.get();
            out.println("latest:  Switchboard " + info.version() + " (" + info.tag() + ")");
            if (!info.notes().isBlank()) {
                out.println();
                info.notes().lines().forEach(l -> out.println("  " + l));
                out.println();
            }
            refreshCatalog(updater, root);
            if (mode.check) {
                var byPackage = updater.updatedByPackage(info);
                if (byPackage.isPresent()) {
                    out.println(byPackage.get());
                } else if (pending.isPresent() && pending.get().version().equals(info.version())) {
                    out.println("It is downloaded and will be installed the next time Switchboard starts.");
                } else {
                    out.println("Run `" + root.hint("update --apply") + "` to download it.");
                }
                out.flush();
                return Main.OK;
            }
            var downloaded = updater.download(info);
            out.println("Downloaded and verified Switchboard " + downloaded.version() + " into "
                    + downloaded.archive() + ".");
            out.println("It will be installed the next time Switchboard starts; your database is backed up first.");
            out.flush();
            return Main.OK;
        } catch (UpdateException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return Main.FAILURE;
        }
    }

    /**
     * The catalog half of the update check. Its failure is told but does not fail the command: the application
     * check, which is what the person asked for, succeeded.
     */
    private static void refreshCatalog(Updater updater, RootCommand root) {
        try {
            root.env.out().println("catalog: " + updater.refreshCatalog().message());
        } catch (UpdateException e) {
            root.env.err().println("note: " + e.getMessage());
            root.env.err().flush();
        }
        root.env.out().flush();
    }

    /** The updater of this installation: releases from the pom's repository unless {@code update-url} says otherwise. */
    static Updater updater(Path dataFolder, Path jarFolder, String updateUrl, Clock clock) {
        ReleaseSite site;
        try {
            site = ReleaseSite.of(updateUrl, Version.github(), Version.current());
        } catch (IllegalStateException e) {
            if (updateUrl != null) {
                throw e;
            }
            // Installing what is already downloaded needs no server.
            site = ReleaseSite.of("https://github.com/", "", Version.current());
        }
        return new Update4jUpdater(site, ReleaseKeys.bundled(), dataFolder.resolve("updates"), jarFolder,
                Version.current(), new DatabaseBackup(dataFolder, clock));
    }
}
