"""SqlStore: the Store protocol over SQLAlchemy Core, one class for SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from sqlalchemy import (
    Connection,
    Engine,
    Row,
    Select,
    Text,
    and_,
    create_engine,
    event,
    func,
    literal,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from eventwire.errors import BadInputError, ConfigError, StoreError
from eventwire.model import ArticleKeys, ArticleResult, EventMention, Reject, event_to_dict, quote_to_dict
from eventwire.resolve.speakers import speaker_name
from eventwire.store import filters
from eventwire.store import versions as versioned
from eventwire.store.base import EventDocumentPage, EventFilter, EventPage, QuotePage
from eventwire.store.migrate import MigrationReport, current_revision, upgrade
from eventwire.store.schema import article_signatures, articles, event_actors, events, quotes, rejects

logger = logging.getLogger(__name__)

#: Columns of ``articles`` returned by `get_article` besides the text.
ARTICLE_COLUMNS = (
    "id", "url", "outlet", "title", "published", "published_source", "language", "source", "ingested_at",
    "canonical_url", "authors", "copy_of",
)
_SUMMARY = (events.c.data, events.c.article_id, articles.c.url, articles.c.outlet, articles.c.title,
            articles.c.published)
#: Rows fetched at a time when streaming events for an export.
STREAM_BATCH = 500


def reject_key(source: str, reason: str) -> str:
    """One reject per (source, reason): re-reading a source does not store its rejects again."""
    return hashlib.sha256(f"{source}\0{reason}".encode()).hexdigest()[:32]


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL for a file path, ``sqlite:///path`` or ``postgresql://`` (psycopg 3 driver)."""
    value = str(target)
    if not value:
        raise ConfigError("no store given: pass a SQLite file path or a postgresql:// URL")
    for prefix in ("postgresql://", "postgres://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix):]
    if value.startswith(("postgresql+psycopg://", "sqlite://")):
        return value
    if "://" in value:
        scheme = value.split("://", 1)[0]
        raise ConfigError(
            f"unknown store URL scheme {scheme!r}: use a SQLite file path, sqlite:///path or postgresql://..."
        )
    return "sqlite:///" + value


def _sqlite_engine(url: str) -> tuple[Engine, Path | None]:
    database = make_url(url).database
    if not database:
        raise ConfigError(f"no SQLite file in {url!r}: use sqlite:///path/to/events.sqlite (or :memory:)")
    in_memory = database == ":memory:"
    path = None if in_memory else Path(database)
    if path is not None:
        if not path.parent.is_dir():
            raise StoreError(f"cannot create store {path}: folder {path.parent} does not exist")
        if path.is_dir():
            raise StoreError(f"cannot open store {path}: it is a folder, not a database file")
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30.0},
        poolclass=StaticPool if in_memory else None,
    )

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (below): pysqlite's own transaction handling would defer it and
        # let two writers deadlock upgrading read locks.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 30000")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        # Writers take the write lock at BEGIN, so one article's rows go in together or wait.
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {'IMMEDIATE' if mode == 'IMMEDIATE' else 'DEFERRED'}")

    return engine, path


def _event_row(article_id: str, position: int, mention: EventMention) -> dict[str, Any]:
    location, date, fatalities = mention.location, mention.date, mention.fatalities
    return {
        "id": mention.id,
        "article_id": article_id,
        "position": position,
        "type": mention.type.value,
        "mode": mention.mode,
        "acled_event_type": mention.acled.event_type if mention.acled else None,
        "acled_sub_event_type": mention.acled.sub_event_type if mention.acled else None,
        "country": location.country if location else None,
        "admin1": location.admin1 if location else None,
        "geonameid": location.geonameid if location else None,
        "lat": location.lat if location else None,
        "lon": location.lon if location else None,
        "precision": location.precision.value if location else None,
        "event_date": date.value.isoformat() if date else None,
        "date_precision": date.precision.value if date else None,
        "killed": fatalities.killed if fatalities else None,
        "injured": fatalities.injured if fatalities else None,
        "claim_status": mention.claim.status.value,
        "confidence": mention.confidence,
        "outlets": 1,
        "evidence": mention.sentence.text if mention.sentence else None,
        "data": json.dumps(event_to_dict(mention), ensure_ascii=False, separators=(",", ":")),
    }


