"""Initial schema: articles, events (+ actors), quotes, rejects, and dialect-specific full-text search.

Revision ID: 0001_initial
Revises: (none)

SQLite gets FTS5 tables filled by the store on write; PostgreSQL gets GIN indexes over tsvector
expressions (the store queries the same expressions) and, when PostGIS is installed in the database,
a generated ``geom`` point with a GiST index.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

#: Full-text expressions; the store's queries use these exact texts so PostgreSQL picks the GIN indexes.
PG_ARTICLE_TSV = "to_tsvector('english', coalesce(title, '') || ' ' || text)"
PG_EVENT_TSV = "to_tsvector('english', coalesce(evidence, ''))"
PG_QUOTE_TSV = "to_tsvector('english', text)"
#: Indexes on the exact sort expressions of store/filters.py (same text on both dialects).
SORT_INDEXES = (
    "CREATE INDEX events_sort_date_desc ON events (coalesce(event_date, '') DESC, id)",
    "CREATE INDEX events_sort_date_asc ON events (coalesce(event_date, ''), id)",
    "CREATE INDEX events_sort_killed_desc ON events (coalesce(killed, -1) DESC, id)",
)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.Text),
        sa.Column("published_source", sa.Text),
        sa.Column("language", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.Text, nullable=False),
    )
    op.create_index("articles_outlet", "articles", ["outlet"])
    op.create_index("articles_published", "articles", ["published"])
    op.create_table(
        "events",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("mode", sa.Text),
        sa.Column("acled_event_type", sa.Text),
        sa.Column("acled_sub_event_type", sa.Text),
        sa.Column("country", sa.Text),
        sa.Column("admin1", sa.Text),
        sa.Column("geonameid", sa.Integer),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("precision", sa.Text),
        sa.Column("event_date", sa.Text),
        sa.Column("date_precision", sa.Text),
        sa.Column("killed", sa.Integer),
        sa.Column("injured", sa.Integer),
        sa.Column("claim_status", sa.Text),
        sa.Column("confidence", sa.Float),
        sa.Column("outlets", sa.Integer, nullable=False, server_default=sa.text("1")),
        sa.Column("evidence", sa.Text),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("events_article", "events", ["article_id", "position"])
    op.create_index("events_date", "events", ["event_date"])
    op.create_index("events_country_date", "events", ["country", "event_date"])
    op.create_index("events_type_date", "events", ["type", "event_date"])
    op.create_index("events_lat_lon", "events", ["lat", "lon"])
    for statement in SORT_INDEXES:
        op.execute(statement)
    op.create_table(
        "event_actors",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.Text, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("role", sa.Text),
        sa.Column("name", sa.Text),
        sa.Column("text", sa.Text),
        sa.Column("country", sa.Text),
        sa.Column("sector", sa.Text),
    )
    op.create_index("event_actors_event", "event_actors", ["event_id"])
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("speaker", sa.Text),
        sa.Column("speaker_key", sa.Text),
        sa.Column("speaker_given", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start_offset", sa.Integer, nullable=False),
        sa.Column("end_offset", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("quotes_article", "quotes", ["article_id", "position"])
    op.create_index("quotes_speaker_key", "quotes", ["speaker_key"])
    op.create_table(
        "rejects",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("detail", sa.Text, nullable=False, server_default=sa.text("''")),
        sa.Column("at", sa.Text, nullable=False),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        create_sqlite_search()
    elif dialect == "postgresql":
        create_postgres_search()


def create_sqlite_search() -> None:
    """Standalone FTS5 tables (not external-content): a VACUUM may renumber implicit rowids."""
    op.execute("CREATE VIRTUAL TABLE IF NOT EXISTS article_search USING fts5(article_id UNINDEXED, title, text)")
    op.execute("CREATE VIRTUAL TABLE IF NOT EXISTS event_search USING fts5(event_id UNINDEXED, evidence)")
    op.execute("CREATE VIRTUAL TABLE IF NOT EXISTS quote_search USING fts5(quote_id UNINDEXED, text)")


def create_postgres_search() -> None:
    op.execute(f"CREATE INDEX articles_search ON articles USING gin (({PG_ARTICLE_TSV}))")
    op.execute(f"CREATE INDEX events_search ON events USING gin (({PG_EVENT_TSV}))")
    op.execute(f"CREATE INDEX quotes_search ON quotes USING gin (({PG_QUOTE_TSV}))")
    # PostGIS only when a database owner has installed it where this connection sees it (creating an
    # extension needs privileges a store's role should not have): `CREATE EXTENSION postgis` first.
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT to_regtype('geometry') IS NOT NULL")).scalar():
        op.execute(
            "ALTER TABLE events ADD COLUMN geom geometry(Point, 4326) GENERATED ALWAYS AS"
            " (CASE WHEN lat IS NULL OR lon IS NULL THEN NULL"
            " ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED"
        )
        op.execute("CREATE INDEX events_geom ON events USING gist (geom)")


def downgrade() -> None:
    for table in ("article_search", "event_search", "quote_search"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
    for table in ("rejects", "quotes", "event_actors", "events", "articles"):
        op.drop_table(table)
