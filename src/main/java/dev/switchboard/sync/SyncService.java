package dev.switchboard.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.store.ConfigDocument;
import dev.switchboard.store.ConfigExport;
import dev.switchboard.store.ConfigImport;
import dev.switchboard.store.ControlChars;
import dev.switchboard.store.HeldSecrets;
import dev.switchboard.store.Masking;
import dev.switchboard.store.Store;
import dev.switchboard.store.StoreException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Sync between machines through one WebDAV folder: the CLI's {@code sync}, the admin API's {@code /admin/sync} and
 * the window's Sync section all call this.
 *
 * <p>What travels is the export format ({@link SyncFile}): the configuration without keys, and the keys sealed with a
 * passphrase the person gives on each machine and that is never stored ({@link SecretBox}).
 *
 * <p>Decisions:
 * <ul>
 *   <li>State: after each push or pull, the folder file's ETag and a hash of this machine's configuration are kept
 *       ({@link SyncTarget.Mark}). A different ETag now means another machine pushed; a different hash means this
 *       machine changed. Both: a conflict, shown with its {@link Difference}s for the person to choose.</li>
 *   <li>Nothing is overwritten silently. A push refuses when the folder changed since the last sync, unless the
 *       person chose to keep theirs ({@code keepMine}); even then its PUT carries {@code If-Match} with the ETag
 *       just read, so a push from another machine in between is a 412 and a conflict again, never lost. A first
 *       push into an empty folder uses {@code If-None-Match: *}.</li>
 *   <li>A pull refuses when this machine changed since the last sync (or, never synced, already has channels),
 *       unless the person chose to take the folder's ({@code takeTheirs}). It checks everything first (passphrase,
 *       seal, every value, as an import does), then writes this machine's configuration, keys included, to
 *       {@code backups/} in the data folder (owner-only; {@code switchboard import FILE --replace} restores it),
 *       then replaces the configuration in one transaction.</li>
 *   <li>A push with the passphrase checks it against the secrets already in the folder, so a typo cannot seal the
 *       keys under a passphrase the other machines do not know; choosing "keep mine" skips that check, which is how
 *       the passphrase is changed.</li>
 *   <li>Health, usage, access keys and the sync setup itself belong to the machine and never travel (the export
 *       format leaves them out). Settings travel, as in an export, except those of the machine itself
 *       ({@link SyncFile#MACHINE_SETTINGS}: where its gateway listens and how it starts), which a pull keeps.</li>
 * </ul>
 */
public final class SyncService {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /**
     * One setup, push or pull at a time in this process: the window and the admin API may both start one, and each
     * reads the last sync's mark before it writes the next.
     */
    private static final Object WRITING = new Object();

    private final Store store;
    private final Path dataFolder;
    private final Clock clock;
    private final SecretBox box;
    private final Duration timeout;
    private final SyncStateStore state;
    /**
     * Made at the first sync, not with the service: the gateway makes this service at every start, and a JDK HTTP
     * client sets up TLS and a selector thread on creation, about 0.25 s of a start on 2 cores (issue 14) for a
     * feature most people never set up.
     */
    private HttpClient http;

    public SyncService(Store store, Path dataFolder, Clock clock) {
        this(store, dataFolder, clock, new SecretBox(), WebDavFolder.DEFAULT_TIMEOUT);
    }

    SyncService(Store store, Path dataFolder, Clock clock, SecretBox box, Duration timeout) {
        this.store = store;
        this.dataFolder = dataFolder;
        this.clock = clock;
        this.box = box;
        this.timeout = timeout;
        this.state = new SyncStateStore(store.database());
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = WebDavFolder.client(timeout);
        }
        return http;
    }

    /** The folder this machine is set up with, if any. */
    public Optional<SyncTarget> target() {
        return state.load();
    }

    /**
     * Sets up (or changes) the sync folder: checks that the server takes these credentials and creates the folder
     * when it does not exist, then stores them. Nothing is stored when the check fails. Another folder than before
     * starts as never synced.
     *
     * @param password null keeps the stored one
     * @return whether the folder was created
     */
    public boolean setUp(String url, String user, String password) {
        var uri = folderUri(url);
        var name = user == null ? "" : user.strip();
        if (ControlChars.first(name) >= 0 || name.contains(":")) {
            throw new StoreException(StoreException.Kind.INVALID, "The user name may not contain ':' or control"
                    + " characters.");
        }
        if (password == null) {
            password = target().map(SyncTarget::password).orElse("");
        } else if (Masking.looksMasked(password)) {
            throw new StoreException(StoreException.Kind.INVALID, "That password looks masked (as Switchboard shows"
                    + " it); give the password itself, or leave it out to keep the stored one.");
        }
        HeldSecrets.add(password);
        synchronized (WRITING) {
            boolean created = folder(uri.toString(), name, password).ensureFolder();
            state.save(uri.toString(), name, password);
            return created;
        }
    }

    /** Forgets the sync folder on this machine (the folder and its file are left as they are). */
    public boolean forget() {
        return state.forget();
    }

    /** Where this machine stands, asking the folder; needs no passphrase (keys are not compared). */
    public SyncStatus status() {
        var target = target().orElse(null);
        if (target == null) {
            return new SyncStatus(null, SyncState.NOT_SET_UP, false, List.of());
        }
        var full = SyncFile.shared(ConfigExport.export(store, true));
        var remote = folder(target).get(SyncFile.NAME);
        var sides = sides(target, full, remote);
        var differences = remote.isPresent() && sides.remoteChanged()
                ? Differences.between(SyncFile.withoutSecrets(full), SyncFile.plain(remote.get().body()))
                : List.<Difference>of();
        return new SyncStatus(target, sides.state(), remote.isPresent(), differences);
    }

    /**
     * Puts this machine's configuration in the folder.
     *
     * @param keepMine the person chose to replace the folder's changes (the conflict's "keep mine")
     * @throws SyncConflict when the folder changed since the last sync and {@code keepMine} is false, or when
     *                      another machine pushed during this push
     */
    public SyncResult push(String passphrase, boolean keepMine) {
        SecretBox.requireUsable(passphrase);
        synchronized (WRITING) {
            return pushing(passphrase, keepMine);
        }
    }

    private SyncResult pushing(String passphrase, boolean keepMine) {
        var target = requireTarget();
        var full = SyncFile.shared(ConfigExport.export(store, true));
        var folder = folder(target);
        var remote = folder.get(SyncFile.NAME);
        var sides = sides(target, full, remote);
        if (sides.remoteChanged() && remote.isPresent() && !keepMine) {
            throw new SyncConflict(sides.state(), (target.last() == null
                    ? "The sync folder already holds a configuration, and this machine has never synced with it."
                    : sides.localChanged() ? "Both this machine and the sync folder changed since the last sync."
                    : "The sync folder has changes from another machine that this one has not pulled.")
                    + " Nothing was pushed. Pull to take them (`sync pull" + (sides.localChanged() ? " --force" : "")
                    + "`), or push with --force to replace them with this machine's configuration.",
                    differences(full, remote.get().body(), passphrase));
        }
        if (remote.isPresent() && !sides.remoteChanged() && !sides.localChanged()) {
            return new SyncResult(SyncResult.Outcome.ALREADY_IN_SYNC, List.of(), null);
        }
        if (remote.isPresent() && !keepMine) {
            // the same passphrase as the folder's, or refused here: the other machines could not open a new one
            SyncFile.open(remote.get().body(), passphrase);
        }
        var bytes = SyncFile.seal(full, passphrase, box);
        if (remote.isEmpty()) {
            folder.ensureFolder();
        }
        String etag;
        try {
            etag = folder.put(SyncFile.NAME, bytes, remote.map(WebDavFolder.Remote::etag).orElse(null));
        } catch (WebDavFolder.Changed e) {
            throw new SyncConflict(SyncState.CONFLICT, "Another machine pushed to the sync folder while this one was"
                    + " pushing (HTTP 412: the file was no longer the version just read). Nothing was overwritten;"
                    + " run `sync status` to see what differs, then choose.", List.of());
        }
        state.mark(new SyncTarget.Mark(etag, SyncFile.fingerprint(full), clock.instant()));
        return new SyncResult(SyncResult.Outcome.PUSHED, List.of(), null);
    }

    /**
     * Replaces this machine's configuration with the folder's, after saving it to {@code backups/}.
     *
     * @param takeTheirs the person chose to replace this machine's changes (the conflict's "take theirs")
     * @throws SyncConflict when this machine changed since the last sync and {@code takeTheirs} is false
     */
    public SyncResult pull(String passphrase, boolean takeTheirs) {
        SecretBox.requireGiven(passphrase);
        synchronized (WRITING) {
            return pulling(passphrase, takeTheirs);
        }
    }

    private SyncResult pulling(String passphrase, boolean takeTheirs) {
        var target = requireTarget();
        var remote = folder(target).get(SyncFile.NAME).orElseThrow(() -> new StoreException(
                StoreException.Kind.NOT_FOUND, "The sync folder " + target.url() + " holds no " + SyncFile.NAME
                + " yet: push from the machine whose configuration you want first."));
        var whole = ConfigExport.export(store, true);
        var full = SyncFile.shared(whole);
        var sides = sides(target, full, Optional.of(remote));
        var theirs = SyncFile.open(remote.body(), passphrase); // wrong passphrase, tampering: refused before anything
        if (!sides.remoteChanged() && !sides.localChanged()) {
            return new SyncResult(SyncResult.Outcome.ALREADY_IN_SYNC, List.of(), null);
        }
        if (sides.localChanged() && !takeTheirs) {
            throw new SyncConflict(sides.state(), (target.last() == null
                    ? "This machine has a configuration of its own and has never synced with this folder."
                    : sides.remoteChanged() ? "Both this machine and the sync folder changed since the last sync."
                    : "This machine has changes that were not pushed.")
                    + " Nothing was pulled. Push them (`sync push" + (sides.remoteChanged() ? " --force" : "")
                    + "`), or pull with --force to replace them with the folder's configuration (a backup is kept).",
                    Differences.between(full, theirs));
        }
        var doc = ConfigDocument.parse(SyncFile.text(SyncFile.withMachineSettings(theirs, whole), false));
        // every check, before the backup and the write; nothing to change needs no backup
        var backup = ConfigImport.preview(store, doc, ConfigImport.Mode.REPLACE).isEmpty() ? null : backUp(whole);
        var changes = ConfigImport.apply(store, doc, ConfigImport.Mode.REPLACE);
        var now = SyncFile.shared(ConfigExport.export(store, true));
        state.mark(new SyncTarget.Mark(remote.etag(), SyncFile.fingerprint(now), clock.instant()));
        return new SyncResult(SyncResult.Outcome.PULLED, changes, backup);
    }

    /** Which sides changed since the last sync, and the state that makes. */
    private record Sides(boolean localChanged, boolean remoteChanged, SyncState state) {
    }

    private static Sides sides(SyncTarget target, ObjectNode full, Optional<WebDavFolder.Remote> remote) {
        var last = target.last();
        if (last == null) {
            // never synced: "changed" is whatever either side already holds
            boolean local = !full.path("channels").isEmpty();
            return new Sides(local, remote.isPresent(), SyncState.NEVER_SYNCED);
        }
        boolean local = !SyncFile.fingerprint(full).equals(last.localHash());
        boolean theirs = remote.isEmpty() || !remote.get().etag().equals(last.remoteEtag());
        var state = local && theirs ? SyncState.CONFLICT : local ? SyncState.LOCAL_CHANGED
                : theirs ? SyncState.REMOTE_CHANGED : SyncState.IN_SYNC;
        return new Sides(local, theirs, state);
    }

    /** The differences, secrets included when the passphrase opens the folder's file, else without them. */
    private static List<Difference> differences(ObjectNode full, byte[] remote, String passphrase) {
        try {
            return Differences.between(full, SyncFile.open(remote, passphrase));
        } catch (StoreException e) {
            return Differences.between(SyncFile.withoutSecrets(full), SyncFile.plain(remote));
        }
    }

    /** This machine's configuration, keys included, in {@code backups/} of the data folder, owner-only. */
    private Path backUp(ObjectNode full) {
        var folder = dataFolder.resolve("backups");
        var stamp = STAMP.format(clock.instant().atZone(ZoneId.systemDefault()));
        try {
            if (!Files.isDirectory(folder)) {
                try {
                    Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createDirectories(folder);
                }
            }
            for (int n = 1; ; n++) {
                var file = folder.resolve("before-sync-pull-" + stamp + (n == 1 ? "" : "-" + n) + ".json");
                try {
                    try {
                        Files.createFile(file, PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
                    } catch (UnsupportedOperationException notPosix) {
                        Files.createFile(file);
                    }
                } catch (FileAlreadyExistsException taken) {
                    continue;
                }
                Files.writeString(file, SyncFile.text(full, true), StandardCharsets.UTF_8);
                return file;
            }
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "Cannot save this machine's configuration to "
                    + folder + " before pulling (" + e.getMessage() + "), so nothing was pulled.", e);
        }
    }

    private SyncTarget requireTarget() {
        return target().orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND, "No sync folder is set"
                + " up. Set one up first: `switchboard sync setup URL --user NAME --password -`."));
    }

    private WebDavFolder folder(SyncTarget target) {
        return folder(target.url(), target.user(), target.password());
    }

    private WebDavFolder folder(String url, String user, String password) {
        return new WebDavFolder(http(), URI.create(url), user, password, timeout);
    }

    /** The folder's address, checked: http(s), a host, no user, query or fragment; ending in '/'. */
    static URI folderUri(String url) {
        var text = url == null ? "" : url.strip();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalidUrl(text, "it is not a URL");
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw invalidUrl(text, "give an http(s) address such as https://dav.example.com/remote.php/dav/files/me/"
                    + "switchboard/");
        }
        if (uri.getRawUserInfo() != null) {
            throw new StoreException(StoreException.Kind.INVALID, "Give the user name and password with --user and"
                    + " --password, not in the URL.");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalidUrl(text, "a folder's address has no '?' or '#' part");
        }
        var path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (!path.endsWith("/")) {
            path += "/";
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    private static StoreException invalidUrl(String url, String why) {
        return new StoreException(StoreException.Kind.INVALID, "'" + ControlChars.escape(url) + "' is not a usable"
                + " WebDAV folder: " + why + ".");
    }
}
