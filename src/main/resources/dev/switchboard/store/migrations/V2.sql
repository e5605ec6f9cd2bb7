-- Schema version 2: speed test results. A released file is never edited; the next change is V3.sql.

-- One row per entry per speed test run (`switchboard test`). What the CLI shows and `--order-auto` sorts by is
-- each entry's latest row; a few older rows are kept so a slow spell can be told from a slow entry.
-- `outcome` is success, transient, credential, missing_model, client_error or timeout (DESIGN §3); `message`
-- is the upstream's error, redacted, or NULL on success. Times are epoch milliseconds.
CREATE TABLE speed_test (
    id         INTEGER PRIMARY KEY,
    entry_id   INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
    tested_at  INTEGER NOT NULL,
    ok         INTEGER NOT NULL CHECK (ok IN (0, 1)),
    ttft_ms    INTEGER,
    total_ms   INTEGER,
    outcome    TEXT    NOT NULL,
    message    TEXT
);
CREATE INDEX speed_test_by_entry ON speed_test (entry_id, tested_at);
