"""Merged events: one row per merged event (best fields, corroboration, conflicts, fused record) and
one link row per event mention (the event it joined, with the score and features that joined it).

Revision ID: 0003_merge
Revises: 0002_ingest

``window_first`` / ``window_last`` are the blocking window of the event (proleptic Gregorian day
ordinals, `merge.blocking`), so the merge finds an event's candidates with one indexed range query.
``merged_event_aliases`` keeps the id of an event merged into another, pointing at the survivor.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_merge"
down_revision = "0002_ingest"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "merged_events",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("mode", sa.Text),
        sa.Column("family", sa.Text, nullable=False),
        sa.Column("block_country", sa.Text, nullable=False),
        sa.Column("window_first", sa.Integer, nullable=False),
        sa.Column("window_last", sa.Integer, nullable=False),
        sa.Column("country", sa.Text),
        sa.Column("admin1", sa.Text),
        sa.Column("geonameid", sa.Integer),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("precision", sa.Text),
        sa.Column("event_date", sa.Text),
        sa.Column("date_precision", sa.Text),
        sa.Column("killed_best", sa.Integer),
        sa.Column("killed_min", sa.Integer),
        sa.Column("killed_max", sa.Integer),
        sa.Column("injured_best", sa.Integer),
        sa.Column("injured_min", sa.Integer),
        sa.Column("injured_max", sa.Integer),
        sa.Column("outlets", sa.Integer, nullable=False),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("independent_documents", sa.Integer, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.Column("conflicts", sa.Text, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
    )
    op.create_index("merged_events_block", "merged_events", ["family", "block_country", "window_first"])
    op.create_index("merged_events_country_date", "merged_events", ["country", "event_date"])
    op.create_table(
        "merged_event_links",
        sa.Column("mention_id", sa.Text, sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("event_id", sa.Text, sa.ForeignKey("merged_events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("article_id", sa.Text, nullable=False),
        sa.Column("copy_of", sa.Text),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("decision", sa.Text, nullable=False),
    )
    op.create_index("merged_event_links_event", "merged_event_links", ["event_id"])
    op.create_table(
        "merged_event_aliases",
        sa.Column("old_id", sa.Text, primary_key=True),
        sa.Column("event_id", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("merged_event_aliases")
    op.drop_table("merged_event_links")
    op.drop_table("merged_events")
