package dev.switchboard.ui;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.service.GatewayState;
import dev.switchboard.service.Lifecycle;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Store;
import dev.switchboard.store.UsageRecord;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;

/**
 * {@code scripts/screenshots}: runs the real desktop app against a demo data folder whose channels are mock
 * upstreams (WireMock), sends it real traffic, and saves each tab in light and dark as
 * {@code docs/screenshots/<tab>-<theme>.png}. Run it under Xvfb after every UI change.
 */
public final class ScreenshotTour {
    private static final String[] MODELS = {"gpt-4o", "claude-sonnet-4-5", "gemini-2.5-flash", "deepseek-chat"};

    private ScreenshotTour() {
    }

    public static void main(String[] args) throws Exception {
        var out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Files.createDirectories(out);
        var folder = Files.createTempDirectory("switchboard-demo");
        var relay = new WireMockServer(options().dynamicPort());
        var backup = new WireMockServer(options().dynamicPort());
        var fresh = new WireMockServer(options().dynamicPort());
        relay.start();
        backup.start();
        fresh.start();
        try {
            stubRelay(relay);
            stubBackup(backup);
            fresh.stubFor(get("/v1/models").willReturn(aResponse().withHeader("content-type", "application/json")
                    .withBody(modelList("gpt-4o", "claude-fable-5", "kimi-k2.7-code", "glm-5.2", "gemini-2.5-flash",
                            "text-embedding-3-small"))));
            var store = Store.open(folder, Database.Check.QUICK, Clock.systemUTC());
            seed(store, relay.baseUrl(), backup.baseUrl());
            // The pictures show the usual address when it is free here.
            var app = new Lifecycle(store, folder, "1.0.0", Clock.systemUTC(), portFree(9090) ? 9090 : 0, null,
                    UiFixture.updaters(folder, "1.0.0"));
            var desktop = DesktopApp.start(app, List.of(), a -> { });
            try {
                traffic((GatewayState.Running) app.state());
                new dev.switchboard.discovery.SpeedCheck(store, app.upstream(), Clock.systemUTC())
                        .run(dev.switchboard.discovery.Selection.all(), r -> { }, Duration.ofMinutes(1));
                for (var theme : List.of("light", "dark")) {
                    onEdt(() -> desktop.applyTheme(theme));
                    for (var tab : List.of("channels", "models", "usage", "settings", "connect")) {
                        onEdt(() -> desktop.selectTab(tab));
                        if (tab.equals("usage")) { // the week of history makes the better picture
                            onEdt(() -> ((UsageTab) desktop.mainWindow().tabs().get(2)).rangeBox().setSelectedIndex(1));
                        }
                        settle(desktop);
                        var file = out.resolve(tab + "-" + theme + ".png");
                        onEdt(() -> save(desktop.mainWindow(), file));
                        System.out.println("wrote " + file);
                    }
                    addChannelDialog(desktop, fresh.baseUrl(), out.resolve("add-channel-" + theme + ".png"));
                    trayMenu(desktop, out.resolve("tray-" + theme + ".png"));
                    // Settings in Chinese too: its help texts are the longest words the window has.
                    onEdt(() -> desktop.applyLanguage("zh"));
                    settle(desktop);
                    var zh = out.resolve("settings-zh-" + theme + ".png");
                    onEdt(() -> save(desktop.mainWindow(), zh));
                    System.out.println("wrote " + zh);
                    onEdt(() -> desktop.applyLanguage("en"));
                }
            } finally {
                onEdt(desktop::quit);
                app.close();
                store.close();
            }
        } finally {
            relay.stop();
            backup.stop();
            fresh.stop();
        }
        System.exit(0);
    }

