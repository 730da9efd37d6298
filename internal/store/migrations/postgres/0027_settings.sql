-- Settings the retailer edits in the web admin. A row overrides the flag or
-- environment default of the same name; deleting it goes back to the default.
CREATE TABLE settings (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
