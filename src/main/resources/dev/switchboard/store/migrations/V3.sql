-- Schema version 3: channels imported without keys. A released file is never edited; the next change is V4.sql.

-- A channel may now have no key at all: one imported from a file exported without keys (docs/CONFIG_FORMAT.md).
-- Such a channel "needs a key" (derived: it has no channel_key rows) and is kept disabled until it gets one.
-- `enable_on_key` = 1 records that it is disabled only for lacking a key (the file had it enabled), so that the
-- first key given switches it on; 0 means its enabled flag is the person's own and a key leaves it as it is.
ALTER TABLE channel ADD COLUMN enable_on_key INTEGER NOT NULL DEFAULT 0 CHECK (enable_on_key IN (0, 1));
