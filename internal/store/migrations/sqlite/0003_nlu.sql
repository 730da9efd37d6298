CREATE TABLE nlu_examples (
    id         INTEGER PRIMARY KEY,
    lang       TEXT NOT NULL,
    intent     TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (lang, intent, text)
);

CREATE TABLE nlu_synonyms (
    id         INTEGER PRIMARY KEY,
    lang       TEXT NOT NULL,
    entity     TEXT NOT NULL,
    value      TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (lang, entity, text)
);
