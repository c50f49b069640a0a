"""Ingest metadata and dedup: article canonical URL, authors, text hash, syndication root; MinHash
signatures; reject keys so storing the same reject twice is a no-op.

Revision ID: 0002_ingest
Revises: 0001_initial
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0002_ingest"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def reject_key(source: str, reason: str) -> str:
    """The same function as eventwire.store.sql.reject_key (a migration must not change with the code)."""
    return hashlib.sha256(f"{source}\0{reason}".encode()).hexdigest()[:32]


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("canonical_url", sa.Text))
        # the normalized canonical (else fetched) URL: the dedup key for "same URL"
        batch.add_column(sa.Column("url_key", sa.Text))
        batch.add_column(sa.Column("authors", sa.Text))  # JSON list of names
        batch.add_column(sa.Column("text_hash", sa.Text))
        batch.add_column(sa.Column("copy_of", sa.Text))  # id of the syndication root article
    op.create_index("articles_url_key", "articles", ["url_key"])
    op.create_index("articles_text_hash", "articles", ["text_hash"])
    op.create_index("articles_copy_of", "articles", ["copy_of"])
    op.create_table(
        "article_signatures",
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
    )
    with op.batch_alter_table("rejects") as batch:
        batch.add_column(sa.Column("key", sa.Text))
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, source, reason FROM rejects ORDER BY id")).all()
    seen: set[str] = set()
    for row_id, source, reason in rows:
        key = reject_key(source, reason)
        if key in seen:
            bind.execute(sa.text("DELETE FROM rejects WHERE id = :id"), {"id": row_id})
        else:
            seen.add(key)
            bind.execute(sa.text("UPDATE rejects SET key = :key WHERE id = :id"), {"key": key, "id": row_id})
    op.create_index("rejects_key", "rejects", ["key"], unique=True)


def downgrade() -> None:
    op.drop_index("rejects_key", "rejects")
    with op.batch_alter_table("rejects") as batch:
        batch.drop_column("key")
    op.drop_table("article_signatures")
    for name in ("articles_copy_of", "articles_text_hash", "articles_url_key"):
        op.drop_index(name, "articles")
    with op.batch_alter_table("articles") as batch:
        for column in ("copy_of", "text_hash", "authors", "url_key", "canonical_url"):
            batch.drop_column(column)
