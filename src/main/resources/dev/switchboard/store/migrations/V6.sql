-- Schema version 6: provider balances. A released file is never edited; the next change is V7.sql.

-- How to ask the channel's provider for its balance (dev.switchboard.balance.BalanceQuery), as a JSON object:
-- {"preset": "deepseek"} or a custom endpoint with its mapping; NULL when the channel has none. Its header values
-- may be secrets (an access token): a keyless export withholds them, as it does the channel's own headers.
ALTER TABLE channel ADD COLUMN balance_query TEXT;

-- The last balance check of a channel: what it read, or why it read nothing (`error`, redacted; then the amounts
-- are NULL: a failed check is never a zero). Amounts are decimal texts, exactly as read. Kept apart from `channel`
-- because it is state, not configuration: an export leaves it out, and writing it does not touch the channel.
CREATE TABLE channel_balance (
    channel_id  INTEGER PRIMARY KEY REFERENCES channel (id) ON DELETE CASCADE,
    checked_at  INTEGER NOT NULL,
    remaining   TEXT,
    total       TEXT,
    unit        TEXT,
    reset_at    INTEGER,
    error       TEXT,
    CHECK ((error IS NULL) = (remaining IS NOT NULL))
);
