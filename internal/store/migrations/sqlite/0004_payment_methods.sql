CREATE TABLE payment_methods (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    gateway     TEXT NOT NULL,
    reference   TEXT NOT NULL,
    label       TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (customer_id, gateway, reference)
);