#: JSON string quoting as json.dumps(ensure_ascii=False) does it (the C function when there is one).
_quote_json = json.encoder.encode_basestring


def _json_text(value: str | None) -> str:
    return "null" if value is None else _quote_json(value)


def _event_document(row: Row[Any]) -> str:
    """The event's stored JSON with its ``article`` summary added as the last member, as JSON text.

    A page of events is then a join of these texts: nothing is decoded and encoded again (for 100
    events that was most of a request's time, bench/api.py). The stored ``data`` is always a JSON
    object written by `_event_row` (json.dumps of a dict, so it ends with its closing brace).
    """
    body = row.data.rstrip()[:-1].rstrip()
    summary = (f'{{"id":{_json_text(row.article_id)},"url":{_json_text(row.url)},'
               f'"outlet":{_json_text(row.outlet)},"title":{_json_text(row.title)},'
               f'"published":{_json_text(row.published)}}}')
    return f'{body}{"," if body != "{" else ""}"article":{summary}}}'


#: On SQLite the article summary is built by the database (json_object, in C): building it in Python
#: for each of 100 events was the biggest part of a page's cost over its SQL (bench/api.py).
_SQLITE_SUMMARY = literal_column(
    "json_object('id', events.article_id, 'url', articles.url, 'outlet', articles.outlet,"
    " 'title', articles.title, 'published', articles.published)", Text).label("summary")


def _joined_document(data: str, summary: str) -> str:
    """The event's stored JSON with the summary (JSON text) added as its last member (see `_event_document`)."""
    body = data.rstrip()[:-1].rstrip()
    return f'{body}{"," if body != "{" else ""}"article":{summary}}}'


def _event_from_row(row: Row[Any]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_event_document(row))
    return data


