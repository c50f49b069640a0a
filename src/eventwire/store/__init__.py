"""Where results live: the Store protocol, its SQLAlchemy backend, and `open_store` to pick a database."""

from __future__ import annotations

from pathlib import Path

from eventwire.store.base import EventFilter, EventPage, QuotePage, Store

__all__ = ["EventFilter", "EventPage", "QuotePage", "Store", "open_store"]


def open_store(url_or_path: str | Path) -> Store:
    """A store for a SQLite path, ``sqlite:///path`` or ``postgresql://user@host/db`` (psycopg 3).

    The schema is upgraded to the newest revision on open.
    """
    from eventwire.store.sql import SqlStore

    return SqlStore(url_or_path)
