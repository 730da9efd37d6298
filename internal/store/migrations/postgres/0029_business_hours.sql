-- The first-response wait counted only inside the support hours (issue #14),
-- a histogram like first_response. Days rolled up before it are rolled up
-- again, or they would say every wait was zero.
ALTER TABLE analytics_daily ADD COLUMN first_response_bh TEXT NOT NULL DEFAULT '[]';
DELETE FROM analytics_days;
