package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.Setting;
import dev.switchboard.update.ReleaseServer;
import dev.switchboard.update.UpdateInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's update check against a local "GitHub Releases" (the update-url setting points at it). */
class UpdateControllerTest {
    @TempDir
    Path dir;
    UiFixture f;
    ReleaseServer releases;
    DesktopApp desktop;

    @BeforeEach
    void setUp() throws Exception {
        UiFixture.assumeDisplay();
        f = new UiFixture(dir);
        releases = new ReleaseServer();
        f.store.settings().set(Setting.UPDATE_URL, releases.releasesUrl());
        f.store.settings().set(Setting.CHECK_UPDATES, "false"); // the test asks, not the start
        desktop = DesktopApp.start(f.app, List.of(), a -> { });
    }

    @AfterEach
    void tearDown() throws Exception {
        if (desktop != null) {
            UiFixture.onEdt(() -> {
                desktop.quit();
                return null;
            });
        }
        if (releases != null) {
            releases.close();
        }
        if (f != null) {
            f.close();
        }
    }

    @Test
    void checkingShowsTheNewVersionAndAFailedDownloadSaysWhyAndChangesNothing() throws Exception {
        var jar = Files.write(dir.resolve("switchboard.jar"), new byte[] {1, 2, 3});
        releases.publish("v99.0.0", "99.0.0", "Faster failover.", List.of(jar));

        desktop.updates().checkNow().get(30, TimeUnit.SECONDS);
        var banners = UiFixture.onEdt(() -> DesktopAppTest.texts(desktop.mainWindow().frame().getContentPane()));
        assertTrue(banners.stream().anyMatch(t -> t.contains("Switchboard 99.0.0 is available (you have test)")),
                banners::toString);

        // The tests run from classes, not from switchboard.jar: the download is refused, in words, and no update
        // is left waiting for the next start.
        UiFixture.onEdt(() -> desktop.updates().download(new UpdateInfo("99.0.0", "Faster failover.", "v99.0.0")))
                .get(30, TimeUnit.SECONDS);
        var after = UiFixture.onEdt(() -> DesktopAppTest.texts(desktop.mainWindow().frame().getContentPane()));
        assertTrue(after.stream().anyMatch(t -> t.contains("Switchboard 99.0.0 was not downloaded")
                && t.contains("runs from its classes") && t.contains("this version keeps working")), after::toString);
        assertTrue(f.app.updater().pending().isEmpty());
    }

    @Test
    void checkingWhenCurrentSaysSo() throws Exception {
        var jar = Files.write(dir.resolve("switchboard.jar"), new byte[] {1, 2, 3});
        releases.publish("vtest", "test", "", List.of(jar));
        desktop.updates().checkNow().get(30, TimeUnit.SECONDS);
        var banners = UiFixture.onEdt(() -> DesktopAppTest.texts(desktop.mainWindow().frame().getContentPane()));
        assertTrue(banners.stream().anyMatch(t -> t.contains("Switchboard test is the latest version")),
                banners::toString);
    }
}
