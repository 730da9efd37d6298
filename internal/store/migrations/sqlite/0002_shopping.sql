CREATE TABLE carts (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER UNIQUE REFERENCES customers(id),
    conversation_id TEXT UNIQUE,
    currency        TEXT NOT NULL,
    coupon          TEXT NOT NULL DEFAULT '',
    updated_at      TIMESTAMP NOT NULL
);

CREATE TABLE cart_items (
    cart_id    INTEGER NOT NULL REFERENCES carts(id) ON DELETE CASCADE,
    sku        TEXT NOT NULL,
    title      TEXT NOT NULL,
    quantity   INTEGER NOT NULL CHECK (quantity > 0),
    unit_price INTEGER NOT NULL,
    added_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (cart_id, sku)
);

CREATE TABLE coupons (
    code              TEXT PRIMARY KEY,
    kind              TEXT NOT NULL,
    value             INTEGER NOT NULL DEFAULT 0,
    min_spend         INTEGER NOT NULL DEFAULT 0,
    expires_at        TIMESTAMP,
    once_per_customer INTEGER NOT NULL DEFAULT 0,
    active            INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE coupon_redemptions (
    code        TEXT NOT NULL,
    customer_id INTEGER NOT NULL,
    order_id    INTEGER NOT NULL,
    PRIMARY KEY (code, customer_id, order_id)
);

CREATE TABLE payments (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    gateway         TEXT NOT NULL,
    reference       TEXT NOT NULL UNIQUE,
    token           TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL,
    amount          INTEGER NOT NULL,
    currency        TEXT NOT NULL,
    url             TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX payments_order ON payments(order_id);

CREATE TABLE processed_events (
    source     TEXT NOT NULL,
    event_id   TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (source, event_id)
);

CREATE TABLE stock_alerts (
    id              INTEGER PRIMARY KEY,
    sku             TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    language        TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    notified_at     TIMESTAMP,
    UNIQUE (sku, conversation_id)
);

ALTER TABLE orders ADD COLUMN conversation_id TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN reserved_until TIMESTAMP;
ALTER TABLE orders ADD COLUMN shipping_option TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN delivery_estimate TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN coupon TEXT NOT NULL DEFAULT '';
CREATE INDEX orders_reserved ON orders(status, reserved_until);
