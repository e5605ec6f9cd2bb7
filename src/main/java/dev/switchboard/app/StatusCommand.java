package dev.switchboard.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code switchboard status}: where the data is, what is configured, whether a gateway answers. */
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
            out.println("channels:    " + snapshot.channels().size() + " ("
                    + snapshot.channels().stream().filter(c -> c.enabled()).count() + " enabled)");
            var routable = snapshot.routableEntries();
            long cooling = routable.stream().filter(e -> snapshot.health(e.id()).coolingAt(now)).count();
            long sysDisabled = snapshot.entries().stream().filter(e -> snapshot.health(e.id()).systemDisabled()).count();
            out.println("entries:     " + snapshot.entries().size() + " (" + routable.size() + " routable, " + cooling
                    + " cooling down, " + sysDisabled + " disabled by the system)");
            out.println("groups:      " + String.join(", ", snapshot.groups().stream().map(g -> g.name() + " ("
                    + g.memberIds().size() + ")").toList()));
            out.println("requests:    " + store.usage().count() + " logged");
            var s = snapshot.settings();
            var host = ServeCommand.isLoopback(s.bind()) || s.bind().startsWith("0.") || s.bind().equals("::")
                    ? "127.0.0.1" : s.bind();
            if (host.contains(":")) {
                host = "[" + host + "]";
            }
            var base = "http://" + host + ":" + s.port();
            out.println("gateway:     " + base + " — " + probe(base));
            out.flush();
            return Main.OK;
        }
    }

    private static String probe(String base) {
        try {
            var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            var response = client.send(HttpRequest.newBuilder(URI.create(base + "/healthz"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"status\"")
                    ? "running" : "something else answers there (HTTP " + response.statusCode() + ")";
        } catch (IOException e) {
            return "not running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
