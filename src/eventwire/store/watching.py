"""Per-source state of `eventwire watch` in the store: conditional-request validators and poll outcomes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select, update

from eventwire.store.schema import watch_sources
from eventwire.store.versions import now_text


def watch_state(connection: Connection, source: str) -> dict[str, Any] | None:
    row = connection.execute(select(watch_sources).where(watch_sources.c.source == source)).first()
    return dict(row._mapping) if row else None


def record_poll(connection: Connection, source: str, *, status: str, error: str | None = None,
                etag: str | None = None, last_modified: str | None = None, keep_validators: bool = False) -> None:
    """Record one poll of a source. Validators are replaced only after what they cover was stored
    (``keep_validators`` leaves the old ones, e.g. after an error or a 304)."""
    values: dict[str, Any] = {"polled_at": now_text(), "status": status, "error": error}
    if not keep_validators:
        values |= {"etag": etag, "last_modified": last_modified}
    known = watch_state(connection, source)
    if known is None:
        connection.execute(watch_sources.insert().values(
            source=source, polls=1, failures=1 if error else 0,
            **({"etag": None, "last_modified": None} | values)))
        return
    connection.execute(update(watch_sources).where(watch_sources.c.source == source).values(
        polls=known["polls"] + 1, failures=known["failures"] + (1 if error else 0), **values))


def list_watch_states(connection: Connection) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in connection.execute(select(watch_sources).order_by(watch_sources.c.source))]
