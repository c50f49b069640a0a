"""Where results live: the Store protocol, its SQLAlchemy backend, and `open_store` to pick a database."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.store.base import EventDocumentPage, EventFilter, EventPage, QuotePage, Store

if TYPE_CHECKING:
    from eventwire.store.migrate import MigrationReport

__all__ = ["EventDocumentPage", "EventFilter", "EventPage", "QuotePage", "Store", "migrate_store", "open_store"]


def open_store(url_or_path: str | Path) -> Store:
    """A store for a SQLite path, ``sqlite:///path`` or ``postgresql://user@host/db`` (psycopg 3).

    The schema is upgraded to the newest revision on open.
    """
    from eventwire.store.sql import SqlStore

    return SqlStore(url_or_path)


def migrate_store(url_or_path: str | Path) -> MigrationReport:
    """Upgrade the store to the newest schema revision (creating it when empty); reports from/to revisions."""
    from eventwire.store.sql import SqlStore

    with SqlStore(url_or_path) as store:
        return store.migration
