-- Analytics: indexes the per-conversation figures read by, and the daily
-- rollup (per business day in the shop's time zone, channel and language)
-- that lets a year of a busy shop answer without reading every message.
CREATE INDEX conversations_created ON conversations(created_at);
CREATE INDEX orders_conversation ON orders(conversation_id);
CREATE INDEX handoffs_conversation ON handoffs(conversation_id);
CREATE INDEX handoffs_queued ON handoffs(queued_at);

-- One row per day that has been rolled up, even a day without
-- conversations, so a quiet day is not recomputed on every request.
CREATE TABLE analytics_days (
    day         TEXT PRIMARY KEY,
    zone        TEXT NOT NULL,
    computed_at TIMESTAMP NOT NULL
);

CREATE TABLE analytics_daily (
    day                TEXT NOT NULL,
    channel            TEXT NOT NULL,
    language           TEXT NOT NULL,
    conversations      INTEGER NOT NULL DEFAULT 0,
    contained          INTEGER NOT NULL DEFAULT 0,
    handoffs           INTEGER NOT NULL DEFAULT 0,
    converted          INTEGER NOT NULL DEFAULT 0,
    orders             INTEGER NOT NULL DEFAULT 0,
    revenue            INTEGER NOT NULL DEFAULT 0,
    carts_abandoned    INTEGER NOT NULL DEFAULT 0,
    carts_recovered    INTEGER NOT NULL DEFAULT 0,
    csat_responses     INTEGER NOT NULL DEFAULT 0,
    csat_sum           INTEGER NOT NULL DEFAULT 0,
    csat_satisfied     INTEGER NOT NULL DEFAULT 0,
    first_response     TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (day, channel, language)
);
