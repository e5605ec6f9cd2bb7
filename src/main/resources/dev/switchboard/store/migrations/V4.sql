-- Schema version 4: channels imported without their other secrets. A released file is never edited; the next
-- change is V5.sql.

-- A keyless export (docs/CONFIG_FORMAT.md) withholds header values too (a custom header is often a credential) and
-- masks a proxy's password. A channel imported from it into a store that does not have it lists here, as a JSON
-- array, the names of the headers whose values it still needs; a withheld proxy password is the masked proxy URL
-- itself. Like a missing key, either keeps the channel disabled until the person gives the value
-- (`enable_on_key` then switches it on).
ALTER TABLE channel ADD COLUMN withheld_headers TEXT NOT NULL DEFAULT '[]';
