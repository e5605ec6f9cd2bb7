package dev.switchboard.app;

import dev.switchboard.store.CcSwitchImport;
import dev.switchboard.store.ConfigDocument;
import dev.switchboard.store.ConfigImport;
import dev.switchboard.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code switchboard import FILE [--replace] [--dry-run]} and {@code switchboard import --cc-switch [PATH]}:
 * prints what changes, then applies it all in one transaction (or nothing, on any error).
 */
@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = RootCommand.VersionProvider.class,
        description = {"Import a configuration exported by `switchboard export`, or cc-switch's providers.",
                "Prints what changes; everything is checked first, and nothing changes when anything is wrong."})
final class ImportCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "A file written by `export`.")
    String file;

    @Option(names = "--replace", description = "Make the store exactly what the file says (default: merge, which"
            + " adds and updates but removes nothing).")
    boolean replace;

    @Option(names = {"-n", "--dry-run"}, description = "Only show what would change.")
    boolean dryRun;

    @Option(names = "--cc-switch", arity = "0..1", paramLabel = "PATH", fallbackValue = "",
            description = "Import cc-switch's providers (default: ~/.cc-switch/cc-switch.db), as a merge.")
    String ccSwitch;

    @Override
    public Integer call() {
        if (ccSwitch != null) {
            if (file != null || replace) {
                throw new Main.UsageException("--cc-switch takes only an optional PATH (and --dry-run); it always"
                        + " merges.");
            }
            return ccSwitch();
        }
        if (file == null) {
            throw new Main.UsageException("Give the FILE to import, or --cc-switch.");
        }
        var doc = read(file); // before the store is opened: a refused file changes nothing
        var mode = replace ? ConfigImport.Mode.REPLACE : ConfigImport.Mode.MERGE;
        try (var store = root.openStore()) {
            var changes = dryRun ? ConfigImport.preview(store, doc, mode) : ConfigImport.apply(store, doc, mode);
            report(changes, List.of());
        }
        return Main.OK;
    }

    private int ccSwitch() {
        var path = ccSwitch.isBlank() ? CcSwitchImport.defaultPath(Path.of(System.getProperty("user.home")))
                : Path.of(ccSwitch);
        try (var store = root.openStore()) {
            var outcome = dryRun ? CcSwitchImport.preview(store, path) : CcSwitchImport.apply(store, path);
            report(outcome.changes(), outcome.skipped());
        }
        return Main.OK;
    }

    private void report(List<ConfigImport.Change> changes, List<String> skipped) {
        var out = root.env.out();
        changes.forEach(c -> out.println(c.line()));
        skipped.forEach(s -> out.println("skipped " + s));
        if (changes.isEmpty()) {
            out.println("Nothing to change: the store already matches.");
        } else if (dryRun) {
            out.println(changes.size() + (changes.size() == 1 ? " change" : " changes")
                    + " (dry run: nothing was changed).");
        } else {
            out.println("Imported: " + changes.size() + (changes.size() == 1 ? " change." : " changes."));
        }
        var keyless = changes.stream().filter(ConfigImport.Change::needsKey).map(ConfigImport.Change::name).toList();
        if (!keyless.isEmpty()) {
            // a file exported without keys: its new channels arrive disabled until each gets its key
            var hint = keyless.size() == 1 ? root.hint("channels edit %s --key -", keyless.get(0))
                    : root.hint("channels edit <name> --key -");
            Text.wrap((keyless.size() == 1 ? "1 channel " : keyless.size() + " channels ")
                    + (dryRun ? "would need" : "need") + " a key and " + (dryRun ? "would stay" : "stay")
                    + " disabled until given one: " + String.join(", ", keyless) + ". Give each its key: " + hint,
                    Text.WIDTH).forEach(out::println);
        }
        var more = changes.stream().filter(ConfigImport.Change::needsMoreThanKey).map(ConfigImport.Change::name)
                .toList();
        for (var name : more) {
            // withheld header values or a masked proxy password: the line above says which; show names the command
            Text.wrap("'" + name + "' " + (dryRun ? "would stay" : "stays") + " disabled until given what the file"
                    + " withheld. " + root.hint("channels show %s", name) + " says what and how.", Text.WIDTH)
                    .forEach(out::println);
        }
        out.flush();
    }

    /** The configuration in {@code name}; `-` reads standard input. Size and nesting are bounded by the store. */
    private ConfigDocument read(String name) {
        if (!name.equals("-")) {
            return ConfigDocument.read(Path.of(name));
        }
        try {
            return ConfigDocument.read(root.env.in(), "Standard input");
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "Cannot read standard input: " + e.getMessage());
        }
    }
}
