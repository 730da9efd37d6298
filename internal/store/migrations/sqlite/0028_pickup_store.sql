-- The store a shopper chose to pick an order up in (issue #19): its id,
-- empty for orders that are shipped.
ALTER TABLE orders ADD COLUMN pickup_store TEXT NOT NULL DEFAULT '';
