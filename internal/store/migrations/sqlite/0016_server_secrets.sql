-- Secrets the server makes up once and every instance shares, such as the
-- key that signs document links: kept in the database so that a restart or
-- another instance checks the links the first one signed.
CREATE TABLE server_secrets (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
