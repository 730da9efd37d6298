-- Returns and exchanges. id is unguessable (printed on the label and in its
-- barcode); label_token is the secret of the label's link. refund_lease
-- lets one caller at a time talk to the payment gateway for a refund.
CREATE TABLE returns (
    id               TEXT PRIMARY KEY,
    order_id         BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    status           TEXT NOT NULL,
    reason           TEXT NOT NULL,
    note             TEXT NOT NULL DEFAULT '',
    method           TEXT NOT NULL,
    pickup_start     TIMESTAMPTZ,
    pickup_end       TIMESTAMPTZ,
    label_token      TEXT NOT NULL UNIQUE,
    conversation_id  TEXT NOT NULL DEFAULT '',
    language         TEXT NOT NULL DEFAULT '',
    currency         TEXT NOT NULL,
    refund_amount    BIGINT NOT NULL DEFAULT 0,
    refund_reference TEXT NOT NULL DEFAULT '',
    refund_lease     TIMESTAMPTZ,
    refunded_at      TIMESTAMPTZ,
    reject_reason    TEXT NOT NULL DEFAULT '',
    received_at      TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX returns_order ON returns(order_id);
CREATE INDEX returns_status ON returns(status, created_at);

CREATE TABLE return_items (
    return_id    TEXT NOT NULL REFERENCES returns(id) ON DELETE CASCADE,
    line         BIGINT NOT NULL,
    sku          TEXT NOT NULL,
    title        TEXT NOT NULL,
    quantity     BIGINT NOT NULL CHECK (quantity > 0),
    unit_price   BIGINT NOT NULL,
    exchange_sku TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (return_id, line)
);
