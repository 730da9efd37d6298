-- Messaging channels (internal/channel).
-- One row per sender on a channel: the sender's one conversation, when
-- they last wrote (the provider's timestamp: WhatsApp's and Messenger's
-- windows count from it), the numbered choices of the last SMS (a reply
-- "2" is read back as its payload) and an SMS opt-out (STOP).
CREATE TABLE channel_senders (
    channel         TEXT NOT NULL,
    sender          TEXT NOT NULL,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    last_inbound_at TIMESTAMP,
    choices         TEXT NOT NULL DEFAULT '[]',
    opted_out       BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (channel, sender)
);
CREATE UNIQUE INDEX channel_senders_conversation ON channel_senders (conversation_id);

-- Every webhook event accepted, stored before it is acknowledged: the
-- primary key makes a redelivery a no-op, and an event not yet processed
-- when the server stopped is processed after the restart.
CREATE TABLE channel_inbound (
    channel      TEXT NOT NULL,
    provider_id  TEXT NOT NULL,
    event        TEXT NOT NULL,
    received_at  TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP,
    processed_at TIMESTAMP,
    PRIMARY KEY (channel, provider_id)
);
CREATE INDEX channel_inbound_pending ON channel_inbound (processed_at, received_at);

-- The outbox: each message of a channel conversation rendered once into
-- the provider's requests (part numbers them), sent in order per
-- conversation, retried with back-off. The unique key makes enqueueing the
-- same message twice a no-op.
CREATE TABLE channel_outbox (
    id              INTEGER PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    channel         TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    seq             BIGINT NOT NULL,
    part            INTEGER NOT NULL,
    method          TEXT NOT NULL DEFAULT '',
    body            TEXT NOT NULL,
    template        BOOLEAN NOT NULL DEFAULT FALSE,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_at         TIMESTAMP NOT NULL,
    claimed_until   TIMESTAMP,
    provider_id     TEXT NOT NULL DEFAULT '',
    error           TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP,
    receipt_at      TIMESTAMP,
    UNIQUE (conversation_id, seq, part)
);
CREATE INDEX channel_outbox_due ON channel_outbox (status, next_at);
CREATE INDEX channel_outbox_provider ON channel_outbox (channel, provider_id);

-- Short codes for payloads longer than a provider allows (Telegram).
CREATE TABLE channel_payloads (
    code    TEXT PRIMARY KEY,
    payload TEXT NOT NULL
);

-- Templates the retailer registered at the provider (WhatsApp), one per
-- purpose and language.
CREATE TABLE channel_templates (
    channel    TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    language   TEXT NOT NULL,
    name       TEXT NOT NULL,
    code       TEXT NOT NULL,
    parameters TEXT NOT NULL,
    PRIMARY KEY (channel, purpose, language)
);

-- Per channel: the last webhook and the last error, for the health page.
CREATE TABLE channel_status (
    channel         TEXT PRIMARY KEY,
    last_webhook_at TIMESTAMP,
    last_error      TEXT NOT NULL DEFAULT '',
    last_error_at   TIMESTAMP
);
