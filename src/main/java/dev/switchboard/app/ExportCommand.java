package dev.switchboard.app;

import dev.switchboard.store.ConfigExport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code switchboard export [FILE|-] [--include-keys]}: the whole configuration as JSON (docs/CONFIG_FORMAT.md). */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = RootCommand.VersionProvider.class,
        description = {"Export channels, entries, groups and settings as JSON (docs/CONFIG_FORMAT.md).",
                "Keys, header values and proxy passwords are left out unless --include-keys is given."})
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "Where to write it; `-` or nothing for standard output.")
    String file;

    @Option(names = "--include-keys", description = "Include API keys, header values and proxy passwords.")
    boolean includeKeys;

    @Override
    public Integer call() {
        String json;
        try (var store = root.openStore()) {
            json = ConfigExport.toJson(store, includeKeys);
        }
        var err = root.env.err();
        if (file == null || file.equals("-")) {
            if (includeKeys) {
                err.println("warning: the output includes API keys and other secrets in plain text.");
            }
            root.env.out().print(json);
            root.env.out().flush();
            return Main.OK;
        }
        var path = Path.of(file);
        write(path, json);
        if (includeKeys) {
            err.println("warning: " + path + " includes API keys and other secrets in plain text; keep it private"
                    + " and delete it when done.");
        }
        root.env.out().println("Exported the configuration to " + path + (includeKeys ? " (keys included)."
                : " (keys left out; import it with the same channels present to keep their keys)."));
        return Main.OK;
    }

    /**
     * Owner-only before the first byte is written: an export with keys must not be readable by others even for
     * a moment. A file system without POSIX permissions (Windows, FAT) keeps its folder's ACLs.
     */
    static void write(Path path, String text) {
        try {
            if (!Files.exists(path)) {
                try {
                    Files.createFile(path, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createFile(path);
                }
            } else {
                try {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // the folder's ACLs apply
                }
            }
            Files.writeString(path, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + path + ": " + e.getMessage() + ".", e);
        }
    }
}
