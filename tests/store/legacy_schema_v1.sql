-- The store schema before Alembic (schema_version 1, eventwire at d0f7e98), kept to test adopting old files.
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    url TEXT,
    outlet TEXT,
    title TEXT,
    published TEXT,
    published_source TEXT,
    language TEXT,
    source TEXT,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    type TEXT NOT NULL,
    mode TEXT,
    acled_event_type TEXT,
    acled_sub_event_type TEXT,
    country TEXT,
    admin1 TEXT,
    geonameid INTEGER,
    lat REAL,
    lon REAL,
    precision TEXT,
    event_date TEXT,
    date_precision TEXT,
    killed INTEGER,
    injured INTEGER,
    claim_status TEXT,
    confidence REAL,
    data TEXT NOT NULL
);
CREATE INDEX events_article ON events(article_id, position);
CREATE INDEX events_date ON events(event_date);
CREATE INDEX events_country_date ON events(country, event_date);
CREATE INDEX events_type_date ON events(type, event_date);

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    speaker TEXT,
    text TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX quotes_article ON quotes(article_id, position);

CREATE TABLE rejects (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);

-- A standalone FTS5 table (not external-content): articles has a TEXT primary key, and VACUUM may
-- renumber implicit rowids, which would silently break an external-content index.
CREATE VIRTUAL TABLE article_search USING fts5(article_id UNINDEXED, title, text);
