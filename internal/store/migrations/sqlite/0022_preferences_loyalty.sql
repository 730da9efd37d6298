-- Saved preferences of returning customers: sizes per product type,
-- colours and brands, learned from paid orders and from what a verified
-- customer said in the chat. weight counts how often a value was seen (a
-- statement in the chat outweighs what orders said before it).
CREATE TABLE customer_preferences (
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,             -- size, colour, brand
    scope       TEXT NOT NULL DEFAULT '',  -- the product type a size is for; '' otherwise
    value       TEXT NOT NULL,
    source      TEXT NOT NULL,             -- order or chat
    weight      INTEGER NOT NULL DEFAULT 1,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (customer_id, kind, scope, value)
);

-- Loyalty: a balance per customer and the ledger it sums. One entry per
-- order and kind (earn, redeem, reverse, restore, return:<id>) makes each
-- award, redemption and reversal happen at most once, however often a
-- payment or refund is delivered.
CREATE TABLE loyalty_accounts (
    customer_id INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
    balance     INTEGER NOT NULL DEFAULT 0,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE loyalty_ledger (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    order_id    INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    entry       TEXT NOT NULL,
    points      INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (order_id, entry)
);
CREATE INDEX loyalty_ledger_customer ON loyalty_ledger (customer_id, id);

-- Points spent on an order and what they took off its total (minor units).
ALTER TABLE orders ADD COLUMN loyalty_points INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN loyalty_discount INTEGER NOT NULL DEFAULT 0;
