"""Where results live: the Store protocol, its backends, and `open_store` to pick one from a URL or path."""

from __future__ import annotations

from pathlib import Path

from eventwire.errors import ConfigError
from eventwire.store.base import EventFilter, Store

__all__ = ["EventFilter", "Store", "open_store"]


def open_store(url_or_path: str | Path) -> Store:
    """A SQLite store for a path or ``sqlite:///path``; PostgreSQL URLs are not supported yet."""
    from eventwire.store.sqlite import SQLiteStore

    target = str(url_or_path)
    if not target:
        raise ConfigError("no store given: pass a SQLite file path (e.g. eventwire.sqlite)")
    if target.startswith(("postgresql://", "postgres://", "postgresql+")):
        raise ConfigError(
            "PostgreSQL stores are not supported yet; use a SQLite file path (e.g. eventwire.sqlite)"
        )
    if target.startswith("sqlite:///"):
        return SQLiteStore(target[len("sqlite:///"):])
    if "://" in target:
        scheme = target.split("://", 1)[0]
        raise ConfigError(f"unknown store URL scheme {scheme!r}: use a SQLite file path or sqlite:///path")
    return SQLiteStore(target)
