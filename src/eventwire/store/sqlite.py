"""SQLite backend of the Store protocol: stdlib sqlite3, WAL, foreign keys, FTS5, numbered migrations."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Self

from eventwire.errors import StoreError
from eventwire.model import ArticleResult, EventMention, Reject, event_to_dict, quote_to_dict
from eventwire.store.base import EventFilter

logger = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

#: Columns of ``articles`` returned by `get_article` besides the text.
_ARTICLE_COLUMNS = (
    "id", "url", "outlet", "title", "published", "published_source", "language", "source", "ingested_at",
)


def load_migrations() -> list[tuple[int, str, str]]:
    """The numbered SQL scripts in ``store/migrations/`` as (version, name, sql), oldest first."""
    folder = resources.files("eventwire.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    if not found:
        # A wheel built without the .sql package data would otherwise create an empty, unusable store.
        raise StoreError(f"no store migrations found in {folder}: the eventwire installation is incomplete")
    versions = [version for version, _, _ in found]
    if versions != list(range(1, len(found) + 1)):
        raise StoreError(f"store migrations are not numbered 1..n without gaps: {versions}")
    return found


def _event_row(article_id: str, position: int, event: EventMention) -> tuple[Any, ...]:
    location = event.location
    date = event.date
    fatalities = event.fatalities
    return (
        event.id,
        article_id,
        position,
        event.type.value,
        event.mode,
        event.acled.event_type if event.acled else None,
        event.acled.sub_event_type if event.acled else None,
        location.country if location else None,
        location.admin1 if location else None,
        location.geonameid if location else None,
        location.lat if location else None,
        location.lon if location else None,
        location.precision.value if location else None,
        date.value.isoformat() if date else None,
        date.precision.value if date else None,
        fatalities.killed if fatalities else None,
        fatalities.injured if fatalities else None,
        event.claim.status.value,
        event.confidence,
        json.dumps(event_to_dict(event), ensure_ascii=False),
    )


def _article_summary(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["article_id"],
        "url": row["url"],
        "outlet": row["outlet"],
        "title": row["title"],
        "published": row["published"],
    }


class SQLiteStore:
    """An eventwire database in one SQLite file (created when missing; its folder must exist)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._connection: sqlite3.Connection | None = None
        in_memory = str(path) == ":memory:"
        if not in_memory:
            if not self.path.parent.is_dir():
                raise StoreError(f"cannot create store {self.path}: folder {self.path.parent} does not exist")
            if self.path.is_dir():
                raise StoreError(f"cannot open store {self.path}: it is a folder, not a database file")
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves so one article is one transaction.
            # check_same_thread=False: the HTTP server calls us from worker threads; self._lock serialises.
            connection = sqlite3.connect(
                str(path), isolation_level=None, check_same_thread=False, timeout=30.0
            )
        except sqlite3.Error as error:
            raise StoreError(f"cannot open store {self.path}: {error}") from error
        connection.row_factory = sqlite3.Row
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            if not in_memory:
                connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            self._connection = connection
            self._migrate()
        except sqlite3.DatabaseError as error:
            connection.close()
            self._connection = None
            if "not a database" in str(error) or "malformed" in str(error):
                raise StoreError(f"{self.path} is not an eventwire database ({error})") from error
            raise StoreError(f"cannot open store {self.path}: {error}") from error
        except StoreError:
            connection.close()
            self._connection = None
            raise

    # -- connection plumbing -------------------------------------------------------------------

    @property
    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            raise StoreError(f"store {self.path} is closed")
        return self._connection

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error (sqlite3 errors become StoreError)."""
        with self._lock:
            db = self._db
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise StoreError(f"cannot write to store {self.path}: {error}") from error
            try:
                yield db
                db.execute("COMMIT")
            except BaseException as error:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise StoreError(f"write to store {self.path} failed: {error}") from error
                raise

    def _read(self, sql: str, parameters: tuple[Any, ...] | list[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._db.execute(sql, parameters).fetchall()
            except sqlite3.Error as error:
                raise StoreError(f"read from store {self.path} failed: {error}") from error

    def _migrate(self) -> None:
        db = self._db
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" in tables:
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                raise StoreError(f"{self.path} is not an eventwire database (no schema_version)")
            current = int(row[0])
        elif tables:
            raise StoreError(
                f"{self.path} is not an eventwire database (it holds other tables: {sorted(tables)[:5]})"
            )
        else:
            current = 0
        migrations = load_migrations()
        latest = migrations[-1][0] if migrations else 0
        if current > latest:
            raise StoreError(
                f"{self.path} has schema version {current}, newer than this eventwire ({latest});"
                " upgrade eventwire"
            )
        for version, name, sql in migrations:
            if version <= current:
                continue
            logger.info("migrating store %s to schema version %d (%s)", self.path, version, name)
            script = (
                f"BEGIN IMMEDIATE;\n{sql}\n"
                f"INSERT INTO meta (key, value) VALUES ('schema_version', '{version}')"
                f" ON CONFLICT (key) DO UPDATE SET value = excluded.value;\nCOMMIT;"
            )
            try:
                db.executescript(script)
            except sqlite3.Error:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    # -- the Store protocol ----------------------------------------------------------------------

    def schema_version(self) -> int:
        rows = self._read("SELECT value FROM meta WHERE key = 'schema_version'")
        return int(rows[0][0])

    def add_result(self, result: ArticleResult) -> bool:
        article = result.article
        with self._transaction() as db:
            if db.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
                logger.debug("article %s already stored; skipped", article.id)
                return False
            db.execute(
                "INSERT INTO articles (id, url, outlet, title, published, published_source, language,"
                " source, text, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.id,
                    article.url,
                    article.outlet,
                    article.title,
                    article.published.isoformat() if article.published else None,
                    article.published_source,
                    article.language,
                    article.source,
                    article.text,
                    dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                ),
            )
            db.executemany(
                "INSERT INTO events (id, article_id, position, type, mode, acled_event_type,"
                " acled_sub_event_type, country, admin1, geonameid, lat, lon, precision, event_date,"
                " date_precision, killed, injured, claim_status, confidence, data)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [_event_row(article.id, index, event) for index, event in enumerate(result.events)],
            )
            db.executemany(
                "INSERT INTO quotes (article_id, position, speaker, text, start_offset, end_offset, data)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        article.id,
                        index,
                        quote.speaker,
                        quote.text,
                        quote.start,
                        quote.end,
                        json.dumps(quote_to_dict(quote), ensure_ascii=False),
                    )
                    for index, quote in enumerate(result.quotes)
                ],
            )
            db.execute(
                "INSERT INTO article_search (article_id, title, text) VALUES (?, ?, ?)",
                (article.id, article.title or "", article.text),
            )
        logger.debug(
            "stored article %s with %d events, %d quotes", article.id, len(result.events), len(result.quotes)
        )
        return True

    def add_reject(self, reject: Reject) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO rejects (source, reason, detail, at) VALUES (?, ?, ?, ?)",
                (
                    reject.source,
                    reject.reason,
                    reject.detail,
                    dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                ),
            )

    def has_article(self, article_id: str) -> bool:
        return bool(self._read("SELECT 1 FROM articles WHERE id = ?", (article_id,)))

    def query_events(self, event_filter: EventFilter) -> list[dict[str, Any]]:
        if event_filter.limit < 0 or event_filter.offset < 0:
            raise StoreError("limit and offset must not be negative")
        clauses: list[str] = []
        parameters: list[Any] = []
        if event_filter.country:
            clauses.append("e.country = ?")
            parameters.append(event_filter.country.upper())
        if event_filter.type:
            clauses.append("e.type = ?")
            parameters.append(event_filter.type.upper())
        if event_filter.since:
            clauses.append("e.event_date >= ?")
            parameters.append(event_filter.since.isoformat())
        if event_filter.until:
            clauses.append("e.event_date <= ?")
            parameters.append(event_filter.until.isoformat())
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._read(
            "SELECT e.data, e.article_id, a.url, a.outlet, a.title, a.published"
            " FROM events e JOIN articles a ON a.id = e.article_id"
            f" {where}"
            " ORDER BY e.event_date IS NULL, e.event_date DESC, a.published DESC, e.article_id, e.position"
            " LIMIT ? OFFSET ?",
            [*parameters, event_filter.limit, event_filter.offset],
        )
        return [self._event_from_row(row) for row in rows]

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        """One event in the contract shape with its ``article`` summary; None when unknown."""
        rows = self._read(
            "SELECT e.data, e.article_id, a.url, a.outlet, a.title, a.published"
            " FROM events e JOIN articles a ON a.id = e.article_id WHERE e.id = ?",
            (event_id,),
        )
        return self._event_from_row(rows[0]) if rows else None

    @staticmethod
    def _event_from_row(row: sqlite3.Row) -> dict[str, Any]:
        event: dict[str, Any] = json.loads(row["data"])
        event["article"] = _article_summary(row)
        return event

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        rows = self._read(
            f"SELECT {', '.join(_ARTICLE_COLUMNS)}, text FROM articles WHERE id = ?", (article_id,)
        )
        if not rows:
            return None
        article = {column: rows[0][column] for column in _ARTICLE_COLUMNS}
        events = self._read(
            "SELECT data FROM events WHERE article_id = ? ORDER BY position", (article_id,)
        )
        quotes = self._read(
            "SELECT data FROM quotes WHERE article_id = ? ORDER BY position", (article_id,)
        )
        return {
            "article": article,
            "text": rows[0]["text"],
            "events": [json.loads(row["data"]) for row in events],
            "quotes": [json.loads(row["data"]) for row in quotes],
        }

    def search_articles(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Articles whose title or text match an FTS5 query, best first, with a highlighted snippet."""
        try:
            rows = self._read(
                "SELECT s.article_id, a.title, a.outlet, a.published,"
                " snippet(article_search, 2, '[', ']', '…', 12) AS snippet"
                " FROM article_search s JOIN articles a ON a.id = s.article_id"
                " WHERE article_search MATCH ? ORDER BY rank LIMIT ?",
                (query, limit),
            )
        except StoreError as error:
            raise StoreError(f"bad search query {query!r}: {error.__cause__}") from error
        return [dict(row) for row in rows]

    def counts(self) -> dict[str, int]:
        rows = self._read(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events),"
            " (SELECT count(*) FROM quotes), (SELECT count(*) FROM rejects)"
        )
        articles, events, quotes, rejects = rows[0]
        return {"articles": articles, "events": events, "quotes": quotes, "rejects": rejects}

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
