-- Human hand-off: the shop's team, who owns which conversation, and what
-- they did. online is 0/1 in both dialects so the same SQL runs on both.
CREATE TABLE agents (
    id               INTEGER PRIMARY KEY,
    email            TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    role             TEXT NOT NULL DEFAULT 'agent',
    password_hash    TEXT NOT NULL,
    languages        TEXT NOT NULL DEFAULT '[]',
    topics           TEXT NOT NULL DEFAULT '[]',
    teams            TEXT NOT NULL DEFAULT '[]',
    capacity         INTEGER NOT NULL DEFAULT 3,
    online           INTEGER NOT NULL DEFAULT 0,
    last_assigned_at TIMESTAMP,
    created_at       TIMESTAMP NOT NULL
);

CREATE TABLE agent_sessions (
    token_hash TEXT PRIMARY KEY,
    agent_id   INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX agent_sessions_agent ON agent_sessions(agent_id);

-- One row per hand-off; a conversation has at most one open at a time.
CREATE TABLE handoffs (
    id              INTEGER PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    reason          TEXT NOT NULL,
    language        TEXT NOT NULL,
    topic           TEXT NOT NULL DEFAULT '',
    team            TEXT NOT NULL DEFAULT '',
    agent_id        INTEGER REFERENCES agents(id),
    trigger_seq     INTEGER NOT NULL DEFAULT 0,
    queued_at       TIMESTAMP NOT NULL,
    assigned_at     TIMESTAMP,
    resolved_at     TIMESTAMP,
    rejoined_at     TIMESTAMP
);
CREATE UNIQUE INDEX handoffs_open ON handoffs(conversation_id) WHERE resolved_at IS NULL;
CREATE INDEX handoffs_agent ON handoffs(agent_id) WHERE resolved_at IS NULL;

CREATE TABLE notes (
    id              INTEGER PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    agent_id        INTEGER NOT NULL REFERENCES agents(id),
    text            TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX notes_conversation ON notes(conversation_id);

CREATE TABLE canned_responses (
    id         INTEGER PRIMARY KEY,
    lang       TEXT NOT NULL,
    title      TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (lang, title)
);

CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    agent_id        INTEGER,
    action          TEXT NOT NULL,
    conversation_id TEXT NOT NULL DEFAULT '',
    data            TEXT NOT NULL DEFAULT '{}',
    created_at      TIMESTAMP NOT NULL
);

-- The retailer's hand-off rules, one JSON document.
CREATE TABLE handoff_rules (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    rules      TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE training_review (
    id              INTEGER PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    lang            TEXT NOT NULL,
    text            TEXT NOT NULL,
    intent          TEXT NOT NULL DEFAULT '',
    confidence      REAL NOT NULL DEFAULT 0,
    why             TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open',
    label           TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (conversation_id, seq)
);

CREATE TABLE feedback (
    id              INTEGER PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    kind            TEXT NOT NULL,
    rating          INTEGER NOT NULL DEFAULT 0,
    comment         TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX feedback_conversation ON feedback(conversation_id);
