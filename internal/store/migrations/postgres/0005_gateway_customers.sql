CREATE TABLE gateway_customers (
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    gateway     TEXT NOT NULL,
    reference   TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (customer_id, gateway)
);
