package dev.switchboard.app;

import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.routing.SceneRules;
import dev.switchboard.service.BindAddress;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code switchboard status}: where the data is, what is configured, whether a gateway answers, and where Prometheus
 * scrapes it.
 */
@Command(name = "status", description = "Show the data folder, what is configured and whether the gateway is running.",
        mixinStandardHelpOptions = true, versionProvider = RootCommand.VersionProvider.class)
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Override
    public Integer call() {
        try (var store = root.openStore()) {
            var out = root.env.out();
            var snapshot = store.snapshot();
            var file = store.database().file();
            var now = root.env.clock().instant();
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                size = -1;
            }
            out.println("Switchboard " + Version.current());
            out.println("data folder: " + file.getParent());
            out.println("database:    " + file.getFileName() + " (" + (size / 1024) + " KiB)");
            long needKey = snapshot.channels().stream().filter(c -> c.needsKey()).count();
            long needMore = snapshot.channels().stream().filter(c -> c.needsSecrets() && !c.needsKey()).count();
            out.println("channels:    " + snapshot.channels().size() + " ("
                    + snapshot.channels().stream().filter(c -> c.enabled()).count() + " enabled"
                    + (needKey == 0 ? "" : ", " + needKey + " " + (needKey == 1 ? "needs" : "need")
                    + " a key")
                    + (needMore == 0 ? "" : ", " + needMore + " " + (needMore == 1 ? "needs" : "need")
                    + " header values or a proxy password") + ")");
            var routable = snapshot.routableEntries();
            long cooling = routable.stream().filter(e -> snapshot.health(e.id()).coolingAt(now)).count();
            long sysDisabled = snapshot.entries().stream().filter(e -> snapshot.health(e.id()).systemDisabled()).count();
            out.println("entries:     " + snapshot.entries().size() + " (" + routable.size() + " routable, " + cooling
                    + " cooling down, " + sysDisabled + " disabled by the system)");
            out.println("groups:      " + String.join(", ", snapshot.groups().stream().map(g -> g.name() + " ("
                    + g.memberIds().size() + ")").toList()));
            if (!snapshot.rules().isEmpty()) {
                // scene rules, tried before the model name: how many could choose now (`rules list` says why not)
                var states = snapshot.rules().stream()
                        .map(r -> SceneRules.state(r, snapshot, now)).toList();
                long ready = states.stream().filter(st -> st == SceneRules.State.READY).count();
                long off = states.stream().filter(st -> st == SceneRules.State.OFF).count();
                long skipped = states.size() - ready - off;
                out.println("rules:       " + states.size() + " (" + ready + " ready" + (off == 0 ? "" : ", " + off
                        + " off") + (skipped == 0 ? "" : ", " + skipped + " skipped: see `rules list`") + ")");
            }
            out.println("requests:    " + store.usage().count() + " logged");
            var s = snapshot.settings();
            var host = BindAddress.isLoopback(s.bind()) || s.bind().startsWith("0.") || s.bind().equals("::")
                    ? "127.0.0.1" : s.bind();
            if (host.contains(":")) {
                host = "[" + host + "]";
            }
            var configured = "http://" + host + ":" + s.port();
            out.println("gateway:     " + gateway(file.getParent(), configured));
            out.println("metrics:     " + address(file.getParent(), configured) + GatewayMetrics.PATH);
            out.flush();
            return Main.OK;
        }
    }

    /**
     * Where this folder's gateway is and whether it answers. The Switchboard running for the folder says where
     * it listens (its instance file leads to it), which need not be the configured address: {@code serve --port},
     * or a port setting changed since it started. Without one (none runs, its instance file is stale, or it is an
     * older version that does not say), the configured address is probed as it always was.
     */
    private static String gateway(Path folder, String configured) {
        var running = SingleInstance.running(folder);
        if (running.isEmpty()) {
            var answer = probe(configured);
            return configured + " — " + (answer == null ? "not running" : answer);
        }
        var at = running.get().gateway();
        if (at.isEmpty()) {
            return configured + " — not listening: Switchboard runs for this data folder, but its gateway is"
                    + " paused, starting, or could not start (see its window or log)";
        }
        var answer = probe(at.get());
        return at.get() + " — " + (answer == null ? "not answering, though Switchboard runs for this data folder"
                : answer) + (at.get().equals(configured) ? "" : " (the port and bind settings say " + configured
                + "; this run was started with others, or they changed since)");
    }

    /** Where this folder's gateway listens when it says so (see {@link #gateway}), else the configured address. */
    private static String address(Path folder, String configured) {
        return SingleInstance.running(folder).flatMap(r -> r.gateway()).orElse(configured);
    }

    /** "running", or what else answers at {@code base}; null when nothing does. */
    private static String probe(String base) {
        try {
            var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            var response = client.send(HttpRequest.newBuilder(URI.create(base + "/healthz"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"status\"")
                    ? "running" : "something else answers there (HTTP " + response.statusCode() + ")";
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
