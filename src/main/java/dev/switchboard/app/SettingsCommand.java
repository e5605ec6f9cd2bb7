package dev.switchboard.app;

import dev.switchboard.store.ControlChars;
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
            // One block per setting, not a table: a table is as wide as its longest meaning (about 400
            // columns); this fits 100 columns, the width of a terminal people actually have.
            int keyWidth = 0;
            for (var s : Setting.values()) {
                keyWidth = Math.max(keyWidth, s.key().length());
            }
            var indent = " ".repeat(keyWidth + 2);
            for (var s : Setting.values()) {
                var value = Masking.setting(s, settings.raw(s));
                var shown = (value.isEmpty() ? "(empty)" : value) + "  " + (settings.isDefault(s) ? "(default)"
                        : "(default: " + (s.defaultValue().isEmpty() ? "empty" : s.defaultValue()) + ")");
                var lines = Text.wrap(ControlChars.escape(shown), Text.WIDTH - indent.length());
                out.println(s.key() + " ".repeat(keyWidth + 2 - s.key().length()) + lines.get(0));
                lines.stream().skip(1).forEach(l -> out.println(indent + l));
                Text.wrap(s.description(), Text.WIDTH - 4).forEach(l -> out.println("    " + l));
            }
            out.flush();
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
