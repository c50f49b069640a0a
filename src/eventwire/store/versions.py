"""Versions of the store: the append-only change log, snapshots, as-of resolution and visibility."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select, text
from sqlalchemy.sql.elements import ColumnElement

from eventwire.errors import BadInputError
from eventwire.model import Article, ArticleResult, event_from_dict
from eventwire.store.schema import articles, changes, events, merged_event_history, snapshots, versions

#: Kinds of change in the log (docs/versions.md).
CHANGE_KINDS = (
    "article_added", "event_created", "report_added", "field_changed", "events_merged", "event_split",
    "report_removed", "event_removed", "article_retracted",
)
_DIGITS = re.compile(r"^\d+$")


def now_text() -> str:
    """UTC now as stored: ISO 8601 with microseconds, so text order is time order."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def begin_version(connection: Connection, cause: str, article_id: str | None) -> int:
    """Open a new version inside the caller's transaction; its changes commit (or vanish) with it.

    On PostgreSQL the versions table is locked first so version numbers commit in increasing order
    (SQLite's BEGIN IMMEDIATE already serializes writers): a reader at version V never misses a
    smaller version that commits later."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("LOCK TABLE versions IN SHARE ROW EXCLUSIVE MODE"))
    inserted = connection.execute(
        versions.insert().returning(versions.c.id), {"at": now_text(), "cause": cause, "article_id": article_id}
    )
    return int(inserted.scalar_one())


@dataclass(slots=True)
class ChangeLog:
    """The change rows of one version, written together by `flush`."""

    version: int
    rows: list[dict[str, Any]]

    def add(self, kind: str, *, event_id: str | None = None, article_id: str | None = None,
            field: str | None = None, old: Any = None, new: Any = None) -> None:
        self.rows.append({
            "version": self.version, "kind": kind, "event_id": event_id, "article_id": article_id,
            "field": field,
            "old_value": None if old is None else json.dumps(old, ensure_ascii=False, sort_keys=True),
            "new_value": None if new is None else json.dumps(new, ensure_ascii=False, sort_keys=True),
        })

    def flush(self, connection: Connection) -> None:
        if self.rows:
            connection.execute(changes.insert(), self.rows)
            self.rows = []


def current_version(connection: Connection) -> int:
    """The newest committed version (0 for a store with no versioned change yet)."""
    return int(connection.execute(select(func.coalesce(func.max(versions.c.id), 0))).scalar_one())


def _as_utc_text(value: str) -> str:
    try:
        if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
            # A day means the end of that day: "as of 2025-11-14" includes that day's changes.
            moment = dt.datetime.combine(dt.date.fromisoformat(value), dt.time.max, dt.UTC)
        else:
            moment = dt.datetime.fromisoformat(value)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=dt.UTC)
    except ValueError as error:
        raise BadInputError(
            f"{value!r} is not a version number, a snapshot name or an ISO 8601 time ({error})"
        ) from error
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def resolve_version(connection: Connection, value: str | int | None) -> int | None:
    """A version number from a number, a snapshot name or a time (the last version at or before it)."""
    if value is None or value == "":
        return None
    latest = current_version(connection)
    if isinstance(value, int) or _DIGITS.match(value):
        number = int(value)
        if number > latest:
            raise BadInputError(f"version {number} does not exist yet (the newest is {latest})")
        return number
    named = connection.execute(select(snapshots.c.version).where(snapshots.c.name == value)).scalar()
    if named is not None:
        return int(named)
    moment = _as_utc_text(value)
    found = connection.execute(select(func.max(versions.c.id)).where(versions.c.at <= moment)).scalar()
    return int(found or 0)


def version_info(connection: Connection, version: int | None) -> dict[str, Any]:
    """Version number and time (the current one when ``version`` is None)."""
    number = current_version(connection) if version is None else version
    at = connection.execute(select(versions.c.at).where(versions.c.id == number)).scalar()
    return {"version": number, "at": at}


def make_snapshot(connection: Connection, name: str | None) -> dict[str, Any]:
    """Name the current version (names never move: reusing one is an error)."""
    info = version_info(connection, None)
    name = (name or f"v{info['version']}").strip()
    if not name or _DIGITS.match(name):
        raise BadInputError(f"a snapshot name must not be empty or all digits (those are versions): {name!r}")
    if connection.execute(select(snapshots.c.version).where(snapshots.c.name == name)).scalar() is not None:
        raise BadInputError(f"snapshot {name!r} exists already; snapshot names never move")
    connection.execute(snapshots.insert().values(name=name, version=info["version"], at=now_text()))
    return {"name": name, **info}


def list_snapshots(connection: Connection) -> list[dict[str, Any]]:
    rows = connection.execute(select(snapshots).order_by(snapshots.c.version, snapshots.c.name)).all()
    return [dict(row._mapping) for row in rows]


def list_changes(connection: Connection, since: int, limit: int | None = None) -> list[dict[str, Any]]:
    """Changes made after version ``since``, oldest first, each with its version's time and cause.

    ``limit`` is passed only to end on a whole version: the last version's other changes are added,
    so a caller can always go on from the last version it got."""
    statement = (
        select(changes.c.id, changes.c.version, versions.c.at, versions.c.cause, changes.c.kind,
               changes.c.event_id, changes.c.article_id, changes.c.field, changes.c.old_value,
               changes.c.new_value)
        .select_from(changes.join(versions, versions.c.id == changes.c.version))
        .order_by(changes.c.id)
    )
    rows = connection.execute(statement.where(changes.c.version > since)
                              .limit(limit)).all()
    if limit is not None and len(rows) == limit:
        last = rows[-1]
        rows += connection.execute(statement.where(changes.c.version == last.version, changes.c.id > last.id)).all()
    found = []
    for row in rows:
        item = dict(row._mapping)
        for key in ("old_value", "new_value"):
            item[key] = None if item[key] is None else json.loads(item[key])
        found.append(item)
    return found


def last_changed(connection: Connection) -> dict[str, Any]:
    """The newest version and its time: what `/api/health` reports as ``last_changed``."""
    return version_info(connection, None)


def article_visible(as_of: int | None) -> ColumnElement[bool]:
    """Articles (hence their events and quotes) that exist at ``as_of`` (None: now)."""
    if as_of is None:
        return articles.c.retracted_version.is_(None)
    return and_(articles.c.version <= as_of,
                or_(articles.c.retracted_version.is_(None), articles.c.retracted_version > as_of))


def merged_data_as_of(connection: Connection, event_id: str, as_of: int) -> str | None:
    """The fused record of a merged event as it was at ``as_of`` (None: it did not exist then)."""
    return connection.execute(
        select(merged_event_history.c.data).where(
            merged_event_history.c.event_id == event_id, merged_event_history.c.valid_from <= as_of,
            or_(merged_event_history.c.valid_to.is_(None), merged_event_history.c.valid_to > as_of),
        )
    ).scalar()


def unmerged_results(connection: Connection) -> list[ArticleResult]:
    """Articles added after the newest merge version, not retracted, with their events (text left
    out: merging reads only metadata and events). Merges follow the stores of their batch, so these
    are exactly the articles of a batch whose merge never committed (one writer at a time)."""
    last_merge = connection.execute(
        select(func.coalesce(func.max(versions.c.id), 0)).where(versions.c.cause == "merge")).scalar_one()
    rows = connection.execute(
        select(articles.c.id, articles.c.url, articles.c.outlet, articles.c.published, articles.c.copy_of)
        .where(articles.c.version > last_merge, articles.c.retracted_version.is_(None))
        .order_by(articles.c.version)
    ).all()
    found = []
    for row in rows:
        data = connection.execute(select(events.c.data).where(events.c.article_id == row.id)
                                  .order_by(events.c.position)).scalars().all()
        article = Article(id=row.id, text="", url=row.url, outlet=row.outlet, copy_of=row.copy_of,
                          published=dt.datetime.fromisoformat(row.published) if row.published else None)
        found.append(ArticleResult(article, tuple(event_from_dict(json.loads(item)) for item in data), ()))
    return found
