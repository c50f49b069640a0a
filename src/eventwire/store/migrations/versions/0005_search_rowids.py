"""SQLite: full-text rows keyed by their article's / event's rowid, and an R*Tree of event coordinates.

Revision ID: 0005_search_rowids
Revises: 0004_versions

On both dialects: an index on ``articles (id, retracted_version)`` so the visibility check of every event
query reads the index, not the article row, and one on ``events (country, type, event_date)``. The rest
is SQLite only.

``article_search`` and ``event_search`` (FTS5) are rebuilt so that each row's rowid is the rowid of the
article or event it indexes. A page query can then test one event against the full-text index by rowid
(``MATCH ... AND rowid = events.rowid``, a seek) while it walks events in sort order, instead of first
collecting every match and sorting them all (bench/bench_store.py times both). ``event_places`` is an
R*Tree (``id`` = the event's rowid, a point as a box) that answers small bounding boxes and radii
without scanning a band of the (lat, lon) index.

Both are written by the store in the article's own transaction (store/sql.py ``_index_sqlite_rows``).
Articles and events are never deleted and their rowids never change (VACUUM keeps them: the
tests/store VACUUM test checks it on the SQLite in use). PostgreSQL has neither structure and needs
none: its tsvector GIN indexes and PostGIS (or plain columns) stay as they are.
"""

from alembic import op

revision = "0005_search_rowids"
down_revision = "0004_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Both dialects: every event query checks its article's visibility; this index answers the check
    # without reading the article row (its text makes those rows large): stats for one country joined
    # 2,500 article rows per count.
    op.create_index("articles_visible", "articles", ["id", "retracted_version"])
    # Country and type together (the page's usual pair): with only the one-column-plus-date indexes,
    # SQLite walked every event of the type in date order looking for the country.
    op.create_index("events_country_type_date", "events", ["country", "type", "event_date"])
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE IF EXISTS article_search")
    op.execute("DROP TABLE IF EXISTS event_search")
    op.execute("CREATE VIRTUAL TABLE article_search USING fts5(article_id UNINDEXED, title, text)")
    op.execute("CREATE VIRTUAL TABLE event_search USING fts5(event_id UNINDEXED, evidence)")
    op.execute("INSERT INTO article_search (rowid, article_id, title, text)"
               " SELECT rowid, id, coalesce(title, ''), text FROM articles")
    op.execute("INSERT INTO event_search (rowid, event_id, evidence)"
               " SELECT rowid, id, coalesce(evidence, '') FROM events")
    op.execute("CREATE VIRTUAL TABLE event_places USING rtree(id, min_lon, max_lon, min_lat, max_lat)")
    op.execute("INSERT INTO event_places (id, min_lon, max_lon, min_lat, max_lat)"
               " SELECT rowid, lon, lon, lat, lat FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL")


def downgrade() -> None:
    op.drop_index("events_country_type_date", "events")
    op.drop_index("articles_visible", "articles")
    if op.get_bind().dialect.name != "sqlite":
        return
    # The FTS tables keep working keyed by rowid; only the R*Tree is new.
    op.execute("DROP TABLE IF EXISTS event_places")
