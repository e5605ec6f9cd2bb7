package dev.switchboard.sync;

import java.time.Instant;

/**
 * The sync folder this machine is set up with, and what was synced last.
 *
 * @param url      the folder's address, ending in '/'
 * @param user     the WebDAV user name; empty for none
 * @param password the WebDAV password: a secret, shown only masked ({@link #toString} leaves it out)
 * @param last     what was synced last with this folder; null when never
 */
public record SyncTarget(String url, String user, String password, Mark last) {
    /**
     * The state right after a push or pull.
     *
     * @param remoteEtag the folder file's ETag
     * @param localHash  the fingerprint of this machine's configuration ({@link SyncFile#fingerprint})
     */
    public record Mark(String remoteEtag, String localHash, Instant at) {
    }

    public boolean hasPassword() {
        return password != null && !password.isEmpty();
    }

    /**
     * The password as it may be shown: {@code ****} when there is one, else null. Unlike a key's mask, no character
     * of it: a password is short and guessable from its ends.
     */
    public String maskedPassword() {
        return hasPassword() ? "****" : null;
    }

    @Override
    public String toString() {
        return "SyncTarget[" + url + ", " + user + "]"; // never the password
    }
}
