"""The store's tables as SQLAlchemy Core metadata: one schema for SQLite and PostgreSQL.

Migrations under ``migrations/versions/`` are the source of truth for how a database gets this shape;
``tests/store`` checks that a migrated database matches these tables. Full-text search structures are
dialect-specific and live only in the migrations (FTS5 tables on SQLite, tsvector GIN indexes on
PostgreSQL), as does the optional PostGIS ``geom`` column.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    func,
    text,
)

metadata = MetaData()

# Dates and datetimes are ISO 8601 text on both backends: they sort correctly as text, and the stored
# value is exactly what the output contract prints (no timezone conversion by a driver).
articles = Table(
    "articles",
    metadata,
    Column("id", Text, primary_key=True),
    Column("url", Text),
    Column("outlet", Text),
    Column("title", Text),
    Column("published", Text),
    Column("published_source", Text),
    Column("language", Text),
    Column("source", Text),
    Column("text", Text, nullable=False),
    Column("ingested_at", Text, nullable=False),
    # 0002_ingest: page metadata and dedup keys
    Column("canonical_url", Text),
    Column("url_key", Text),  # normalized canonical (else fetched) URL: "same URL" means same article
    Column("authors", Text),  # JSON list of names
    Column("text_hash", Text),  # hash of the normalized words: "same text" means same article
    Column("copy_of", Text),  # id of the syndication root this article is a near-copy of
    # 0004_versions: the version that added the article (0: before versions) and the one retracting it
    Column("version", Integer, nullable=False, server_default=text("0")),
    Column("retracted_version", Integer),
    Index("articles_outlet", "outlet"),
    Index("articles_published", "published"),
    Index("articles_url_key", "url_key"),
    Index("articles_text_hash", "text_hash"),
    Index("articles_copy_of", "copy_of"),
    Index("articles_version", "version"),
    # 0005: the visibility check of event queries, answered from the index (see that revision)
    Index("articles_visible", "id", "retracted_version"),
)

#: MinHash signature of each article's word shingles (ingest/dedup.py), so later runs link copies.
article_signatures = Table(
    "article_signatures",
    metadata,
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("minhash", LargeBinary, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", Text, primary_key=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("type", Text, nullable=False),
    Column("mode", Text),
    Column("acled_event_type", Text),
    Column("acled_sub_event_type", Text),
    Column("country", Text),
    Column("admin1", Text),
    Column("geonameid", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("precision", Text),
    Column("event_date", Text),
    Column("date_precision", Text),
    Column("killed", Integer),
    Column("injured", Integer),
    Column("claim_status", Text),
    Column("confidence", Float),
    # Distinct outlets reporting the event: 1 for a single report until merging fills it.
    Column("outlets", Integer, nullable=False, server_default=text("1")),
    # The sentence the event was read from, indexed for full-text search.
    Column("evidence", Text),
    Column("data", Text, nullable=False),
    Index("events_article", "article_id", "position"),
    Index("events_date", "event_date"),
    Index("events_country_date", "country", "event_date"),
    Index("events_type_date", "type", "event_date"),
    Index("events_country_type_date", "country", "type", "event_date"),  # 0005
    Index("events_lat_lon", "lat", "lon"),
)
# The sort keys of store/filters.py (NULLs mapped low) with the id tiebreak, in both directions the
# queries use, so a page of the newest events reads 100 index entries instead of sorting the table.
Index("events_sort_date_desc", func.coalesce(events.c.event_date, "").desc(), events.c.id)
Index("events_sort_date_asc", func.coalesce(events.c.event_date, ""), events.c.id)
Index("events_sort_killed_desc", func.coalesce(events.c.killed, -1).desc(), events.c.id)

event_actors = Table(
    "event_actors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Text, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("role", Text),
    Column("name", Text),
    Column("text", Text),
    Column("country", Text),
    Column("sector", Text),
    Index("event_actors_event", "event_id"),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("speaker", Text),
    # resolve.speakers.speaker_key of the speaker: surname key, plus the given name when the text has one.
    Column("speaker_key", Text),
    Column("speaker_given", Text),
    Column("text", Text, nullable=False),
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Column("data", Text, nullable=False),
    Index("quotes_article", "article_id", "position"),
    Index("quotes_speaker_key", "speaker_key"),
)

rejects = Table(
    "rejects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("detail", Text, nullable=False, server_default=text("''")),
    Column("at", Text, nullable=False),
    Column("key", Text),  # hash of (source, reason): storing the same reject again is a no-op
    Index("rejects_key", "key", unique=True),
)

#: SQLite FTS5 tables (created by the migrations on SQLite only) and the id column each one carries.
SQLITE_SEARCH_TABLES = {"article_search": "article_id", "event_search": "event_id", "quote_search": "quote_id"}

# Merged events (revision 0003_merge): see that revision's docstring for the columns' meaning.
merged_events = Table(
    "merged_events",
    metadata,
    Column("id", Text, primary_key=True),
    Column("type", Text, nullable=False),
    Column("mode", Text),
    Column("family", Text, nullable=False),
    Column("block_country", Text, nullable=False),
    Column("window_first", Integer, nullable=False),
    Column("window_last", Integer, nullable=False),
    Column("country", Text),
    Column("admin1", Text),
    Column("geonameid", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("precision", Text),
    Column("event_date", Text),
    Column("date_precision", Text),
    Column("killed_best", Integer),
    Column("killed_min", Integer),
    Column("killed_max", Integer),
    Column("injured_best", Integer),
    Column("injured_min", Integer),
    Column("injured_max", Integer),
    Column("outlets", Integer, nullable=False),
    Column("articles", Integer, nullable=False),
    Column("independent_documents", Integer, nullable=False),
    Column("mentions", Integer, nullable=False),
    Column("conflicts", Text, nullable=False),
    Column("data", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Index("merged_events_block", "family", "block_country", "window_first"),
    Index("merged_events_country_date", "country", "event_date"),
)

merged_event_links = Table(
    "merged_event_links",
    metadata,
    Column("mention_id", Text, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", Text, ForeignKey("merged_events.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", Text, nullable=False),
    Column("copy_of", Text),
    Column("score", Float, nullable=False),
    Column("decision", Text, nullable=False),
    Index("merged_event_links_event", "event_id"),
)

merged_event_aliases = Table(
    "merged_event_aliases",
    metadata,
    Column("old_id", Text, primary_key=True),
    Column("event_id", Text, nullable=False),
)

# Versions (revision 0004_versions): see that revision's docstring.
versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Text, nullable=False),
    Column("cause", Text, nullable=False),  # ingest | merge | retract
    Column("article_id", Text),
    Index("versions_at", "at"),
)

changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version", Integer, ForeignKey("versions.id"), nullable=False),
    Column("kind", Text, nullable=False),
    Column("event_id", Text),
    Column("article_id", Text),
    Column("field", Text),
    Column("old_value", Text),  # JSON
    Column("new_value", Text),  # JSON
    Index("changes_version", "version"),
)

snapshots = Table(
    "snapshots",
    metadata,
    Column("name", Text, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("at", Text, nullable=False),
)

merged_event_history = Table(
    "merged_event_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Text, nullable=False),
    Column("valid_from", Integer, nullable=False),
    Column("valid_to", Integer),
    Column("data", Text, nullable=False),
    Index("merged_event_history_event", "event_id", "valid_from"),
)

#: What `eventwire watch` knows about each source between polls (conditional-request validators).
watch_sources = Table(
    "watch_sources",
    metadata,
    Column("source", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("polled_at", Text),
    Column("status", Text),
    Column("error", Text),
    Column("polls", Integer, nullable=False, server_default=text("0")),
    Column("failures", Integer, nullable=False, server_default=text("0")),
)
