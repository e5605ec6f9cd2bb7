package dev.switchboard.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.store.ConfigImport;
import dev.switchboard.store.Store;
import dev.switchboard.sync.Difference;
import dev.switchboard.sync.SyncConflict;
import dev.switchboard.sync.SyncResult;
import dev.switchboard.sync.SyncService;
import dev.switchboard.sync.SyncState;
import dev.switchboard.sync.SyncStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code switchboard sync …}: this machine's configuration to and from one WebDAV folder (Nextcloud, Jianguoyun, a
 * NAS…), keys sealed with a passphrase ({@link SyncService}).
 *
 * <p>The passphrase is never stored. It is read from {@code --passphrase-file FILE} (its first line), else from the
 * {@value #PASSPHRASE_VARIABLE} environment variable (for scripts), else asked at the terminal without echo (twice
 * for a push, so that a typo does not seal the keys), else read from standard input's first line.
 *
 * <p>Scope INHERIT gives its subcommands (the methods below) --help and --version too.
 */
@Command(name = "sync", description = {"Sync the configuration between machines through a WebDAV folder.",
        "What travels is the export format; keys, header values and proxy passwords travel only encrypted with a"
                + " passphrase you give on each machine (never stored). Both sides changed: you choose, nothing is"
                + " overwritten silently; a pull keeps a backup."},
        mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = RootCommand.VersionProvider.class)
final class SyncCommand {
    static final String PASSPHRASE_VARIABLE = "SWITCHBOARD_SYNC_PASSPHRASE";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

    @ParentCommand
    RootCommand root;

