package dev.switchboard.app;

import dev.switchboard.store.Masking;
import dev.switchboard.store.Setting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code switchboard settings …}.
 *
 * <p>Scope INHERIT gives its subcommands (the methods below) --help and --version too.
 */
@Command(name = "settings", description = "Show and change settings. A running gateway picks changes up by itself"
        + " (port and bind take effect at its next start).", mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = RootCommand.VersionProvider.class)
final class SettingsCommand {
    @ParentCommand
    RootCommand root;

    @Command(name = "list", description = "Every setting with its value, default and meaning.")
    int list(@Option(names = "--json", description = "Print JSON.") boolean json) {
        try (var store = root.openStore()) {
            var settings = store.settings().load();
            var out = root.env.out();
            if (json) {
                var n = Json.object();
                for (var s : Setting.values()) {
                    n.put(s.key(), Masking.setting(s, settings.raw(s)));
                }
                Json.print(out, n);
                return Main.OK;
            }
            var table = new Table("SETTING", "VALUE", "DEFAULT", "MEANING");
            for (var s : Setting.values()) {
                table.row(s.key(), Masking.setting(s, settings.raw(s)),
                        settings.isDefault(s) ? "(default)" : s.defaultValue(), s.description());
            }
            table.print(out);
            return Main.OK;
        }
    }

    @Command(name = "get", description = "Print one setting's value.")
    int get(@Parameters(paramLabel = "KEY",
                    description = "A setting's name (see `settings list`).") String key) {
        var setting = Setting.of(key);
        try (var store = root.openStore()) {
            root.env.out().println(Masking.setting(setting, store.settings().load().raw(setting)));
            return Main.OK;
        }
    }

    @Command(name = "set", description = "Change a setting.")
    int set(@Parameters(index = "0", paramLabel = "KEY",
                    description = "A setting's name (see `settings list`).") String key,
            @Parameters(index = "1", paramLabel = "VALUE",
                    description = "The setting's new value.") String value) {
        var setting = Setting.of(key);
        var normalized = setting.normalize(value); // a bad value is refused before the database is opened
        try (var store = root.openStore()) {
            store.settings().set(setting, normalized);
            root.env.out().println(setting.key() + " = " + Masking.setting(setting, normalized) + restartNote(setting));
            return Main.OK;
        }
    }

    @Command(name = "reset", description = "Set a setting back to its default.")
    int reset(@Parameters(paramLabel = "KEY",
                    description = "A setting's name (see `settings list`).") String key) {
        var setting = Setting.of(key);
        try (var store = root.openStore()) {
            store.settings().reset(setting);
            root.env.out().println(setting.key() + " = " + setting.defaultValue() + " (default)" + restartNote(setting));
            return Main.OK;
        }
    }

    private static String restartNote(Setting s) {
        return s == Setting.PORT || s == Setting.BIND ? " (takes effect when the gateway starts next)" : "";
    }
}
