package dev.switchboard.app;

import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code switchboard}: without a subcommand, runs the gateway (like {@code switchboard serve}). Its subcommands are
 * registered by {@link Main#commandLine(Env, boolean)}, not in this annotation: a start without a command builds
 * only the gateway's.
 */
@Command(name = "switchboard",
        mixinStandardHelpOptions = true,
        versionProvider = RootCommand.VersionProvider.class,
        description = {
                "A local gateway for AI APIs: point every client at one address; Switchboard routes each call to"
                        + " one of your providers, converts protocols, and fails over when one is down.",
                "",
                "Without a command, runs the gateway (the same as `serve`)."})
final class RootCommand implements Callable<Integer> {
    final Env env;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Folder holding switchboard.db (default: the jar's folder, or $SWITCHBOARD_HOME).")
    String dataDir;

    @Mixin
    ServeCommand.Options serveOptions = new ServeCommand.Options();

    RootCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        return ServeCommand.serve(this, serveOptions);
    }

    /**
     * A command line for a hint, as the person can paste it: how they started Switchboard, their
     * {@code --data-dir} if they gave one (else the hint would act on another folder), then {@code format} with
     * each {@code %s} replaced by the next name, quoted for the shell where it needs quoting.
     */
    String hint(String format, Object... names) {
        var quoted = new Object[names.length];
        for (int i = 0; i < names.length; i++) {
            quoted[i] = Invocation.arg(String.valueOf(names[i]));
        }
        var folder = dataDir == null || dataDir.isBlank() ? "" : " --data-dir " + Invocation.arg(dataDir.strip());
        return env.command() + folder + " " + String.format(java.util.Locale.ROOT, format, quoted);
    }

    DataFolder dataFolder() {
        var folder = DataFolder.resolve(dataDir, env.variables(), env.homeFolder(), env.userDataDir());
        folder.notices().forEach(n -> env.err().println("note: " + n));
        return folder;
    }

    /** Opens the store for a short CLI run; tells the person anything that happened on opening. */
    Store openStore() {
        Logging.forCli();
        var folder = dataFolder();
        var store = Store.open(folder.path(), Database.Check.QUICK, env.clock());
        store.notices().forEach(n -> env.err().println("note: " + n));
        return store;
    }

    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            var java = "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
            if (Version.github().isEmpty()) {
                return new String[] {"Switchboard " + Version.current(), java};
            }
            return new String[] {"Switchboard " + Version.current(), java,
                    "Releases: https://github.com/" + Version.github() + "/releases"};
        }
    }
}
