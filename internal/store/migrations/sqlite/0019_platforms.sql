-- Commerce platforms (Shopify, WooCommerce, Magento): the webhook events
-- accepted (stored before they are acknowledged, applied once), which of
-- our SKUs stand for which upstream variant and inventory item, stock per
-- upstream location, paid chat orders still to be created upstream, and
-- each platform's sync status.
CREATE TABLE platform_events (
    id          INTEGER PRIMARY KEY,
    platform    TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    topic       TEXT NOT NULL,
    payload     TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending',
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    received_at TIMESTAMP NOT NULL,
    next_try_at TIMESTAMP NOT NULL,
    applied_at  TIMESTAMP,
    UNIQUE (platform, event_id)
);
CREATE INDEX platform_events_pending ON platform_events(platform, status, next_try_at);

CREATE TABLE platform_items (
    platform          TEXT NOT NULL,
    sku               TEXT NOT NULL,
    product_id        TEXT NOT NULL,
    variant_id        TEXT NOT NULL,
    inventory_item_id TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (platform, sku)
);
CREATE INDEX platform_items_inventory ON platform_items(platform, inventory_item_id);
CREATE INDEX platform_items_product ON platform_items(platform, product_id);

CREATE TABLE platform_products (
    platform   TEXT NOT NULL,
    product_id TEXT NOT NULL,
    handle     TEXT NOT NULL,
    PRIMARY KEY (platform, product_id)
);

CREATE TABLE platform_stock_levels (
    platform          TEXT NOT NULL,
    inventory_item_id TEXT NOT NULL,
    location_id       TEXT NOT NULL,
    available         INTEGER NOT NULL,
    PRIMARY KEY (platform, inventory_item_id, location_id)
);

CREATE TABLE platform_orders (
    platform     TEXT NOT NULL,
    order_number TEXT NOT NULL,
    external_id  TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'pending',
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    next_try_at  TIMESTAMP NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (platform, order_number)
);
CREATE INDEX platform_orders_due ON platform_orders(status, next_try_at);
CREATE INDEX platform_orders_external ON platform_orders(platform, external_id);

CREATE TABLE platform_sync (
    platform       TEXT PRIMARY KEY,
    last_sync_at   TIMESTAMP,
    last_event_at  TIMESTAMP,
    last_error     TEXT NOT NULL DEFAULT '',
    last_error_at  TIMESTAMP,
    products       INTEGER NOT NULL DEFAULT 0,
    variants       INTEGER NOT NULL DEFAULT 0,
    archived       INTEGER NOT NULL DEFAULT 0,
    events_applied INTEGER NOT NULL DEFAULT 0,
    events_failed  INTEGER NOT NULL DEFAULT 0,
    orders_created INTEGER NOT NULL DEFAULT 0
);
