-- The web admin's figures: returning customers and conversations per hour
-- of the day (the hour-of-week heat map) are kept in the daily rollup. The
-- rollup is dropped so every day is rolled up again with them (it is
-- rebuilt from the records on the next dashboard request or roll-up run).
ALTER TABLE analytics_daily ADD COLUMN identified_customers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE analytics_daily ADD COLUMN returning_customers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE analytics_daily ADD COLUMN hours TEXT NOT NULL DEFAULT '';
DELETE FROM analytics_daily;
DELETE FROM analytics_days;
-- A customer's earlier conversations and orders are looked up per
-- conversation when a day is rolled up.
CREATE INDEX conversations_customer ON conversations(customer_id, created_at);
CREATE INDEX orders_customer ON orders(customer_id, created_at);
