"""Versions and watching: an append-only change log, named snapshots, the versions of merged events,
article visibility by version (added / retracted), and the per-source state of `eventwire watch`.

Revision ID: 0004_versions
Revises: 0003_merge

``versions`` has one row per committed change set (its id is the version number, its ``at`` the UTC
time); ``changes`` has one row per change in it. ``articles.version`` is the version that added the
article (0: stored before this revision, visible at every version) and ``retracted_version`` the one
that retracted it. ``merged_event_history`` keeps every state of a merged event with the versions it
was valid in (``valid_to`` NULL: current).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_versions"
down_revision = "0003_merge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (not batch mode): recreating ``articles`` on SQLite would cascade-delete its events.
    op.add_column("articles", sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("0")))
    op.add_column("articles", sa.Column("retracted_version", sa.Integer))
    # Articles after the last merge are found by version (pipeline.merge_pending, on every ingest).
    op.create_index("articles_version", "articles", ["version"])
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("cause", sa.Text, nullable=False),
        sa.Column("article_id", sa.Text),
    )
    op.create_index("versions_at", "versions", ["at"])
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("version", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("event_id", sa.Text),
        sa.Column("article_id", sa.Text),
        sa.Column("field", sa.Text),
        sa.Column("old_value", sa.Text),
        sa.Column("new_value", sa.Text),
    )
    op.create_index("changes_version", "changes", ["version"])
    op.create_table(
        "snapshots",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("at", sa.Text, nullable=False),
    )
    op.create_table(
        "merged_event_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.Text, nullable=False),
        sa.Column("valid_from", sa.Integer, nullable=False),
        sa.Column("valid_to", sa.Integer),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("merged_event_history_event", "merged_event_history", ["event_id", "valid_from"])
    # Merged events made before this revision are their own first state (valid from version 0).
    op.execute("INSERT INTO merged_event_history (event_id, valid_from, data) SELECT id, 0, data FROM merged_events")
    op.create_table(
        "watch_sources",
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("polled_at", sa.Text),
        sa.Column("status", sa.Text),
        sa.Column("error", sa.Text),
        sa.Column("polls", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("failures", sa.Integer, nullable=False, server_default=sa.text("0")),
    )


def downgrade() -> None:
    op.drop_table("watch_sources")
    op.drop_index("merged_event_history_event", "merged_event_history")
    op.drop_table("merged_event_history")
    op.drop_table("snapshots")
    op.drop_index("changes_version", "changes")
    op.drop_table("changes")
    op.drop_index("versions_at", "versions")
    op.drop_table("versions")
    op.drop_index("articles_version", "articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("retracted_version")
        batch.drop_column("version")
