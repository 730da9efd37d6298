-- Conversations of the widget and the REST API are on the contract's "web"
-- channel (they were stored as "rest"); messaging apps have their own names.
UPDATE conversations SET channel = 'web' WHERE channel = 'rest';
