package dev.switchboard.app;

import dev.switchboard.gateway.Gateway;
import dev.switchboard.service.BindAddress;
import dev.switchboard.service.GatewayState;
import dev.switchboard.service.IdleHeap;
import dev.switchboard.service.Lifecycle;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.Database;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Store;
import dev.switchboard.ui.DesktopApp;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code switchboard serve}: runs the gateway until stopped (Ctrl+C, SIGTERM, or Quit in the tray). */
@Command(name = "serve", description = "Run the gateway (headless when there is no display or with --headless).",
        mixinStandardHelpOptions = true, versionProvider = RootCommand.VersionProvider.class)
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Mixin
    Options options = new Options();

    static final class Options {
        @Option(names = "--headless", description = "Run without window or tray, even where there is a display.")
        boolean headless;

        @Option(names = "--port", paramLabel = "N", converter = PortOption.class,
                description = "Listen on this port for this run (default: the `port` setting, 9090; 0 = any free port).")
        Integer port;

        @Option(names = "--bind", paramLabel = "ADDRESS", converter = BindOption.class,
                description = "Listen on this address for this run (default: the `bind` setting, 127.0.0.1).")
        String bind;

        @Option(names = {"-v", "--verbose"}, description = "Log details to the console.")
        boolean verbose;
    }

    /**
     * {@code --port}: the {@code port} setting's rule, plus 0 for any free port. Checked while the command line is
     * parsed, so a bad value is refused before the data folder, the log or the database is touched.
     */
    static final class PortOption implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            if (value.strip().equals("0")) {
                return 0;
            }
            try {
                return Integer.valueOf(Setting.PORT.canonical(value));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage() + " 0 means any free port.");
            }
        }
    }

    /** {@code --bind}: the {@code bind} setting's rule, checked while parsing like {@link PortOption}. */
    static final class BindOption implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return Setting.BIND.canonical(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() {
        return serve(root, options);
    }

    static int serve(RootCommand root, Options options) {
        var env = root.env;
        var folder = root.dataFolder();
        Logging.forGateway(folder.path(), options.verbose);
        boolean desktop = !options.headless && DesktopApp.available();
        // Until the gateway or the window is up, a second start is told only that this one is starting.
        var answer = new AtomicReference<Supplier<String>>(() -> "starting");
        var claim = SingleInstance.acquire(folder.path(), () -> answer.get().get());
        if (claim instanceof SingleInstance.Claim.Taken taken) {
            if (desktop) {
                DesktopApp.alreadyRunning(taken.answer().orElse(""));
                return Main.OK;
            }
            env.err().println("error: Switchboard is already running for the data folder " + folder.path()
                    + taken.answer().filter(a -> a.startsWith("headless ")).map(a -> " at " + a.substring(9))
                    .orElse("") + ". Stop it first, or start this one with another --data-dir.");
            return Main.FAILURE;
        }
        var won = (SingleInstance.Claim.Won) claim;
        // a long-running process from here on: it gives back what a burst of traffic grew (daemon, ends with it)
        IdleHeap.start();
        var archive = PackagedArchive.ofThisProcess();
        archive.ifPresent(a -> a.checkAtStart(PackagedArchive.thisJvmShares()));
        Runnable writeArchive = () -> archive.ifPresent(a -> a.writeAtQuit(PackagedArchive.thisJvmRecords()));
        if (desktop) {
            return desktop(env, folder, options, won, answer, writeArchive);
        }
        Store store;
        try {
            store = Store.open(folder.path(), Database.Check.FULL, env.clock());
        } catch (RuntimeException e) {
            won.release();
            throw e;
        }
        try {
            store.notices().forEach(n -> env.err().println("note: " + n));
            var settings = store.settings().load();
            // --port and --bind were checked while parsing (PortOption, BindOption)
            int port = options.port != null ? options.port : settings.port();
            var bind = options.bind != null ? options.bind : settings.bind();
            if (!BindAddress.isLoopback(bind) && store.accessKeys().list().isEmpty()) {
                env.err().println("error: listening on " + bind + " would let other machines spend your keys, and no"
                        + " client access key exists. Create one first: `" + root.hint("keys create <name>") + "`,"
                        + " or listen on 127.0.0.1.");
                store.close();
                won.release();
                return Main.FAILURE;
            }
            var running = Switchboard.start(store, bind, port, Version.current(), env.clock());
            answer.set(() -> "headless " + running.gateway().baseUrl());
            won.gatewayAt(running.gateway().baseUrl()); // `status` finds it there, whatever port it was given
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                running.close();
                store.close(); // checkpoints: the folder is whole once we are gone
                won.release();
                writeArchive.run();
            }, "switchboard-shutdown"));
            banner(root, running.gateway(), folder, store);
            running.gateway().join();
            return Main.OK;
        } catch (RuntimeException e) {
            store.close();
            won.release();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.OK;
        }
    }

    /**
     * The desktop app: the window and tray over a gateway that can be paused. A port in use does not stop it:
     * the window opens and says which setting to change. Returns when the person chooses Quit.
     */
    private static int desktop(Env env, DataFolder folder, Options options, SingleInstance.Claim.Won won,
                               AtomicReference<Supplier<String>> answer, Runnable writeArchive) {
        Store store;
        try {
            store = Store.open(folder.path(), Database.Check.FULL, env.clock());
        } catch (RuntimeException e) {
            won.release();
            DesktopApp.cannotStart(e.getMessage());
            throw e;
        }
        var lifecycle = new Lifecycle(store, folder.path(), Version.current(), env.clock(), options.port, options.bind,
                url -> UpdateCommand.updater(folder.path(), DataFolder.jarFolderOf(Main.class), url, env.clock()));
        // `status` finds the gateway where it listens now: paused, resumed or restarted on another port
        lifecycle.addListener(state -> won.gatewayAt(state instanceof GatewayState.Running r ? r.baseUrl() : null));
        var closed = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable closeAll = () -> {
            if (closed.compareAndSet(false, true)) {
                lifecycle.close();
                store.close(); // checkpoints: the folder is whole once we are gone
                won.release();
                writeArchive.run();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(closeAll, "switchboard-shutdown"));
        try {
            DesktopApp.start(lifecycle, store.notices(), answer::set).awaitQuit();
        } finally {
            closeAll.run();
        }
        if (lifecycle.restartRequested()) {
            // Restart now: the lock is released, so the new process claims the folder; it installs a pending
            // update on its way up (StartupUpdate).
            try {
                StartupUpdate.relaunchBuilder(env, new String[0]).inheritIO().start();
            } catch (java.io.IOException e) {
                env.err().println("error: Could not start Switchboard again (" + e.getMessage() + "). Start it by hand.");
                return Main.FAILURE;
            }
        }
        return Main.OK;
    }

    private static void banner(RootCommand root, Gateway gateway, DataFolder folder, Store store) {
        var env = root.env;
        var out = env.out();
        var base = gateway.baseUrl();
        out.println("Switchboard " + Version.current() + " is listening on " + base);
        out.println("Data folder: " + folder.path() + " (" + Database.FILE_NAME + ")");
        out.println("Point OpenAI-compatible clients at " + base + "/v1, Anthropic and Gemini clients at " + base + ".");
        var snapshot = store.snapshot();
        if (snapshot.channels().isEmpty()) {
            out.println();
            out.println("No channels yet. Add your provider (from another terminal; no restart needed):");
            out.println("  " + root.hint("channels add my-provider --url https://api.example.com/v1 --key -"));
            out.println("  " + root.hint("entries add my-provider gpt-4o"));
        } else {
            out.println(snapshot.channels().size() + " channels, " + snapshot.routableEntries().size()
                    + " routable models. `" + root.hint("status") + "` shows more.");
        }
        out.println("Stop with Ctrl+C.");
        out.flush();
    }
}
