-- Failed order lookups in the chat (an order number with an e-mail or
-- phone that is not on it), one row each, so the limit holds across
-- conversations, instances and restarts: a client or an order number with
-- too many in the last hour gets no more tries. client is a hash of the
-- client's address, never the address. Rows older than the window are
-- swept as new ones come.
CREATE TABLE order_lookup_failures (
    id           INTEGER PRIMARY KEY,
    client       TEXT NOT NULL,
    order_number TEXT NOT NULL,
    failed_at    TIMESTAMP NOT NULL
);
CREATE INDEX order_lookup_failures_client ON order_lookup_failures (client, failed_at);
CREATE INDEX order_lookup_failures_number ON order_lookup_failures (order_number, failed_at);

-- Agent sign-in back-off, shared by every instance: one row per (account,
-- client address hash) and one per account (client ''). They replace the
-- lock of login_failures, which let anyone lock a known agent out.
CREATE TABLE login_backoff (
    account         TEXT NOT NULL,
    client          TEXT NOT NULL,
    failures        INTEGER NOT NULL DEFAULT 0,
    last_failure_at TIMESTAMP NOT NULL,
    PRIMARY KEY (account, client)
);
CREATE INDEX login_backoff_last ON login_backoff (last_failure_at);
-- Addresses an account signed in from: they skip the account-wide back-off,
-- so an attack on the account does not keep its owner out.
CREATE TABLE login_known_clients (
    account         TEXT NOT NULL,
    client          TEXT NOT NULL,
    last_success_at TIMESTAMP NOT NULL,
    PRIMARY KEY (account, client)
);
DROP TABLE login_failures;

-- Optional TOTP (RFC 6238) per agent: the confirmed secret (base32; empty:
-- off), a secret awaiting its first code, and the last time step used, so a
-- code works once.
ALTER TABLE agents ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE agents ADD COLUMN totp_pending TEXT NOT NULL DEFAULT '';
ALTER TABLE agents ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
