-- Product cards of stored messages, each once under the hash of its JSON
-- (issue #17): a message body refers to them as {"$card":"<hash>"} instead
-- of carrying kilobytes of the same cards turn after turn. Rows are never
-- deleted or changed (a card holds catalogue data only, never a person's).
CREATE TABLE message_cards (
    hash TEXT PRIMARY KEY,
    body TEXT NOT NULL
);
