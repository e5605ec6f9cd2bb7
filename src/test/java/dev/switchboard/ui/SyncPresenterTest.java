package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Store;
import dev.switchboard.sync.DavServer;
import dev.switchboard.sync.SyncService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sync section's logic without a display: set up, push, status, and a conflict's three answers, over two real
 * stores (two machines) and a WebDAV folder ({@link DavServer}).
 */
class SyncPresenterTest {
    static final String PASSPHRASE = "a long FAKE passphrase";
    static final String KEY = "sk-FAKE-presenter-key-1";

    @TempDir
    Path mine;
    @TempDir
    Path theirs;

    private DavServer dav;
    private Store here;
    private Store there;
    private SyncService otherMachine;
    private SyncPresenter presenter;
    private final Messages en = Messages.of("en", Locale.ENGLISH);

    /** Answers the passphrase and the conflict as a test says; records the conflict it was shown. */
    private static final class Answers implements SyncPresenter.Dialogs {
        final String passphrase;
        final SyncPresenter.Choice choice;
        String explanation;
        List<String> shown = new ArrayList<>();

        Answers(String passphrase, SyncPresenter.Choice choice) {
            this.passphrase = passphrase;
            this.choice = choice;
        }

        @Override
        public String askPassphrase(boolean push) {
            return passphrase;
        }

        @Override
        public SyncPresenter.Choice resolve(String explanation, List<String> differences) {
            this.explanation = explanation;
            this.shown = differences;
            return choice;
        }
    }

    @BeforeEach
    void start() {
        dav = new DavServer();
        here = Store.open(mine, Database.Check.QUICK, Clock.systemUTC());
        here.channels().create(new ChannelDraft("relay", ApiType.OPENAI, "https://relay.example.test/v1",
                List.of(KEY), Map.of(), null, Map.of(), true));
        there = Store.open(theirs, Database.Check.QUICK, Clock.systemUTC());
        otherMachine = new SyncService(there, theirs, Clock.systemUTC());
        otherMachine.setUp(dav.folderUrl(), DavServer.USER, DavServer.PASSWORD);
        presenter = new SyncPresenter(new SyncService(here, mine, Clock.systemUTC()), en);
    }

    @AfterEach
    void stop() {
        here.close();
        there.close();
        dav.close();
    }

    /** Both machines synced, then each changes a setting: a conflict. */
    private void conflict() {
        assertEquals(SyncPresenter.Tone.OK, presenter.push(new Answers(PASSPHRASE, null)).tone());
        otherMachine.pull(PASSPHRASE, false);
        there.settings().set(Setting.MAX_ATTEMPTS, "2");
        otherMachine.push(PASSPHRASE, false);
        here.settings().set(Setting.COOLDOWN_SECONDS, "60");
    }

    @Test
    void setUpPushAndStatusSayWhatHappened() {
        assertEquals("never", presenter.setup().lastSync());
        var refused = presenter.save(dav.folderUrl(), DavServer.USER, "wrong-FAKE-password");
        assertEquals(SyncPresenter.Tone.BAD, refused.tone());
        assertTrue(refused.text().contains("HTTP 401"), refused.text());

        var saved = presenter.save(dav.folderUrl(), DavServer.USER, DavServer.PASSWORD);
        // the other machine's setup made the folder already
        assertEquals("Saved; the server accepted the user and password.", saved.text());
        var setup = presenter.setup();
        assertEquals(dav.folderUrl(), setup.url());
        assertTrue(setup.hasPassword());
        // saving again with the password field left empty keeps the stored one
        assertEquals(SyncPresenter.Tone.OK, presenter.save(dav.folderUrl(), DavServer.USER, "").tone());

        assertTrue(presenter.status().text().startsWith("Never synced; the folder is empty"));
        var pushed = presenter.push(new Answers(PASSPHRASE, null));
        assertEquals("Pushed this machine's configuration (keys encrypted with the passphrase).", pushed.text());
        assertFalse(dav.file().contains(KEY));
        var status = presenter.status();
        assertTrue(status.text().startsWith("In sync."), status.text());
        assertEquals(SyncPresenter.Tone.OK, status.tone());
    }

    @Test
    void aConflictIsShownAndKeepMinePushesThisMachinesConfiguration() {
        presenter.save(dav.folderUrl(), DavServer.USER, DavServer.PASSWORD);
        conflict();
        var answers = new Answers(PASSPHRASE, SyncPresenter.Choice.KEEP_MINE);
        var report = presenter.push(answers);
        assertEquals(en.get("sync.conflict.both"), answers.explanation);
        assertTrue(answers.shown.contains("setting max-attempts: 5 here, 2 in the sync folder"), answers.shown.toString());
        assertTrue(answers.shown.contains("setting cooldown-seconds: 60 here, 300 in the sync folder"));
        assertEquals(SyncPresenter.Tone.OK, report.tone(), report.text());
        otherMachine.pull(PASSPHRASE, true);
        assertEquals(60, there.settings().load().cooldown().toSeconds());
    }

    @Test
    void takeTheirsPullsAndSaysWhereTheBackupIs() {
        presenter.save(dav.folderUrl(), DavServer.USER, DavServer.PASSWORD);
        conflict();
        var report = presenter.pull(new Answers(PASSPHRASE, SyncPresenter.Choice.TAKE_THEIRS));
        assertEquals(SyncPresenter.Tone.OK, report.tone(), report.text());
        assertTrue(report.text().contains(mine.resolve("backups").toString()), report.text());
        assertEquals(2, here.settings().load().maxAttempts());
        assertTrue(report.differences().contains("+ setting max-attempts (2)"), report.differences().toString());
    }

    @Test
    void cancellingChangesNothing() {
        presenter.save(dav.folderUrl(), DavServer.USER, DavServer.PASSWORD);
        assertEquals(en.get("sync.cancelled"), presenter.push(new Answers(null, null)).text());
        assertNull(dav.file());
        conflict();
        int puts = dav.puts();
        var report = presenter.push(new Answers(PASSPHRASE, SyncPresenter.Choice.CANCEL));
        assertEquals(en.get("sync.cancelled"), report.text());
        assertEquals(puts, dav.puts());
        assertEquals(60, here.settings().load().cooldown().toSeconds());
        assertFalse(report.differences().isEmpty(), "a cancelled conflict still shows what differs");
    }

    @Test
    void theDifferencesAreInTheWindowsLanguage() {
        presenter.save(dav.folderUrl(), DavServer.USER, DavServer.PASSWORD);
        conflict();
        var zh = new SyncPresenter(new SyncService(here, mine, Clock.systemUTC()), Messages.of("zh", Locale.ENGLISH));
        var status = zh.status();
        assertTrue(status.text().startsWith("本机和文件夹自上次同步后都有改动"), status.text());
        assertTrue(status.differences().contains("设置 max-attempts：本机 5，同步文件夹 2"), status.differences().toString());
    }
}
