-- Schema version 7: sync between machines over WebDAV (dev.switchboard.sync). A released file is never edited; the
-- next change is V8.sql.

-- The one sync folder this machine syncs with, and what was synced last. It belongs to this machine, like the access
-- keys: not part of an export, so it never travels. The password is a secret like a channel's key (kept here in the
-- owner-only file, masked wherever it is shown). The passphrase that seals the keys is never stored.
--   remote_etag  the folder file's ETag right after the last push or pull: another value now means another
--                machine changed it since (NULL: never synced with this folder)
--   local_hash   SHA-256 of this machine's configuration (exported with keys, without its time stamp) right after
--                the last push or pull: another value now means this machine changed since
--   synced_at    when (epoch milliseconds)
CREATE TABLE sync_folder (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    url         TEXT    NOT NULL,
    username    TEXT    NOT NULL DEFAULT '',
    password    TEXT    NOT NULL DEFAULT '',
    remote_etag TEXT,
    local_hash  TEXT,
    synced_at   INTEGER
);
