-- Identity: a conversation is tied to a customer only after proof.
-- One-time codes sent by e-mail, stored as a digest; each may be tried a few
-- times before it stops working, and is used at most once.
CREATE TABLE verification_codes (
    id              INTEGER PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    customer_id     INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    code_hash       TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    expires_at      TIMESTAMP NOT NULL,
    used_at         TIMESTAMP,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX verification_codes_conversation ON verification_codes (conversation_id, id);
CREATE INDEX verification_codes_customer ON verification_codes (customer_id, created_at);

-- Every time a conversation was tied to a customer: how (email_code,
-- signed, a channel's verified phone) and when, so agents and audits can
-- tell a proven customer from a typed e-mail.
CREATE TABLE customer_bindings (
    id              INTEGER PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    customer_id     INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    source          TEXT NOT NULL,
    reference       TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX customer_bindings_conversation ON customer_bindings (conversation_id, id);

-- The local outbox: mail kept in the database instead of sent, in the demo
-- and in tests.
CREATE TABLE mail_outbox (
    id         INTEGER PRIMARY KEY,
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
