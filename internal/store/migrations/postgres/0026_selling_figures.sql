-- What selling did, per day in the rollup (issue #13): recommendations
-- shown, tapped, and the paid orders holding a recommended sku; proactive
-- messages sent by kind (JSON object) and the orders that followed them.
ALTER TABLE analytics_daily ADD COLUMN rec_shown BIGINT NOT NULL DEFAULT 0;
ALTER TABLE analytics_daily ADD COLUMN rec_clicked BIGINT NOT NULL DEFAULT 0;
ALTER TABLE analytics_daily ADD COLUMN rec_orders BIGINT NOT NULL DEFAULT 0;
ALTER TABLE analytics_daily ADD COLUMN rec_revenue BIGINT NOT NULL DEFAULT 0;
ALTER TABLE analytics_daily ADD COLUMN proactive_sent TEXT NOT NULL DEFAULT '{}';
ALTER TABLE analytics_daily ADD COLUMN proactive_orders BIGINT NOT NULL DEFAULT 0;
ALTER TABLE analytics_daily ADD COLUMN proactive_revenue BIGINT NOT NULL DEFAULT 0;
-- Days rolled up before these columns are rolled up again: they would
-- otherwise say nothing was recommended.
DELETE FROM analytics_days;

-- New arrivals (app/newarrivals.go) read the active products created since
-- a shopper last heard of them.
CREATE INDEX products_created ON products(status, created_at);

-- An order is attributed to recommendations once (store/recoevents.go).
CREATE UNIQUE INDEX events_reco_ordered ON events(order_id) WHERE type = 'recommendation_ordered';
