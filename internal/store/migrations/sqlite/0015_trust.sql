-- Fraud checks: each order's risk as the checks rated it, and the signals
-- (hashed e-mail, phone, client address, card, shipping address) velocity
-- is counted over.
ALTER TABLE orders ADD COLUMN risk_level TEXT NOT NULL DEFAULT 'low';
ALTER TABLE orders ADD COLUMN risk_reasons TEXT NOT NULL DEFAULT '[]';
CREATE INDEX orders_status ON orders(status, id);

CREATE TABLE risk_signals (
    order_id   INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    value      TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (order_id, kind)
);
CREATE INDEX risk_signals_value ON risk_signals(kind, value, created_at);

-- Privacy: consent given or withdrawn, per customer or conversation.
CREATE TABLE consents (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER REFERENCES customers(id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL DEFAULT '',
    purpose         TEXT NOT NULL,
    granted         INTEGER NOT NULL,
    source          TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX consents_customer ON consents(customer_id);
CREATE INDEX consents_conversation ON consents(conversation_id);

-- Conversations past the retention period are redacted once.
ALTER TABLE conversations ADD COLUMN redacted_at TIMESTAMP;
CREATE INDEX conversations_updated ON conversations(updated_at);

-- The audit log covers admin-key actions too: who (agent or admin key),
-- what it was done to, and from which client address.
ALTER TABLE audit_log ADD COLUMN actor TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN target TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN client_addr TEXT NOT NULL DEFAULT '';
