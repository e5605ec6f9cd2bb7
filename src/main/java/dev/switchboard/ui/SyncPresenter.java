package dev.switchboard.ui;

import dev.switchboard.store.ConfigImport;
import dev.switchboard.sync.Difference;
import dev.switchboard.sync.SyncConflict;
import dev.switchboard.sync.SyncResult;
import dev.switchboard.sync.SyncService;
import dev.switchboard.sync.SyncState;
import dev.switchboard.sync.SyncStatus;
import dev.switchboard.sync.SyncTarget;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Settings tab's Sync section without the Swing: setting up the WebDAV folder, Status, Push and Pull through the
 * same {@link SyncService} the CLI and the admin API use, and the conflict's choice. Every method runs to its end on
 * the caller's thread (the panel calls it in the background), asking {@link Dialogs} when the person must answer:
 * the passphrase each time (never kept), and on a conflict, keep mine, take theirs or cancel.
 */
final class SyncPresenter {
    /** What the person chooses when both sides changed. */
    enum Choice { KEEP_MINE, TAKE_THEIRS, CANCEL }

    /** The questions the section asks; the panel shows dialogs, tests answer them. */
    interface Dialogs {
        /** The passphrase, or null when the person cancelled. */
        String askPassphrase(boolean push);

        /** What to do about a conflict, shown with its explanation and what differs. */
        Choice resolve(String explanation, List<String> differences);
    }

    enum Tone { OK, MUTED, BAD }

    /** What the section shows after an action: a sentence, its tone, and what differs when that matters. */
    record Report(String text, Tone tone, List<String> differences) {
        Report {
            differences = List.copyOf(differences);
        }

        Report(String text, Tone tone) {
            this(text, tone, List.of());
        }
    }

    /** The fields' contents: never the password, only whether one is stored. */
    record Setup(String url, String user, boolean hasPassword, String lastSync) {
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final SyncService sync;
    private final Messages text;

    SyncPresenter(SyncService sync, Messages text) {
        this.sync = sync;
        this.text = text;
    }

    Setup setup() {
        var t = sync.target().orElse(null);
        if (t == null) {
            return new Setup("", "", false, text.get("sync.never"));
        }
        return new Setup(t.url(), t.user(), t.hasPassword(), lastSync(t));
    }

    /**
     * Checks and stores the folder.
     *
     * @param password empty keeps the stored one
     */
    Report save(String url, String user, String password) {
        return guarded(() -> {
            boolean created = sync.setUp(url, user, password == null || password.isEmpty() ? null : password);
            return new Report(text.get(created ? "sync.saved.created" : "sync.saved"), Tone.OK);
        });
    }

    Report status() {
        return guarded(() -> {
            var status = sync.status();
            var tone = switch (status.state()) {
                case IN_SYNC -> Tone.OK;
                case CONFLICT -> Tone.BAD;
                default -> Tone.MUTED;
            };
            return new Report(stateText(status), tone, lines(status.differences()));
        });
    }

    Report push(Dialogs dialogs) {
        return transfer(dialogs, true);
    }

    Report pull(Dialogs dialogs) {
        return transfer(dialogs, false);
    }

    private Report transfer(Dialogs dialogs, boolean push) {
        if (sync.target().isEmpty()) {
            return new Report(text.get("sync.notSetUp"), Tone.BAD);
        }
        var passphrase = dialogs.askPassphrase(push);
        if (passphrase == null) {
            return new Report(text.get("sync.cancelled"), Tone.MUTED);
        }
        return guarded(() -> {
            try {
                return done(push ? sync.push(passphrase, false) : sync.pull(passphrase, false));
            } catch (SyncConflict conflict) {
                var choice = dialogs.resolve(explanation(conflict.state(), push), lines(conflict.differences()));
                return switch (choice == null ? Choice.CANCEL : choice) {
                    case KEEP_MINE -> done(sync.push(passphrase, true));
                    case TAKE_THEIRS -> done(sync.pull(passphrase, true));
                    case CANCEL -> new Report(text.get("sync.cancelled"), Tone.MUTED,
                            lines(conflict.differences()));
                };
            }
        });
    }

    private Report done(SyncResult result) {
        return switch (result.outcome()) {
            case ALREADY_IN_SYNC -> new Report(text.get("sync.done.inSync"), Tone.OK);
            case PUSHED -> new Report(text.get("sync.done.pushed"), Tone.OK);
            case PULLED -> result.backup() == null ? new Report(text.get("sync.done.pulledNothing"), Tone.OK)
                    : new Report(text.get("sync.done.pulled", result.changes().size(), result.backup()), Tone.OK,
                    result.changes().stream().map(ConfigImport.Change::line).toList());
        };
    }

    private Report guarded(Supplier<Report> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            return new Report(ErrorText.of(e, text), Tone.BAD);
        }
    }

    /** Why the person is asked: which side changed, in the words of the operation they started. */
    String explanation(SyncState state, boolean push) {
        return text.get(switch (state) {
            case NEVER_SYNCED -> push ? "sync.conflict.neverPush" : "sync.conflict.neverPull";
            case LOCAL_CHANGED -> "sync.conflict.local";
            case REMOTE_CHANGED -> "sync.conflict.remote";
            default -> "sync.conflict.both";
        });
    }

    String stateText(SyncStatus status) {
        if (status.state() == SyncState.NOT_SET_UP) {
            return text.get("sync.notSetUp");
        }
        var key = "sync.state." + status.state().id();
        if (status.state() == SyncState.NEVER_SYNCED || status.state() == SyncState.REMOTE_CHANGED) {
            key += status.remoteExists() ? ".remote" : ".empty";
        }
        return text.get(key) + "  " + text.get("sync.lastSync", lastSync(status.target()));
    }

    /** Each difference in the window's language; secrets are never in them. */
    List<String> lines(List<Difference> differences) {
        return differences.stream().map(this::line).toList();
    }

    private String line(Difference d) {
        var kind = text.get("sync.kind." + d.kind());
        return switch (d.side()) {
            case ONLY_HERE -> text.get("sync.diff.onlyHere", kind, d.name());
            case ONLY_THERE -> text.get("sync.diff.onlyThere", kind, d.name());
            case BOTH -> d.kind().equals("setting")
                    ? text.get("sync.diff.setting", d.name(), d.fields().get(0), d.fields().get(1))
                    : text.get("sync.diff.both", kind, d.name(), String.join(text.get("sync.diff.separator"),
                    d.fields().stream().map(this::field).toList()));
        };
    }

    private String field(String f) {
        var key = switch (f) {
            case "type" -> "type";
            case "base URL" -> "baseUrl";
            case "keys" -> "keys";
            case "headers" -> "headers";
            case "proxy" -> "proxy";
            case "options" -> "options";
            case "models" -> "models";
            case "members" -> "members";
            case "enabled in the sync folder" -> "enabledThere";
            case "disabled in the sync folder" -> "disabledThere";
            default -> null;
        };
        return key == null ? f : text.get("sync.field." + key);
    }

    private String lastSync(SyncTarget t) {
        return t == null || t.last() == null ? text.get("sync.never")
                : WHEN.format(t.last().at().atZone(ZoneId.systemDefault()));
    }
}
