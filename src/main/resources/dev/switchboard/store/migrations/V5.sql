-- Scene rules (routing by the kind of request) and what chose a request's candidates. A released file is never
-- edited; the next change is the next version's file.

-- An ordered list of rules, tried before the model-name tiers of DESIGN §2 (routing.SceneRules says how they are
-- evaluated). Every condition set must hold; an unset one (NULL, 0) is not checked, and a rule has at least one.
-- `protocol` is a client protocol as the request log names it (openai-chat, openai-responses, anthropic-messages,
-- gemini); `model_pattern` a model name with `*` for any characters, matched ignoring case; `tokens_above` an
-- estimated input size. `target_group` is a group's name, not its id: deleting the group leaves the rule in
-- place, shown as pointing nowhere, and skipped (its requests go on to the tiers) until the person fixes it.
CREATE TABLE scene_rule (
    id             INTEGER PRIMARY KEY,
    position       INTEGER NOT NULL,
    name           TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    enabled        INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    protocol       TEXT,
    model_pattern  TEXT,
    thinking       INTEGER NOT NULL DEFAULT 0 CHECK (thinking IN (0, 1)),
    images         INTEGER NOT NULL DEFAULT 0 CHECK (images IN (0, 1)),
    web_search     INTEGER NOT NULL DEFAULT 0 CHECK (web_search IN (0, 1)),
    background     INTEGER NOT NULL DEFAULT 0 CHECK (background IN (0, 1)),
    tokens_above   INTEGER CHECK (tokens_above >= 0),
    target_group   TEXT    NOT NULL,
    created_at     INTEGER NOT NULL
);

-- Which scene rule, path pin or model-name tier chose a request's candidates: `rule:<name>`, `pinned:/g/<group>`,
-- `tier:<tier>`, with a skipped rule in parentheses after the tier. NULL for requests refused before routing.
ALTER TABLE request_log ADD COLUMN chosen_by TEXT;
