CREATE TABLE articles (
    slug       TEXT PRIMARY KEY,
    topic      TEXT NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE article_translations (
    slug     TEXT NOT NULL REFERENCES articles(slug) ON DELETE CASCADE,
    lang     TEXT NOT NULL,
    title    TEXT NOT NULL,
    answer   TEXT NOT NULL,
    body     TEXT NOT NULL DEFAULT '',
    keywords TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (slug, lang)
);

CREATE TABLE stores (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    address    TEXT NOT NULL,
    city       TEXT NOT NULL,
    country    TEXT NOT NULL,
    lat        REAL,
    lon        REAL,
    phone      TEXT NOT NULL DEFAULT '',
    time_zone  TEXT NOT NULL,
    aliases    TEXT NOT NULL DEFAULT '',
    position   INTEGER NOT NULL DEFAULT 0,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE store_hours (
    store_id TEXT NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
    weekday  INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    opens    TEXT NOT NULL,
    closes   TEXT NOT NULL,
    PRIMARY KEY (store_id, weekday, opens)
);

CREATE TABLE store_holidays (
    store_id TEXT NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
    day      TEXT NOT NULL,
    hours    TEXT NOT NULL DEFAULT '',
    note     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (store_id, day)
);

CREATE TABLE store_stock (
    store_id TEXT NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
    sku      TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity >= 0),
    PRIMARY KEY (store_id, sku)
);

INSERT INTO counters(name, value) VALUES ('articles_version', 0);
