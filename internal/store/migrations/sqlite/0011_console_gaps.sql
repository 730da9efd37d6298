-- A coupon's total-uses limit (0 = no limit) and the uses claimed so far:
-- a goodwill code with max_uses 1 works exactly once, for anyone.
ALTER TABLE coupons ADD COLUMN max_uses INTEGER NOT NULL DEFAULT 0;
ALTER TABLE coupons ADD COLUMN uses INTEGER NOT NULL DEFAULT 0;

-- Failed agent sign-ins per e-mail, shared by every instance, so the lock
-- after five failures holds whichever instance the next attempt reaches.
CREATE TABLE login_failures (
    email        TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP
);
