-- Every refund an order has had, keyed so a retried refund is the same one,
-- and the running total that keeps refunds from adding up past what was paid.
ALTER TABLE orders ADD COLUMN refunded_amount BIGINT NOT NULL DEFAULT 0;

CREATE TABLE refunds (
    refund_key  TEXT PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders(id),
    amount      BIGINT NOT NULL,
    reference   TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX refunds_order ON refunds(order_id);
