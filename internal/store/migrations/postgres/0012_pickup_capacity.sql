-- Booked pickups per slot (its start), so a slot holds at most the
-- policy's pickup_capacity: a booking raises booked only while it is below
-- the capacity, in one statement, which two shoppers cannot both pass for
-- the last place.
CREATE TABLE pickup_bookings (
    slot_start TIMESTAMPTZ PRIMARY KEY,
    booked     INTEGER NOT NULL DEFAULT 0
);
