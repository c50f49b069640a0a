"""Compatibility name for callers of the pre-SQLAlchemy store: `SQLiteStore` is a `SqlStore` on a file."""

from __future__ import annotations

from pathlib import Path

from eventwire.errors import ConfigError
from eventwire.store.sql import SqlStore


class SQLiteStore(SqlStore):
    """A SqlStore on one SQLite file (or ``:memory:``)."""

    def __init__(self, path: str | Path) -> None:
        if "://" in str(path):
            raise ConfigError(f"SQLiteStore takes a file path, got a URL: {path}")
        super().__init__(path)
