-- Schema version 1: channels with their keys, entries, groups, health, settings, client access keys, usage.
-- Times are epoch milliseconds (UTC). Booleans are 0/1.
-- Migrations only go forward; a released file is never edited, the next change is V2.sql.

-- One upstream account. `headers` and `options` are JSON objects (extra request headers; per-type options
-- such as Azure's api-version). `proxy` is an outbound proxy URL (http://, socks5://) or NULL.
CREATE TABLE channel (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    api_type    TEXT    NOT NULL CHECK (api_type IN ('openai', 'responses', 'anthropic', 'gemini', 'azure')),
    base_url    TEXT    NOT NULL,
    headers     TEXT    NOT NULL DEFAULT '{}',
    proxy       TEXT,
    options     TEXT    NOT NULL DEFAULT '{}',
    enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- A channel's API keys, in rotation order. A key the upstream rejected is marked by the system with a
-- reason; only the person clears it.
CREATE TABLE channel_key (
    id              INTEGER PRIMARY KEY,
    channel_id      INTEGER NOT NULL REFERENCES channel (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    secret          TEXT    NOT NULL,
    disabled_reason TEXT,
    UNIQUE (channel_id, position)
);

-- One routable model on one channel.
CREATE TABLE entry (
    id          INTEGER PRIMARY KEY,
    channel_id  INTEGER NOT NULL REFERENCES channel (id) ON DELETE CASCADE,
    model       TEXT    NOT NULL,
    alias       TEXT,
    enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_at  INTEGER NOT NULL,
    UNIQUE (channel_id, model)
);

-- A named, ordered list of entries; `auto` is built in and cannot be deleted.
CREATE TABLE model_group (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    builtin     INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    created_at  INTEGER NOT NULL
);

CREATE TABLE group_member (
    group_id    INTEGER NOT NULL REFERENCES model_group (id) ON DELETE CASCADE,
    entry_id    INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    PRIMARY KEY (group_id, entry_id)
);
CREATE INDEX group_member_by_entry ON group_member (entry_id);

INSERT INTO model_group (name, builtin, created_at) VALUES ('auto', 1, 0);

-- Health of an entry, kept by the system. `disabled_reason` non-NULL means disabled by the system (the
-- person's own switch is entry.enabled and is never touched by the system).
CREATE TABLE health (
    entry_id              INTEGER PRIMARY KEY REFERENCES entry (id) ON DELETE CASCADE,
    cooldown_until        INTEGER,
    disabled_reason       TEXT,
    consecutive_failures  INTEGER NOT NULL DEFAULT 0,
    last_latency_ms       INTEGER,
    last_error            TEXT,
    updated_at            INTEGER NOT NULL
);

-- Settings that differ from their documented defaults (see dev.switchboard.store.Setting).
CREATE TABLE setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- Keys that clients must present when the gateway is reachable from elsewhere than loopback.
CREATE TABLE access_key (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    secret      TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

-- Usage: one row per client request, one per attempt. Channel and model names are copied, not referenced,
-- so history outlives the channels it talks about.
CREATE TABLE request_log (
    id                  INTEGER PRIMARY KEY,
    started_at          INTEGER NOT NULL,
    client_protocol     TEXT    NOT NULL,
    requested_model     TEXT,
    stream              INTEGER NOT NULL DEFAULT 0,
    entry_id            INTEGER,
    channel_name        TEXT,
    upstream_model      TEXT,
    status              INTEGER,
    outcome             TEXT    NOT NULL,
    ttfb_ms             INTEGER,
    total_ms            INTEGER,
    input_tokens        INTEGER,
    output_tokens       INTEGER,
    cache_read_tokens   INTEGER,
    cache_write_tokens  INTEGER,
    reasoning_tokens    INTEGER,
    error               TEXT
);
CREATE INDEX request_log_by_time ON request_log (started_at);

CREATE TABLE attempt_log (
    id              INTEGER PRIMARY KEY,
    request_id      INTEGER NOT NULL REFERENCES request_log (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    entry_id        INTEGER,
    channel_name    TEXT,
    upstream_model  TEXT,
    key_index       INTEGER,
    status          INTEGER,
    outcome         TEXT    NOT NULL,
    ttfb_ms         INTEGER,
    total_ms        INTEGER,
    error           TEXT
);
CREATE INDEX attempt_log_by_request ON attempt_log (request_id);