    private static void seed(Store store, String relayUrl, String backupUrl) {
        store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, relayUrl + "/v1",
                List.of("demo-key-relay-0001")));
        store.channels().create(ChannelDraft.of("backup", ApiType.OPENAI, backupUrl + "/v1",
                List.of("demo-key-backup-0002")));
        for (var m : MODELS) {
            store.entries().add("relay", m, null, true);
        }
        store.entries().add("backup", "gpt-4o-mini", null, true);
        store.entries().createGroup("coding");
        store.entries().addMember("coding", "relay/claude-sonnet-4-5", null);
        store.entries().addMember("coding", "relay/deepseek-chat", null);
        store.accessKeys().create("laptop");
        store.settings().set(Setting.PORT, "9090");
        // A week of history, so that the usage chart has a shape; today's requests come from real traffic.
        var random = new Random(7);
        var records = new ArrayList<UsageRecord>();
        var now = Instant.now();
        for (int day = 7; day >= 1; day--) {
            int n = 20 + random.nextInt(30);
            for (int i = 0; i < n; i++) {
                var at = now.minus(Duration.ofDays(day)).plusSeconds(random.nextInt(36_000));
                var model = MODELS[random.nextInt(MODELS.length)];
                boolean ok = random.nextInt(12) != 0;
                long in = 300 + random.nextInt(4_000);
                long outTokens = ok ? 50 + random.nextInt(900) : 0;
                var attempts = new ArrayList<UsageRecord.Attempt>();
                if (!ok || random.nextInt(6) == 0) {
                    attempts.add(new UsageRecord.Attempt(null, "backup", "gpt-4o-mini", 0, 429, LoggedOutcome.TRANSIENT,
                            120L, 130L, "rate limited"));
                }
                if (ok) {
                    attempts.add(new UsageRecord.Attempt(null, "relay", model, 0, 200, LoggedOutcome.SUCCESS,
                            300L + random.nextInt(500), 900L + random.nextInt(3_000), null));
                }
                var last = attempts.get(attempts.size() - 1);
                records.add(new UsageRecord(at, "chat", ok ? "auto" : model, true, null, last.channelName(),
                        last.upstreamModel(), last.status(), last.outcome(), last.ttfbMs(), last.totalMs(),
                        new UsageRecord.Tokens(in, outTokens, in / 3, 0L, 0L), ok ? null : "rate limited",
                        attempts));
            }
        }
        store.usage().insert(records);
    }

    /** Real requests through the gateway: successes, and failovers away from the rate-limited backup. */
    private static void traffic(GatewayState.Running running) throws Exception {
        var client = HttpClient.newHttpClient();
        for (int i = 0; i < 24; i++) {
            var model = i % 6 == 0 ? "gpt-4o-mini" : i % 4 == 0 ? "coding" : "auto";
            var body = "{\"model\":\"" + model + "\",\"stream\":" + (i % 2 == 0)
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
            client.send(HttpRequest.newBuilder(URI.create(running.baseUrl() + "/v1/chat/completions"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    /**
     * The add-channel dialog after a pasted URL and key were detected and the models fetched: the evidence and the
     * recent models ticked. Painted without being shown, since it is modal.
     */
    private static void addChannelDialog(DesktopApp desktop, String url, Path file) throws Exception {
        var holder = new AddChannelDialog[1];
        onEdt(() -> {
            var channels = (ChannelsTab) desktop.mainWindow().tabs().get(0);
            holder[0] = channels.newAddDialog();
            holder[0].urlField().setText(url);
            holder[0].keyField().setText("demo-key-new-0003");
            holder[0].nameField().setText("new-relay");
        });
        var dialog = holder[0];
        var detected = new java.util.concurrent.CompletableFuture[1];
        onEdt(() -> detected[0] = dialog.detect());
        detected[0].get(60, java.util.concurrent.TimeUnit.SECONDS); // Detect lists the models too
        onEdt(() -> {
            var d = dialog.dialog();
            d.pack();
            d.setSize(Math.max(d.getWidth(), 900), Math.max(d.getHeight(), 640));
            d.validate();
            var root = d.getRootPane();
            var image = new BufferedImage(root.getWidth(), root.getHeight(), BufferedImage.TYPE_INT_RGB);
            var g = image.createGraphics();
            try {
                root.paint(g);
            } finally {
                g.dispose();
            }
            try {
                ImageIO.write(image, "png", file.toFile());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            d.dispose();
        });
        System.out.println("wrote " + file);
    }

    /**
     * The tray menu: the {@link TrayPopup} the tray icon opens, opened the way the icon opens it (from its little
     * invoker window at a point on the screen, in the current theme) and captured from the screen with a
     * {@link java.awt.Robot}. Xvfb has no system tray, so the click on the icon is the one step not taken.
     */
    private static void trayMenu(DesktopApp desktop, Path file) throws Exception {
        // The popup may close again before the capture when Xvfb moves its invoker window late (FlatLaf closes a
        // popup whose window moves): a tool, not a test, so it tries again.
        for (int attempt = 1; ; attempt++) {
            try {
                captureTrayMenu(desktop, file);
                return;
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (!(e.getCause() instanceof java.awt.IllegalComponentStateException) || attempt == 5) {
                    throw e;
                }
                System.out.println("the tray menu closed before its capture; again (" + attempt + ")");
            }
        }
    }

    private static void captureTrayMenu(DesktopApp desktop, Path file) throws Exception {
        var popup = new TrayPopup[1];
        var menu = new javax.swing.JPopupMenu[1];
        onEdt(() -> {
            popup[0] = new TrayPopup(desktop, desktop.text());
            popup[0].update(desktop.trayItems(), desktop.text());
            menu[0] = popup[0].show(new java.awt.Point(24, 24));
        });
        try {
            var robot = new java.awt.Robot();
            robot.waitForIdle();
            Thread.sleep(300); // a tool, not a test: the X server paints the new window
            robot.waitForIdle();
            var bounds = new java.awt.Rectangle[1];
            onEdt(() -> bounds[0] = new java.awt.Rectangle(menu[0].getLocationOnScreen(), menu[0].getSize()));
            ImageIO.write(robot.createScreenCapture(bounds[0]), "png", file.toFile());
        } finally {
            onEdt(() -> popup[0].close());
        }
        System.out.println("wrote " + file);
    }

    private static String modelList(String... ids) {
        var list = new StringBuilder("{\"object\":\"list\",\"data\":[");
        for (int i = 0; i < ids.length; i++) {
            list.append(i == 0 ? "" : ",").append("{\"id\":\"").append(ids[i]).append("\",\"object\":\"model\"}");
        }
        return list.append("]}").toString();
    }

    private static void stubRelay(WireMockServer relay) {
        relay.stubFor(get("/v1/models").willReturn(aResponse().withHeader("content-type", "application/json")
                .withBody(modelList(MODELS))));
        relay.stubFor(post("/v1/chat/completions").willReturn(aResponse().withFixedDelay(180)
                .withHeader("content-type", "application/json")
                .withBody("{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{"
                        + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello!\"},\"finish_reason\":"
                        + "\"stop\"}],\"usage\":{\"prompt_tokens\":820,\"completion_tokens\":64,\"total_tokens\":884}}")));
        relay.stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withFixedDelay(240).withHeader("content-type", "text/event-stream")
                        .withBody(sse())));
    }

    private static void stubBackup(WireMockServer backup) {
        backup.stubFor(get("/v1/models").willReturn(aResponse().withHeader("content-type", "application/json")
                .withBody("{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\",\"object\":\"model\"}]}")));
        backup.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429)
                .withHeader("retry-after", "600").withHeader("content-type", "application/json")
                .withBody("{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"rate_limit\"}}")));
    }

    private static String sse() {
        var chunk = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{%s},\"finish_reason\":%s}]%s}\n\n";
        return String.format(chunk, "\"role\":\"assistant\",\"content\":\"Hel\"", "null", "")
                + String.format(chunk, "\"content\":\"lo!\"", "null", "")
                + String.format(chunk, "", "\"stop\"",
                ",\"usage\":{\"prompt_tokens\":640,\"completion_tokens\":48,\"total_tokens\":688}")
                + "data: [DONE]\n\n";
    }

    private static boolean portFree(int port) {
        try (var s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Waits until the window's background work and the event queue are done. */
    private static void settle(DesktopApp desktop) throws Exception {
        for (int i = 0; i < 100; i++) {
            onEdt(() -> { });
            if (desktop.backgroundWork() == 0) {
                break;
            }
            Thread.sleep(50); // a tool, not a test: waiting for the window to finish loading
        }
        Thread.sleep(300); // the chart and tables lay out after their data arrives
        onEdt(() -> { });
    }

    private static void save(MainWindow window, Path file) {
        var root = window.frame().getRootPane();
        var image = new BufferedImage(root.getWidth(), root.getHeight(), BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        try {
            root.paint(g);
        } finally {
            g.dispose();
        }
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void onEdt(Runnable r) throws Exception {
        SwingUtilities.invokeAndWait(r);
    }

}
