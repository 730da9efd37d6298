CREATE TABLE gateway_customers (
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    gateway     TEXT NOT NULL,
    reference   TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (customer_id, gateway)
);
