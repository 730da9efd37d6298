-- Messages the shop sends on its own wait here until they may go: one row
-- per thing a message is about (kind, ref), so the insert is the
-- exactly-once guard across instances; a row held by quiet hours or the
-- daily cap gets a later due_at and is sent then, never dropped for it.
CREATE TABLE proactive_messages (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,             -- cart_recovery, back_in_stock, price_drop, review_request
    ref             TEXT NOT NULL,             -- what it is about: cart:<id>:<basket>, stock:<alert>:<n>, order:<number>
    conversation_id TEXT NOT NULL,
    cart_id         INTEGER,            -- the cart a recovery is about
    purpose         TEXT NOT NULL,             -- marketing or service
    data            TEXT NOT NULL DEFAULT '{}',
    status          TEXT NOT NULL DEFAULT 'pending', -- pending, sent, dropped
    reason          TEXT NOT NULL DEFAULT '',  -- why it waits or was dropped
    due_at          TIMESTAMP NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP,
    clicked_at      TIMESTAMP,
    order_id        INTEGER,                   -- the order it led to (cart recovery)
    UNIQUE (kind, ref)
);
CREATE INDEX proactive_due ON proactive_messages(status, due_at);
CREATE INDEX proactive_conversation ON proactive_messages(conversation_id, kind);
CREATE INDEX proactive_cart ON proactive_messages(cart_id, created_at);

-- Shoppers waiting for a variant to get cheaper than when they asked.
CREATE TABLE price_alerts (
    id              INTEGER PRIMARY KEY,
    sku             TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    language        TEXT NOT NULL,
    price           INTEGER NOT NULL,          -- minor units when asked
    created_at      TIMESTAMP NOT NULL,
    notified_at     TIMESTAMP,
    UNIQUE (sku, conversation_id)
);

CREATE INDEX cart_items_cart ON cart_items(cart_id, added_at);
CREATE INDEX consents_latest ON consents(purpose, conversation_id, created_at);
