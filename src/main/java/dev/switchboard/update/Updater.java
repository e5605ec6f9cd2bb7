package dev.switchboard.update;

import java.util.Optional;

/**
 * Self-update, in three steps that each leave the installed Switchboard working when they fail:
 * {@link #check()} asks whether a newer release is published, {@link #download} fetches it into the data folder's
 * {@code updates/} and verifies it, and {@link #installPending()}, at the next start, puts it in place.
 *
 * <p>The one seam between Switchboard and the update library: nothing else names update4j.
 */
public interface Updater {
    /** The newest published release when it is newer than the running version; empty when this one is current. */
    Optional<UpdateInfo> check() throws UpdateException;

    /**
     * How to update when this installation is updated by its package manager (an installed {@code .deb},
     * {@code .msi} or {@code .dmg}, see {@link Installation}) rather than by itself: then {@link #download} refuses
     * with the same words. Empty when it updates itself.
     */
    Optional<String> updatedByPackage(UpdateInfo update);

    /**
     * Downloads {@code update} into {@code updates/} as one archive and verifies the configuration's signature and
     * every file's size, checksum and signature. Nothing is installed yet; a failure leaves no archive behind and
     * any earlier pending one untouched.
     */
    PendingUpdate download(UpdateInfo update) throws UpdateException;

    /** The verified archive waiting for the next start, if any. */
    Optional<PendingUpdate> pending();

    /**
     * At start, before anything else: installs the pending archive (verified again, since it sat on disk), after
     * backing up the database. Empty when nothing was pending.
     */
    Optional<PendingUpdate> installPending() throws UpdateException;

    /**
     * The first half of {@link #installPending()}: the pending archive verified, the database backed up and every
     * new file copied beside the one it replaces; {@link StagedUpdate#finish()} renames them into place. Split for
     * Windows, where the files a running Switchboard started from cannot be renamed until it has exited
     * ({@link FinishUpdate}). Empty when nothing was pending.
     */
    Optional<StagedUpdate> stagePending() throws UpdateException;

    /**
     * Part of the update check: fetches the latest release's signed model catalog and keeps it in the data folder
     * when it is newer than the catalog in use ({@link CatalogUpdater}). Independent of the application update: a
     * Switchboard that is up to date still gets a catalog published since.
     */
    CatalogCheck refreshCatalog() throws UpdateException;
}
