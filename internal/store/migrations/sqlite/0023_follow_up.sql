-- Honest waiting: a hand-off made while nobody from the team could take it
-- is a follow-up. follow_up holds how to reach the shopper (an e-mail or a
-- phone number), "chat" to answer in the conversation itself, or "pending"
-- while the shopper has been asked and has not answered yet; empty for an
-- ordinary hand-off.
ALTER TABLE handoffs ADD COLUMN follow_up TEXT NOT NULL DEFAULT '';
