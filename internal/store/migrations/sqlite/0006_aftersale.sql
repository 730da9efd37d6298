-- Carrier scans of a shipment. event_id is the carrier's id of the scan
-- (ours for the simulated carrier), so the job and webhooks store each once.
CREATE TABLE shipment_events (
    id          INTEGER PRIMARY KEY,
    shipment_id INTEGER NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
    event_id    TEXT NOT NULL,
    status      TEXT NOT NULL,
    location    TEXT NOT NULL DEFAULT '',
    occurred_at TIMESTAMP NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (shipment_id, event_id)
);
CREATE INDEX shipment_events_time ON shipment_events(shipment_id, occurred_at);

-- Where the parcel goes, and whether the tracking job should ask its carrier
-- for news (only parcels of carriers we can poll, until delivered).
ALTER TABLE shipments ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE shipments ADD COLUMN polling BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX shipments_tracking ON shipments(tracking_number);

-- Unguessable links to an order's pages and documents (tracking page,
-- invoice), one per order and kind.
CREATE TABLE order_links (
    token      TEXT PRIMARY KEY,
    order_id   INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (order_id, kind)
);