class SqlStore:
    """An eventwire database on SQLite (a file, created when missing) or PostgreSQL (an existing database).

    Opening upgrades the schema to the newest Alembic revision (see `eventwire store migrate`).
    """

    def __init__(self, target: str | Path) -> None:
        url = database_url(target)
        self.url = url
        self.path: Path | None = None
        try:
            if url.startswith("sqlite"):
                self._engine, self.path = _sqlite_engine(url)
            else:
                # No server-side prepared statements: after a few runs PostgreSQL may switch a prepared
                # query to a generic plan that ignores the filter values (bbox page p50 106 ms -> 14 ms
                # without prepares, bench/bench_store.py on PostgreSQL); planning each query costs less.
                self._engine = create_engine(url, pool_pre_ping=True, connect_args={"prepare_threshold": None})
        except (ArgumentError, SQLAlchemyError, ImportError) as error:
            raise ConfigError(f"cannot use store URL {self._shown}: {error}") from error
        self.dialect = self._engine.dialect.name
        self._closed = False
        self._batch: Connection | None = None  # the open connection of `batch()`, if any
        try:
            self.migration: MigrationReport = upgrade(self._engine, self._shown)
            has_geom = False
            if self.dialect == "postgresql":
                with self._engine.connect() as connection:
                    has_geom = connection.execute(text(
                        "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
                        " AND table_name = 'events' AND column_name = 'geom'")).first() is not None
        except SQLAlchemyError as error:
            self._engine.dispose()
            message = str(error.orig if hasattr(error, "orig") and error.orig else error)
            if "not a database" in message or "malformed" in message:
                raise StoreError(f"{self._shown} is not an eventwire database ({message})") from error
            raise StoreError(f"cannot open store {self._shown}: {message}") from error
        except StoreError:
            self._engine.dispose()
            raise
        self.has_geom = has_geom

    @property
    def _shown(self) -> str:
        """The store for messages: the file path, or the URL without its password."""
        if self.path is not None:
            return str(self.path)
        try:
            return make_url(self.url).render_as_string(hide_password=True)
        except ArgumentError:
            return "<invalid URL>"

    # -- connection plumbing -------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"store {self._shown} is closed")

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction for every store call inside it: writes commit together at the end (or roll
        back together on an error) and reads see them. Ingest stores and merges each batch of articles
        this way: one commit per batch instead of one per article and per query. Nested calls join
        the open batch."""
        if self._batch is not None:
            yield
            return
        with self._write() as connection:
            self._batch = connection
            try:
                yield
            finally:
                self._batch = None

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One transaction (BEGIN IMMEDIATE on SQLite), rolled back on any error."""
        self._check_open()
        if self._batch is not None:
            yield self._batch
            return
        try:
            with self._engine.connect() as connection:
                connection = connection.execution_options(sqlite_begin="IMMEDIATE")
                with connection.begin():
                    yield connection
        except SQLAlchemyError as error:
            raise StoreError(f"write to store {self._shown} failed: {_reason(error)}") from error

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """One read transaction: every query inside it sees the same committed articles (inside
        `batch()`, the batch's transaction, which also sees its own writes)."""
        self._check_open()
        if self._batch is not None:
            yield self._batch
            return
        try:
            with self._engine.connect() as connection, connection.begin():
                yield connection
        except SQLAlchemyError as error:
            raise StoreError(f"read from store {self._shown} failed: {_reason(error)}") from error

    def revision(self) -> str | None:
        """The Alembic revision the database is at."""
        with self._read() as connection:
            return current_revision(connection)

    # -- writes -----------------------------------------------------------------------------------

    def add_result(self, result: ArticleResult, keys: ArticleKeys | None = None) -> bool:
        article = result.article
        keys = keys or ArticleKeys()
        row = {
            "id": article.id, "url": article.url, "outlet": article.outlet, "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            "published_source": article.published_source, "language": article.language,
            "source": article.source, "text": article.text,
            "ingested_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "canonical_url": article.canonical_url, "url_key": keys.url_key,
            "authors": json.dumps(list(article.authors), ensure_ascii=False) if article.authors else None,
            "text_hash": keys.text_hash, "copy_of": article.copy_of,
        }
        insert = (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(articles)
        with self._write() as connection:
            # ON CONFLICT DO NOTHING: a concurrent writer of the same article makes this one a no-op.
            # Values passed as parameters, not built into the statement: the compiled statement is
            # cached once, not keyed again per article (bench/pipeline.py's writer cost).
            inserted = connection.execute(insert.on_conflict_do_nothing().returning(articles.c.id), row)
            if inserted.first() is None:
                logger.debug("article %s already stored; skipped", article.id)
                return False
            version = versioned.begin_version(connection, "ingest", article.id)
            connection.execute(update(articles).where(articles.c.id == article.id).values(version=version))
            log = versioned.ChangeLog(version, [])
            log.add("article_added", article_id=article.id,
                    new={"events": len(result.events), "quotes": len(result.quotes), "url": article.url})
            log.flush(connection)
            if keys.signature is not None:
                connection.execute(article_signatures.insert(), {"article_id": article.id, "minhash": keys.signature})
            event_rows = [_event_row(article.id, index, mention) for index, mention in enumerate(result.events)]
            if event_rows:
                connection.execute(events.insert(), event_rows)
            actor_rows = [
                {"event_id": mention.id, "role": actor.role.value, "name": actor.name, "text": actor.text,
                 "country": actor.country, "sector": actor.sector}
                for mention in result.events for actor in mention.actors
            ]
            if actor_rows:
                connection.execute(event_actors.insert(), actor_rows)
            quote_rows = []
            for index, quote in enumerate(result.quotes):
                parsed = speaker_name(quote.speaker)
                quote_rows.append({
                    "article_id": article.id, "position": index, "speaker": quote.speaker,
                    "speaker_key": parsed.key if parsed else None,
                    "speaker_given": parsed.given if parsed else None,
                    "text": quote.text, "start_offset": quote.start, "end_offset": quote.end,
                    "data": json.dumps(quote_to_dict(quote), ensure_ascii=False),
                })
            if quote_rows:  # one executemany, not one INSERT ... RETURNING per quote
                connection.execute(quotes.insert(), quote_rows)
            if self.dialect == "sqlite":
                _index_sqlite_rows(connection, article.id, bool(quote_rows))
        logger.debug("stored article %s with %d events, %d quotes", article.id, len(result.events),
                     len(result.quotes))
        return True

    def add_reject(self, reject: Reject) -> None:
        """Store a reject once: the same source rejected again for the same reason is not added."""
        insert = (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(rejects)
        with self._write() as connection:
            connection.execute(insert.values(
                source=reject.source, reason=reject.reason, detail=reject.detail,
                at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                key=reject_key(reject.source, reject.reason),
            ).on_conflict_do_nothing())

    def list_rejects(self, limit: int = 100) -> list[dict[str, Any]]:
        """The latest rejects first: source, reason, detail and when."""
        statement = (select(rejects.c.source, rejects.c.reason, rejects.c.detail, rejects.c.at)
                     .order_by(rejects.c.id.desc()).limit(max(0, limit)))
        with self._read() as connection:
            return [dict(row._mapping) for row in connection.execute(statement)]

    def find_duplicate(self, url_key: str | None, text_hash: str | None) -> str | None:
        """The id of a stored article with this normalized URL or this normalized-text hash."""
        conditions = []
        if url_key:
            conditions.append(articles.c.url_key == url_key)
        if text_hash:
            conditions.append(articles.c.text_hash == text_hash)
        if not conditions:
            return None
        with self._read() as connection:
            for condition in conditions:
                found = connection.execute(select(articles.c.id).where(condition).limit(1)).scalar()
                if found is not None:
                    return str(found)
        return None

    def iter_signatures(self) -> Iterator[tuple[str, str | None, bytes]]:
        """(article id, syndication root or None, MinHash bytes) of every stored article, oldest first."""
        statement = (select(article_signatures.c.article_id, articles.c.copy_of, article_signatures.c.minhash)
                     .select_from(article_signatures.join(articles, articles.c.id == article_signatures.c.article_id))
                     .order_by(articles.c.ingested_at, articles.c.id))
        with self._read() as connection:
            result = connection.execution_options(stream_results=True, yield_per=STREAM_BATCH).execute(statement)
            for row in result:
                yield row.article_id, row.copy_of, bytes(row.minhash)

    # -- reads ------------------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        with self._read() as connection:
            return connection.execute(select(literal(1)).where(articles.c.id == article_id)).first() is not None

    def _events_select(self, event_filter: EventFilter, plan: filters.SqlitePlan | None = None,
                       summary_in_sql: bool = False) -> Select[Any]:
        event_filter.check()
        key = filters.sort_expression(event_filter.sort)
        conditions = [*filters.event_conditions(event_filter, self.dialect, self.has_geom, plan),
                      versioned.article_visible(self._as_of(event_filter))]
        if event_filter.cursor:
            value, row_id = filters.decode_cursor(event_filter.cursor, "events", event_filter.sort,
                                                  event_filter.order)
            conditions.append(filters.after_cursor(key, events.c.id, event_filter.order, value, row_id))
        order_key = filters.order_expression(event_filter, self.dialect)
        ordering = order_key.desc() if event_filter.order == "desc" else order_key.asc()
        columns = (events.c.data, _SQLITE_SUMMARY) if summary_in_sql else _SUMMARY
        return (
            select(*columns, events.c.id, key.label("sort_value"))
            .select_from(events.join(articles, articles.c.id == events.c.article_id))
            .where(and_(True, *conditions))
            .order_by(ordering, events.c.id.asc())
        )

    def _page_plan(self, connection: Connection, event_filter: EventFilter) -> filters.SqlitePlan | None:
        """On SQLite, whether a page walks events in sort order for its q / bbox / radius (filters.SqlitePlan)."""
        if self.dialect != "sqlite":
            return None
        walk_text = bool(event_filter.q) and filters.sqlite_text_is_broad(connection, event_filter.q or "")
        boxes = ([event_filter.bbox] if event_filter.bbox is not None else []) + (
            [filters.radius_box(event_filter.radius)] if event_filter.radius is not None else [])
        # Walk only when every place filter is broad: a narrow one's R*Tree rowids are the fewer rows.
        walk_place = bool(boxes) and all(filters.sqlite_bbox_is_broad(connection, box) for box in boxes)
        return filters.SqlitePlan(walk_text=walk_text, walk_place=walk_place)

    def _page_rows(self, event_filter: EventFilter, summary_in_sql: bool = False,
                   ) -> tuple[list[Row[Any]], str | None]:
        event_filter.check()
        plan = None
        if self.dialect == "sqlite" and (event_filter.q or event_filter.bbox or event_filter.radius):
            # Its own short read: the plan only decides speed, and _events_select may open a read too.
            with self._read() as connection:
                plan = self._page_plan(connection, event_filter)
        statement = self._events_select(event_filter, plan, summary_in_sql).limit(event_filter.limit)
        if not event_filter.cursor and event_filter.offset:
            statement = statement.offset(event_filter.offset)
        rows = self._sqlite_rows(statement) if summary_in_sql else None
        if rows is None:
            with self._read() as connection:
                rows = connection.execute(statement).all()
        next_cursor = None
        if rows and len(rows) == event_filter.limit:
            last = rows[-1]
            next_cursor = filters.encode_cursor("events", event_filter.sort, event_filter.order,
                                                last[-1], last[-2])
        return rows, next_cursor

    def _sqlite_rows(self, statement: Select[Any]) -> list[Any] | None:
        """The rows of one SELECT read through the sqlite3 cursor itself, as plain tuples; None when a
        bound value would need SQLAlchemy's conversion (the caller then executes it the usual way).

        For a page of 100 SQLAlchemy's execution (its BEGIN and COMMIT, result and row objects) cost
        about as much as the query (bench/api.py). One SELECT is its own consistent read in SQLite, so
        no transaction is opened: the connection is in autocommit mode (see `_sqlite_engine`).
        """
        self._check_open()
        if self._batch is not None:
            return None  # inside batch(): read through its transaction, which sees its own writes
        dialect = self._engine.dialect
        compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
        parameters = compiled.params
        names = compiled.positiontup or []
        if any(compiled.binds[name].type.bind_processor(dialect) is not None for name in names):
            return None
        values = tuple(parameters[name] for name in names)
        try:
            with self._engine.connect() as connection:
                cursor = connection.connection.driver_connection.execute(compiled.string, values)
                try:
                    return cursor.fetchall()
                finally:
                    cursor.close()
        except (SQLAlchemyError, sqlite3.Error) as error:
            reason = _reason(error) if isinstance(error, SQLAlchemyError) else str(error)
            raise StoreError(f"read from store {self._shown} failed: {reason}") from error

    def page_events(self, event_filter: EventFilter) -> EventPage:
        rows, next_cursor = self._page_rows(event_filter)
        return EventPage([_event_from_row(row) for row in rows], next_cursor)

    def page_event_documents(self, event_filter: EventFilter) -> EventDocumentPage:
        if self.dialect == "sqlite":
            rows, next_cursor = self._page_rows(event_filter, summary_in_sql=True)
            return EventDocumentPage([_joined_document(data, summary) for data, summary, *_ in rows], next_cursor)
        rows, next_cursor = self._page_rows(event_filter)
        return EventDocumentPage([_event_document(row) for row in rows], next_cursor)

    def query_events(self, event_filter: EventFilter) -> list[dict[str, Any]]:
        return self.page_events(event_filter).events

    def iter_events(self, event_filter: EventFilter) -> Iterator[dict[str, Any]]:
        statement = self._events_select(event_filter)
        with self._read() as connection:
            result = connection.execution_options(stream_results=True, yield_per=STREAM_BATCH).execute(statement)
            for row in result:
                yield _event_from_row(row)

    def stats(self, event_filter: EventFilter) -> dict[str, Any]:
        event_filter.check()
        conditions = and_(versioned.article_visible(self._as_of(event_filter)),
                          *filters.event_conditions(event_filter, self.dialect, self.has_geom))
        joined = events.join(articles, articles.c.id == events.c.article_id)
        counts: dict[str, Any] = {}
        with self._read() as connection:
            counts["total"] = connection.execute(
                select(func.count()).select_from(joined).where(conditions)).scalar_one()
            for name, column in (("by_day", events.c.event_date), ("by_type", events.c.type),
                                 ("by_country", events.c.country)):
                statement = (select(column.label("value"), func.count().label("count")).select_from(joined)
                             .where(conditions).group_by(column).order_by(column.asc().nulls_last()))
                counts[name] = [{"value": row.value, "count": row.count}
                                for row in connection.execute(statement)]
        return counts

    def get_event(self, event_id: str, as_of: str | int | None = None) -> dict[str, Any] | None:
        visible = versioned.article_visible(self.resolve_version(as_of))
        statement = (select(*_SUMMARY).select_from(events.join(articles, articles.c.id == events.c.article_id))
                     .where(events.c.id == event_id, visible))
        with self._read() as connection:
            row = connection.execute(statement).first()
        return _event_from_row(row) if row else None

    def get_article(self, article_id: str, as_of: str | int | None = None) -> dict[str, Any] | None:
        columns = [articles.c[name] for name in ARTICLE_COLUMNS]
        visible = versioned.article_visible(self.resolve_version(as_of))
        with self._read() as connection:
            row = connection.execute(select(*columns, articles.c.text)
                                     .where(articles.c.id == article_id, visible)).first()
            if row is None:
                return None
            event_data = connection.execute(select(events.c.data).where(events.c.article_id == article_id)
                                            .order_by(events.c.position)).scalars().all()
            quote_data = connection.execute(select(quotes.c.data).where(quotes.c.article_id == article_id)
                                            .order_by(quotes.c.position)).scalars().all()
        return {
            "article": {name: row._mapping[name] for name in ARTICLE_COLUMNS}
            | {"authors": json.loads(row.authors) if row.authors else []},
            "text": row.text,
            "events": [json.loads(data) for data in event_data],
            "quotes": [json.loads(data) for data in quote_data],
        }

    def search_articles(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Articles whose title or text hold every word of ``query``, best first, with a [marked] snippet."""
        from eventwire.store.search import search_articles

        with self._read() as connection:
            return search_articles(connection, query, limit)

    def query_quotes(
        self, speaker: str | None = None, q: str | None = None, since: dt.date | None = None,
        limit: int = 100, cursor: str | None = None, as_of: str | int | None = None,
    ) -> QuotePage:
        from eventwire.store.search import query_quotes

        visible = versioned.article_visible(self.resolve_version(as_of))
        with self._read() as connection:
            return query_quotes(connection, speaker=speaker, q=q, since=since, limit=limit, cursor=cursor,
                                visible=visible)

    # -- merged events (store/merged.py) ---------------------------------------------------------

    def merge_candidates(self, family: str, country: str, first: int, last: int) -> list[dict[str, Any]]:
        """Members of stored merged events in a block (type family, country, day-ordinal window)."""
        from eventwire.store.merged import merge_candidates

        with self._read() as connection:
            return merge_candidates(connection, family, country, first, last)

    def merge_candidates_of(self, blocks: Iterable[tuple[str, str, int, int]], *,
                            with_decisions: bool = True, nearest: int | None = None) -> Iterator[dict[str, Any]]:
        """Members of the stored merged events any of the blocks overlaps (with ``nearest``, only each
        block's nearest in time), each once, read a bounded number of events at a time (see store/merged.py)."""
        from eventwire.store.merged import merge_candidates_of

        with self._read() as connection:
            yield from merge_candidates_of(connection, blocks, with_decisions=with_decisions, nearest=nearest)

    def link_decisions(self, mention_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Mention id -> the stored decision that linked it to its merged event."""
        from eventwire.store.merged import link_decisions

        with self._read() as connection:
            return link_decisions(connection, mention_ids)

    def unmerged_mentions(self) -> list[dict[str, Any]]:
        """Stored mentions no merged event links (see store/merged.py)."""
        from eventwire.store.merged import unmerged_mentions

        with self._read() as connection:
            return unmerged_mentions(connection)

    def save_merged(self, event_rows: list[dict[str, Any]], links: list[dict[str, Any]],
                    retired: list[tuple[str, str]]) -> int | None:
        """Save merged events and their mention links, and log the changes as a new version, in one
        transaction; returns the version (None when there was nothing to save)."""
        from eventwire.store.merged import save_merged

        with self._write() as connection:
            return save_merged(connection, event_rows, links, retired)

    def get_merged_event(self, event_id: str, as_of: str | int | None = None) -> dict[str, Any] | None:
        """A merged event (by its id, a retired id or a mention id) with the decisions that joined it;
        with ``as_of``, its fused record as it was at that version."""
        from eventwire.store.merged import get_merged_event

        version = self.resolve_version(as_of)
        with self._read() as connection:
            return get_merged_event(connection, event_id, version)

    # -- versions (store/versions.py, docs/versions.md) ------------------------------------------

    def merged_members_of_article(self, article_id: str) -> list[dict[str, Any]]:
        """Members of every merged event holding a mention of the article (shape of `merge_candidates`)."""
        from eventwire.store.merged import members_with_article

        with self._read() as connection:
            return members_with_article(connection, article_id)

    def retract_article(self, article_id: str, reason: str, event_rows: list[dict[str, Any]],
                        links: list[dict[str, Any]], emptied: list[str]) -> int:
        """Retract an article at a new version with the rebuilt merged events (`pipeline.retract`)."""
        from eventwire.store.merged import retract_article

        with self._write() as connection:
            return retract_article(connection, article_id, reason, event_rows, links, emptied)

    def watch_state(self, source: str) -> dict[str, Any] | None:
        """What `eventwire watch` stored about a source (validators, last poll), or None."""
        from eventwire.store.watching import watch_state

        with self._read() as connection:
            return watch_state(connection, source)

    def record_poll(self, source: str, **outcome: Any) -> None:
        """Record one poll of a source (store/watching.py `record_poll`)."""
        from eventwire.store.watching import record_poll

        with self._write() as connection:
            record_poll(connection, source, **outcome)

    def unmerged_results(self) -> list[ArticleResult]:
        """Articles stored after the last merge (their merge did not commit), as results to merge."""
        with self._read() as connection:
            return versioned.unmerged_results(connection)

    def resolve_version(self, value: str | int | None) -> int | None:
        """A version number from a number, snapshot name or ISO time; None stays None (now)."""
        if value is None or value == "":
            return None
        with self._read() as connection:
            return versioned.resolve_version(connection, value)

    def _as_of(self, event_filter: EventFilter) -> int | None:
        version = self.resolve_version(event_filter.as_of)
        if version is not None and event_filter.min_outlets is not None:
            raise BadInputError("min_outlets cannot be combined with as_of (outlet counts are kept for now only)")
        return version

    def version_info(self, version: int | None = None) -> dict[str, Any]:
        """``{"version", "at"}`` of a version (the current one by default)."""
        with self._read() as connection:
            return versioned.version_info(connection, version)

    def snapshot(self, name: str | None = None) -> dict[str, Any]:
        """Name the current version; returns name, version and time."""
        with self._write() as connection:
            return versioned.make_snapshot(connection, name)

    def snapshots(self) -> list[dict[str, Any]]:
        with self._read() as connection:
            return versioned.list_snapshots(connection)

    def changes(self, since: str | int | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Changes after a version (number, snapshot name or time; None: all), oldest first."""
        since_version = self.resolve_version(since) or 0
        with self._read() as connection:
            return versioned.list_changes(connection, since_version, limit)

    def counts(self) -> dict[str, int]:
        statement = select(*(select(func.count()).select_from(table).scalar_subquery()
                             for table in (articles, events, quotes, rejects)))
        with self._read() as connection:
            numbers = connection.execute(statement).one()
        return dict(zip(("articles", "events", "quotes", "rejects"), numbers, strict=True))

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            if self.dialect == "sqlite":
                # Planner statistics let SQLite choose between the sort and the filter indexes. PRAGMA
                # optimize (SQLite < 3.46) only refreshes tables analyzed before, so the first close runs
                # ANALYZE; analysis_limit bounds its cost on big stores.
                try:
                    with self._engine.connect() as connection:
                        connection.exec_driver_sql("PRAGMA analysis_limit = 1000")
                        analyzed = connection.exec_driver_sql(
                            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first()
                        connection.exec_driver_sql("PRAGMA optimize" if analyzed else "ANALYZE")
                        # No statistics for ``articles``: with them, SQLite (3.38+) builds a Bloom filter
                        # over every article before each page that walks events in sort order (its
                        # heuristic ignores LIMIT): it reads every article to answer the newest 100.
                        # Articles are joined by their unique id, which needs no statistics.
                        connection.exec_driver_sql("DELETE FROM sqlite_stat1 WHERE tbl = 'articles'")
                        connection.commit()
                except SQLAlchemyError as error:
                    logger.debug("PRAGMA optimize on %s failed: %s", self._shown, error)
            self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _reason(error: SQLAlchemyError) -> str:
    original = getattr(error, "orig", None)
    return str(original if original is not None else error).strip().splitlines()[0]


def _index_sqlite_rows(connection: Connection, article_id: str, has_quotes: bool) -> None:
    """Fill the FTS5 tables and the R*Tree in the article's own transaction (PostgreSQL indexes
    expressions instead). Rows are keyed by the article's, events' and quotes' ids (revision 0005), so
    they are copied from the rows just written rather than passed in (quotes in id order, the order
    they were written)."""
    connection.execute(text("INSERT INTO article_search (rowid, article_id, title, text)"
                            " SELECT rowid, id, coalesce(title, ''), text FROM articles WHERE id = :id"),
                       {"id": article_id})
    connection.execute(text("INSERT INTO event_search (rowid, event_id, evidence)"
                            " SELECT rowid, id, coalesce(evidence, '') FROM events WHERE article_id = :id"),
                       {"id": article_id})
    connection.execute(text("INSERT INTO event_places (id, min_lon, max_lon, min_lat, max_lat)"
                            " SELECT rowid, lon, lon, lat, lat FROM events"
                            " WHERE article_id = :id AND lat IS NOT NULL AND lon IS NOT NULL"),
                       {"id": article_id})
    if has_quotes:
        connection.execute(text("INSERT INTO quote_search (quote_id, text)"
                                " SELECT id, text FROM quotes WHERE article_id = :id ORDER BY id"),
                           {"id": article_id})