    @Command(name = "setup", description = {"Set up the WebDAV folder to sync with: checks the server takes the user"
            + " and password, creates the folder if needed, and stores them (the password like a key: masked"
            + " wherever shown).", "Example: sync setup https://dav.example.com/remote.php/dav/files/me/switchboard/"
            + " --user me --password -"})
    int setup(@Parameters(paramLabel = "URL", description = "The folder's address (http or https).") String url,
              @Option(names = {"-u", "--user"}, paramLabel = "NAME", description = "The WebDAV user name.")
              String user,
              @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD|-", description = "The WebDAV password"
                      + " (an app password on Nextcloud and Jianguoyun); `-` asks for it without echo, or reads"
                      + " standard input. Left out: keep the stored one.") String password) {
        var given = password == null ? null : password.equals("-") ? readLine("WebDAV password (it is not shown): ",
                "password") : password;
        try (var store = root.openStore()) {
            var sync = service(store);
            boolean created = sync.setUp(url, user, given);
            var target = sync.target().orElseThrow();
            var out = root.env.out();
            out.println("Sync folder set up: " + target.url() + (target.user().isEmpty() ? "" : " (user "
                    + target.user() + ")") + (created ? "; the folder was created." : "."));
            if (target.url().startsWith("http://") && !loopback(target.url())) {
                root.env.err().println("warning: over http:// the WebDAV password crosses the network readable (the"
                        + " keys stay sealed); use https:// where the server offers it.");
            }
            Text.wrap("Next: " + root.hint("sync push") + " on the machine whose configuration to share, "
                    + root.hint("sync pull") + " on the others.", Text.WIDTH).forEach(out::println);
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "status", description = "Where this machine stands with the folder: in sync, local changed,"
            + " remote changed, both changed (conflict) or never synced. Needs no passphrase.")
    int status(@Option(names = "--json", description = "Print JSON.") boolean json) {
        try (var store = root.openStore()) {
            var status = service(store).status();
            if (json) {
                Json.print(root.env.out(), statusJson(status));
                return Main.OK;
            }
            printStatus(status);
            return Main.OK;
        }
    }

    @Command(name = "push", description = {"Put this machine's configuration in the folder (keys sealed with the"
            + " passphrase).", "Refused when the folder changed since the last sync, unless --force."})
    int push(@Option(names = "--force", description = "Replace the folder's changes with this machine's (keep"
                     + " mine); also how the passphrase is changed.") boolean force,
             @Option(names = "--passphrase-file", paramLabel = "FILE", description = "Read the passphrase from the"
                     + " first line of FILE.") Path passphraseFile) {
        try (var store = root.openStore()) {
            var sync = service(store);
            var url = requireSetUp(sync);
            var passphrase = passphrase(passphraseFile, true);
            return report(() -> sync.push(passphrase, force), url);
        }
    }

    @Command(name = "pull", description = {"Replace this machine's configuration with the folder's, after saving it"
            + " to backups/ in the data folder.", "Refused when this machine changed since the last sync, unless"
            + " --force."})
    int pull(@Option(names = "--force", description = "Replace this machine's changes with the folder's (take"
                     + " theirs); a backup is kept.") boolean force,
             @Option(names = "--passphrase-file", paramLabel = "FILE", description = "Read the passphrase from the"
                     + " first line of FILE.") Path passphraseFile) {
        try (var store = root.openStore()) {
            var sync = service(store);
            var url = requireSetUp(sync);
            var passphrase = passphrase(passphraseFile, false);
            return report(() -> sync.pull(passphrase, force), url);
        }
    }

    @Command(name = "forget", description = "Forget the sync folder on this machine (the folder is left as it is).")
    int forget() {
        try (var store = root.openStore()) {
            boolean had = service(store).forget();
            root.env.out().println(had ? "Forgot the sync folder on this machine; the folder itself is untouched."
                    : "No sync folder was set up.");
            return Main.OK;
        }
    }

    private SyncService service(Store store) {
        // the store's own folder: root.dataFolder() would tell its notices a second time
        return new SyncService(store, store.database().file().toAbsolutePath().getParent(), root.env.clock());
    }

    private String requireSetUp(SyncService sync) {
        return sync.target().orElseThrow(() -> new Main.UsageException("No sync folder is set up. Set one up first: "
                + root.hint("sync setup URL --user NAME --password -"))).url();
    }

    private int report(Supplier<SyncResult> work, String url) {
        var out = root.env.out();
        SyncResult result;
        try {
            result = work.get();
        } catch (SyncConflict conflict) {
            var err = root.env.err();
            Text.wrap("error: " + conflict.getMessage(), Text.WIDTH).forEach(err::println);
            printDifferences(err, conflict.differences(), "What differs (secrets are only named):");
            err.flush();
            return Main.FAILURE;
        }
        switch (result.outcome()) {
            case ALREADY_IN_SYNC -> out.println("Already in sync with " + url + ": nothing to do.");
            case PUSHED -> out.println("Pushed this machine's configuration to " + url + " (keys sealed with the"
                    + " passphrase).");
            case PULLED -> {
                result.changes().forEach(c -> out.println(c.line()));
                out.println("Pulled " + (result.changes().isEmpty() ? "the configuration (no change here)"
                        : result.changes().size() + (result.changes().size() == 1 ? " change" : " changes")) + " from "
                        + url + ".");
                if (result.backup() != null) {
                    Text.wrap("This machine's previous configuration is saved in " + result.backup() + " (restore: "
                            + root.hint("import %s --replace", result.backup()) + ").", Text.WIDTH)
                            .forEach(out::println);
                }
                var needing = result.changes().stream().filter(ConfigImport.Change::needsSecrets)
                        .map(ConfigImport.Change::name).toList();
                if (!needing.isEmpty()) {
                    Text.wrap("The folder had no key or other secret for " + String.join(", ", needing) + ": "
                            + (needing.size() == 1 ? "it stays" : "they stay") + " disabled until given them ("
                            + root.hint("channels show %s", needing.get(0)) + " says how).", Text.WIDTH)
                            .forEach(out::println);
                }
            }
            default -> throw new IllegalStateException(result.outcome().name());
        }
        out.flush();
        return Main.OK;
    }

    private void printStatus(SyncStatus status) {
        var out = root.env.out();
        if (status.state() == SyncState.NOT_SET_UP) {
            out.println("No sync folder is set up. Set one up: " + root.hint("sync setup URL --user NAME --password -"));
            out.flush();
            return;
        }
        var target = status.target();
        out.println("Sync folder: " + target.url() + (target.user().isEmpty() ? "" : " (user " + target.user() + ")"));
        out.println("Last sync:   " + (target.last() == null ? "never"
                : WHEN.format(target.last().at().atZone(ZoneId.systemDefault()))));
        var state = switch (status.state()) {
            case NEVER_SYNCED -> status.remoteExists()
                    ? "never synced; the folder holds a configuration: " + root.hint("sync pull") + " takes it."
                    : "never synced; the folder is empty: " + root.hint("sync push") + " puts this machine's"
                    + " configuration there.";
            case IN_SYNC -> "in sync: nothing to push or pull.";
            case LOCAL_CHANGED -> "local changed: this machine changed since the last sync; "
                    + root.hint("sync push") + " sends it.";
            case REMOTE_CHANGED -> status.remoteExists()
                    ? "remote changed: another machine pushed since the last sync; " + root.hint("sync pull")
                    + " takes it."
                    : "remote changed: the folder's file is gone; " + root.hint("sync push") + " puts it back.";
            case CONFLICT -> "conflict: both this machine and the folder changed since the last sync. Choose: "
                    + root.hint("sync push --force") + " keeps this machine's, " + root.hint("sync pull --force")
                    + " takes the folder's (a backup is kept).";
            case NOT_SET_UP -> throw new IllegalStateException();
        };
        var lines = Text.wrap(state, Text.WIDTH - 13);
        out.println("State:       " + lines.get(0));
        lines.stream().skip(1).forEach(l -> out.println("             " + l));
        printDifferences(out, status.differences(), "What differs (keys are compared only with the passphrase,"
                + " on push or pull):");
        out.flush();
    }

    private static void printDifferences(PrintWriter to, List<Difference> differences, String heading) {
        if (differences.isEmpty()) {
            return;
        }
        to.println(heading);
        differences.forEach(d -> to.println("  " + d.line()));
    }

    private static ObjectNode statusJson(SyncStatus status) {
        var n = Json.object();
        n.put("state", status.state().id());
        if (status.target() != null) {
            var t = status.target();
            n.put("url", t.url());
            n.put("user", t.user());
            n.put("password", t.maskedPassword());
            n.put("lastSync", t.last() == null ? null : t.last().at().toString());
            n.put("remoteExists", status.remoteExists());
        }
        var diffs = n.putArray("differences");
        status.differences().forEach(d -> diffs.add(d.line()));
        return n;
    }

    /**
     * The passphrase: {@code --passphrase-file}, else {@value #PASSPHRASE_VARIABLE}, else the terminal (twice for a
     * push), else standard input's first line.
     */
    private String passphrase(Path file, boolean confirm) {
        if (file != null) {
            try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
                return lines.findFirst().map(SyncCommand::withoutLineEnd).orElse("");
            } catch (IOException | UncheckedIOException e) {
                throw new Main.UsageException("Cannot read the passphrase file " + file + ": " + e.getMessage());
            }
        }
        var variable = root.env.variables().get(PASSPHRASE_VARIABLE);
        if (variable != null && !variable.isEmpty()) {
            return variable;
        }
        var typed = root.env.secrets().read("Passphrase for the keys (not shown, never stored): ");
        if (typed != null) {
            if (confirm) {
                var again = root.env.secrets().read("The same passphrase again: ");
                if (!typed.equals(again)) {
                    throw new Main.UsageException("The two passphrases differ; nothing was pushed.");
                }
            }
            return typed;
        }
        return readLine(null, "passphrase");
    }

    /** Asks at the terminal when there is one, else reads standard input's first line. */
    private String readLine(String prompt, String what) {
        if (prompt != null) {
            var typed = root.env.secrets().read(prompt);
            if (typed != null) {
                return typed;
            }
        }
        try {
            var line = new BufferedReader(new InputStreamReader(root.env.in(), StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new Main.UsageException("No " + what + " given: nothing was typed, or standard input was empty."
                        + (what.equals("passphrase") ? " Give it with --passphrase-file FILE, the " + PASSPHRASE_VARIABLE
                        + " variable, or on standard input." : ""));
            }
            return withoutLineEnd(line);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the " + what + " from standard input: " + e.getMessage(), e);
        }
    }

    private static String withoutLineEnd(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static boolean loopback(String url) {
        var host = URI.create(url).getHost().toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }
}
