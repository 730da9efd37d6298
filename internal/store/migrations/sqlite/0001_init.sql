CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters(name, value) VALUES ('order_number', 1000), ('catalog_version', 0);

CREATE TABLE products (
    id         INTEGER PRIMARY KEY,
    handle     TEXT NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    body_html  TEXT NOT NULL DEFAULT '',
    vendor     TEXT NOT NULL DEFAULT '',
    type       TEXT NOT NULL DEFAULT '',
    tags       TEXT NOT NULL DEFAULT '[]',
    status     TEXT NOT NULL DEFAULT 'active',
    options    TEXT NOT NULL DEFAULT '[]',
    images     TEXT NOT NULL DEFAULT '[]',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE variants (
    id               INTEGER PRIMARY KEY,
    product_id       INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    sku              TEXT NOT NULL UNIQUE,
    options          TEXT NOT NULL DEFAULT '{}',
    price            INTEGER NOT NULL,
    compare_at_price INTEGER,
    currency         TEXT NOT NULL,
    stock            INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
    position         INTEGER NOT NULL DEFAULT 0,
    image            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX variants_product ON variants(product_id);

CREATE TABLE customers (
    id         INTEGER PRIMARY KEY,
    email      TEXT UNIQUE,
    name       TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE conversations (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL,
    customer_id INTEGER REFERENCES customers(id),
    channel     TEXT NOT NULL,
    status      TEXT NOT NULL,
    language    TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT '{}',
    handoff     TEXT NOT NULL DEFAULT '{}',
    last_seq    INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE messages (
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    sender          TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);

CREATE TABLE orders (
    id                 INTEGER PRIMARY KEY,
    number             TEXT NOT NULL UNIQUE,
    customer_id        INTEGER REFERENCES customers(id),
    email              TEXT NOT NULL,
    status             TEXT NOT NULL,
    payment_status     TEXT NOT NULL,
    fulfillment_status TEXT NOT NULL,
    currency           TEXT NOT NULL,
    subtotal           INTEGER NOT NULL,
    discount           INTEGER NOT NULL DEFAULT 0,
    shipping           INTEGER NOT NULL DEFAULT 0,
    total              INTEGER NOT NULL,
    shipping_address   TEXT NOT NULL DEFAULT '{}',
    source             TEXT NOT NULL,
    idempotency_key    TEXT UNIQUE,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX orders_email ON orders(email);

CREATE TABLE order_items (
    order_id   INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    line       INTEGER NOT NULL,
    sku        TEXT NOT NULL,
    title      TEXT NOT NULL,
    quantity   INTEGER NOT NULL CHECK (quantity > 0),
    unit_price INTEGER NOT NULL,
    PRIMARY KEY (order_id, line)
);

CREATE TABLE shipments (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    status          TEXT NOT NULL,
    carrier         TEXT NOT NULL DEFAULT '',
    tracking_number TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX shipments_order ON shipments(order_id);

CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    type            TEXT NOT NULL,
    conversation_id TEXT,
    order_id        INTEGER,
    data            TEXT NOT NULL DEFAULT '{}',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX events_type_time ON events(type, created_at);
CREATE INDEX events_conversation ON events(conversation_id);
