"""EventFilter to SQLAlchemy expressions (both dialects), sort keys, and opaque keyset cursors.

Every user value reaches the database as a bound parameter; the only SQL text written here is fixed
(full-text expressions that must match the migration's index expressions word for word).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Text,
    and_,
    bindparam,
    column,
    exists,
    func,
    literal_column,
    or_,
    text,
)

from eventwire.errors import BadInputError
from eventwire.store.base import EventFilter
from eventwire.store.schema import articles, event_actors, events

EARTH_RADIUS_KM = 6371.0088
_WORD = re.compile(r"\w+", re.UNICODE)

#: The tsvector expressions of migrations/versions/0001_initial.py (PostgreSQL GIN indexes).
PG_ARTICLE_TSV = "to_tsvector('english', coalesce(articles.title, '') || ' ' || articles.text)"
PG_EVENT_TSV = "to_tsvector('english', coalesce(events.evidence, ''))"
PG_QUOTE_TSV = "to_tsvector('english', quotes.text)"


def fts5_query(q: str) -> str | None:
    """A user's words as an FTS5 query where each word is a quoted string: no FTS5 syntax gets through."""
    words = _WORD.findall(q)
    if not words:
        return None
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def _like_pattern(value: str) -> str:
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def full_text(dialect: str, q: str, *, sqlite_table: str, id_column: str, pg_tsv: str,
              target: ColumnElement[Any]) -> ColumnElement[bool] | None:
    """``target`` (an id column) is among the rows whose indexed text matches every word of ``q``."""
    if dialect == "sqlite":
        query = fts5_query(q)
        if query is None:
            return None
        # Table and column names come from a fixed table, never from the user.
        matched = text(f"SELECT {id_column} FROM {sqlite_table} WHERE {sqlite_table} MATCH :fts").bindparams(
            bindparam("fts", query, unique=True)
        ).columns(column(id_column, Text))
        return target.in_(matched)
    if not _WORD.search(q):
        return None
    return literal_column(pg_tsv).op("@@")(func.plainto_tsquery("english", bindparam("tsq", q, unique=True)))


#: A q or bbox is broad (see SqlitePlan) when it matches at least this many rows and this share of them:
#: walking costs about (rows to walk per match) x (cost of one test), collecting about (matches) x (cost
#: of sorting one). A full-text seek costs far more than comparing two coordinates, so a word must match
#: a sixth of the documents before walking pays, a box a fiftieth of the events (bench/bench_store.py
#: prints both plans' times for its q, bbox and radius pages).
BROAD_MATCHES = 1000
BROAD_TEXT_SHARE = 6
BROAD_BBOX_SHARE = 50


@dataclass(frozen=True, slots=True)
class SqlitePlan:
    """How a SQLite page query uses the full-text index and the R*Tree (revision 0005).

    A narrow ``q`` or bbox is answered by collecting the matching rowids from the index and sorting
    those events. A broad one (see BROAD_MATCHES) is answered by walking events in sort order
    and testing each (a full-text seek by rowid, or the coordinates themselves): the page fills after a
    few hundred rows, where collecting would gather and sort most of the store (bench/bench_store.py
    times both plans). SQLite's planner cannot choose this itself: it
    knows nothing of how many rows a MATCH or an R*Tree box holds.
    """

    walk_text: bool = False
    walk_place: bool = False  # bbox and radius


def event_conditions(event_filter: EventFilter, dialect: str, has_geom: bool,
                     plan: SqlitePlan | None = None) -> list[ColumnElement[bool]]:
    """WHERE conditions over ``events`` joined to ``articles`` for every filter that is set."""
    f = event_filter
    plan = plan or SqlitePlan()
    conditions: list[ColumnElement[bool]] = []

    def same_text(column: ColumnElement[Any], value: str | None) -> None:
        if value:
            conditions.append(func.lower(column) == value.strip().lower())

    # Country codes and PLOVER types are stored upper-case and claim statuses lower-case (model.py), so
    # those compare directly and keep their indexes usable; free-text names compare with lower().
    if f.country:
        conditions.append(events.c.country == f.country.strip().upper())
    if f.type:
        conditions.append(events.c.type == f.type.strip().upper())
    if f.claim_status:
        conditions.append(events.c.claim_status == f.claim_status.strip().lower())
    same_text(events.c.mode, f.mode)
    same_text(events.c.acled_event_type, f.acled_event_type)
    same_text(events.c.admin1, f.admin1)
    same_text(articles.c.outlet, f.outlet)
    # Each date bound twice: on the column (for the (country|type, event_date) indexes) and on the date
    # sort key (so a page sorted by date can range-scan events_sort_date_* instead of filtering its way
    # down from the newest event). Same rows: a NULL date fails both.
    date_key = sort_expression("date")
    if f.since:
        conditions += [events.c.event_date >= f.since.isoformat(), date_key >= f.since.isoformat()]
    if f.until:
        conditions += [events.c.event_date <= f.until.isoformat(), date_key <= f.until.isoformat()]
    if f.min_killed is not None:
        conditions.append(events.c.killed >= f.min_killed)
    if f.min_outlets is not None:
        conditions.append(events.c.outlets >= f.min_outlets)
    if f.actor and f.actor.strip():
        pattern = _like_pattern(f.actor.strip())
        conditions.append(exists().where(
            event_actors.c.event_id == events.c.id,
            or_(func.lower(event_actors.c.name).like(pattern, escape="\\"),
                func.lower(event_actors.c.text).like(pattern, escape="\\")),
        ))
    if f.bbox is not None:
        conditions.append(_in_bbox(f.bbox, dialect, has_geom, plan.walk_place))
    if f.radius is not None:
        conditions.append(_in_radius(f.radius, dialect, has_geom, plan.walk_place))
    if f.q and f.q.strip() and dialect == "sqlite":
        matched = _sqlite_event_text(f.q, plan.walk_text)
        if matched is not None:  # None: q has no words, so no text filter
            conditions.append(matched)
    elif f.q and f.q.strip():
        in_events = full_text(dialect, f.q, sqlite_table="event_search", id_column="event_id",
                              pg_tsv=PG_EVENT_TSV, target=events.c.id)
        in_articles = full_text(dialect, f.q, sqlite_table="article_search", id_column="article_id",
                                pg_tsv=PG_ARTICLE_TSV, target=events.c.article_id)
        if in_events is not None and in_articles is not None:  # None: q has no words, so no text filter
            conditions.append(or_(in_events, in_articles))
    return conditions


def _sqlite_event_text(q: str, walk: bool) -> ColumnElement[bool] | None:
    """The event's evidence sentence or its article's title/text holds every word of ``q`` (FTS5 tables
    keyed by rowid, revision 0005): a seek per event when walking, else the set of matching rowids."""
    query = fts5_query(q)
    if query is None:
        return None
    if walk:
        # The article first: most events of a broad word's pages match there, so one seek usually decides.
        sql = ("(EXISTS (SELECT 1 FROM article_search WHERE article_search MATCH :fts"
               " AND article_search.rowid = articles.rowid)"
               " OR EXISTS (SELECT 1 FROM event_search WHERE event_search MATCH :fts"
               " AND event_search.rowid = events.rowid))")
    else:
        # Both sides on ``events`` (rowid, article_id), so SQLite can answer the OR from two index lookups.
        sql = ("(events.rowid IN (SELECT rowid FROM event_search WHERE event_search MATCH :fts)"
               " OR events.article_id IN (SELECT article_id FROM article_search WHERE article_search MATCH :fts))")
    return text(sql).bindparams(bindparam("fts", query, unique=True))  # type: ignore[return-value]


def _broad_cap(connection: Connection, table: str, share: int) -> int:
    # max(rowid) is read from the end of the table's b-tree: the row count without counting (no rows are
    # ever deleted, so it is close).
    rows = connection.execute(text(f"SELECT coalesce(max(rowid), 0) FROM {table}")).scalar_one()
    return max(BROAD_MATCHES, int(rows) // share)


def sqlite_text_is_broad(connection: Connection, q: str) -> bool:
    """Whether ``q`` matches a sixth of the articles or of the event sentences (counting stops there)."""
    query = fts5_query(q)
    if query is None:
        return False
    # Each FTS5 table's rowids are its base table's (revision 0005); the base table finds its max cheaply.
    for table, base in (("article_search", "articles"), ("event_search", "events")):
        cap = _broad_cap(connection, base, BROAD_TEXT_SHARE)
        count = connection.execute(text(
            f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH :fts LIMIT :cap)"
        ), {"fts": query, "cap": cap}).scalar_one()
        if count >= cap:
            return True
    return False


def sqlite_bbox_is_broad(connection: Connection, bbox: tuple[float, float, float, float]) -> bool:
    """Whether a fiftieth of the events lie in the box (R*Tree count, stopping there)."""
    min_lon, min_lat, max_lon, max_lat = bbox
    cap = _broad_cap(connection, "events", BROAD_BBOX_SHARE)
    count = connection.execute(text(
        "SELECT count(*) FROM (SELECT 1 FROM event_places WHERE max_lon >= :min_lon AND min_lon <= :max_lon"
        " AND max_lat >= :min_lat AND min_lat <= :max_lat LIMIT :cap)"
    ), {"min_lon": min_lon, "max_lon": max_lon, "min_lat": min_lat, "max_lat": max_lat,
        "cap": cap}).scalar_one()
    return bool(count >= cap)


def _in_bbox(bbox: tuple[float, float, float, float], dialect: str, has_geom: bool,
             walk: bool) -> ColumnElement[bool]:
    min_lon, min_lat, max_lon, max_lat = (float(value) for value in bbox)
    if has_geom:
        envelope = func.ST_MakeEnvelope(min_lon, min_lat, max_lon, max_lat, 4326)
        return literal_column("events.geom").op("&&")(envelope)
    if dialect != "sqlite":
        return and_(events.c.lon.between(min_lon, max_lon), events.c.lat.between(min_lat, max_lat))
    # "+ 0" keeps SQLite off the (lat, lon) index: the exact test runs on rows the R*Tree (or, walking,
    # the sort order) supplies. The R*Tree stores 32-bit floats rounded outwards, so it only narrows.
    exact = and_((events.c.lon + 0).between(min_lon, max_lon), (events.c.lat + 0).between(min_lat, max_lat))
    if walk:
        return exact
    in_tree = _in_place_tree((min_lon, min_lat, max_lon, max_lat))
    return and_(in_tree, exact)


def _in_place_tree(box: tuple[float, float, float, float]) -> ColumnElement[bool]:
    """The event's rowid is among the R*Tree points overlapping ``box`` (revision 0005, SQLite)."""
    min_lon, min_lat, max_lon, max_lat = box
    return literal_column("events.rowid").in_(text(
        "SELECT id FROM event_places WHERE max_lon >= :box_min_lon AND min_lon <= :box_max_lon"
        " AND max_lat >= :box_min_lat AND min_lat <= :box_max_lat"
    ).bindparams(bindparam("box_min_lon", min_lon, unique=True), bindparam("box_max_lon", max_lon, unique=True),
                 bindparam("box_min_lat", min_lat, unique=True), bindparam("box_max_lat", max_lat, unique=True))
        .columns(column("id", Integer)))


def radius_box(radius: tuple[float, float, float]) -> tuple[float, float, float, float]:
    """A (min_lon, min_lat, max_lon, max_lat) box holding every point within km of (lat, lon): 111 km per
    degree (a little under the true 111.2, so the box errs wide), longitude widened for the latitude
    farthest from the equator; the whole longitude range near a pole or across the antimeridian."""
    lat, lon, km = radius
    band = km / 111.0
    farthest = abs(lat) + band
    if farthest >= 89.0:
        return (-180.0, max(-90.0, lat - band), 180.0, min(90.0, lat + band))
    spread = band / math.cos(math.radians(farthest))
    if spread >= 180.0 or lon - spread < -180.0 or lon + spread > 180.0:
        return (-180.0, lat - band, 180.0, lat + band)
    return (lon - spread, lat - band, lon + spread, lat + band)


def _in_radius(radius: tuple[float, float, float], dialect: str, has_geom: bool,
               walk: bool = False) -> ColumnElement[bool]:
    lat, lon, km = (float(value) for value in radius)
    if has_geom:
        point = func.ST_SetSRID(func.ST_MakePoint(lon, lat), 4326)
        return func.ST_DWithin(
            literal_column("events.geom::geography"), func.geography(point), km * 1000.0
        )
    # Great-circle (haversine) distance; the latitude band first lets the (lat, lon) index narrow rows.
    lat_band = km / 111.0
    d_lat = func.radians(events.c.lat - lat) / 2
    d_lon = func.radians(events.c.lon - lon) / 2
    haversine = func.sin(d_lat) * func.sin(d_lat) + func.cos(func.radians(lat)) * func.cos(
        func.radians(events.c.lat)) * func.sin(d_lon) * func.sin(d_lon)
    # Rounding can push the haversine term just past 1 for antipodes; asin(>1) is an error on PostgreSQL.
    capped = func.least(haversine, 1.0) if dialect == "postgresql" else func.min(haversine, 1.0)
    distance = 2 * EARTH_RADIUS_KM * func.asin(func.sqrt(capped))
    if dialect != "sqlite":
        return and_(events.c.lat.between(lat - lat_band, lat + lat_band), distance <= km)
    # As for bbox: the R*Tree narrows to the circle's box (or the walk supplies rows in sort order), and
    # "+ 0" keeps SQLite off the (lat, lon) index.
    in_band = (events.c.lat + 0).between(lat - lat_band, lat + lat_band)
    if walk:
        return and_(in_band, distance <= km)
    return and_(_in_place_tree(radius_box((lat, lon, km))), in_band, distance <= km)


def sort_expression(sort: str) -> ColumnElement[Any]:
    """The sort key with NULLs mapped to the low end, so keyset comparisons never meet a NULL."""
    # Constants as SQL literals, not bound parameters: only then do SQLite and PostgreSQL match the
    # expression indexes of the migration (events_sort_*).
    if sort == "killed":
        return func.coalesce(events.c.killed, literal_column("-1"))
    if sort == "published":
        return func.coalesce(articles.c.published, literal_column("''"))
    return func.coalesce(events.c.event_date, literal_column("''"))


def order_expression(event_filter: EventFilter, dialect: str) -> ColumnElement[Any]:
    """What ORDER BY uses: the sort key (served by the events_sort_* indexes), except on SQLite for a
    date sort filtered by type or country: there the bare date column gives the same order (SQLite sorts
    NULL lowest, where the key puts '') and lets the (type|country, event_date) index serve the page;
    ordered by the key, SQLite sorts every match first (113 ms instead of 7 ms for a page of 100 PROTEST
    events at 100k, bench/api.py)."""
    if event_filter.sort == "date" and dialect == "sqlite" and (event_filter.type or event_filter.country):
        return events.c.event_date
    return sort_expression(event_filter.sort)


def encode_cursor(kind: str, sort: str, order: str, value: Any, row_id: Any) -> str:
    payload = json.dumps([kind, sort, order, value, row_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, kind: str, sort: str, order: str) -> tuple[Any, Any]:
    """The (sort value, id) a cursor points after; BadInputError when it is not one of ours."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
        cursor_kind, cursor_sort, cursor_order, value, row_id = payload
    except (ValueError, TypeError, binascii.Error, UnicodeError) as error:
        raise BadInputError(f"cursor is not valid: {cursor[:40]!r}") from error
    if (cursor_kind, cursor_sort, cursor_order) != (kind, sort, order):
        raise BadInputError("cursor belongs to another query (sort or order changed): start again without it")
    if not isinstance(value, (str, int)) or isinstance(value, bool) or not isinstance(row_id, (str, int)):
        raise BadInputError(f"cursor is not valid: {cursor[:40]!r}")
    return value, row_id


def after_cursor(key: ColumnElement[Any], id_column: ColumnElement[Any], order: str,
                 value: Any, row_id: Any) -> ColumnElement[bool]:
    """Rows after (value, id) in ``ORDER BY key <order>, id ASC``."""
    # The outer bound (key <= value) lets the database seek into the sort index instead of scanning to it.
    if order == "desc":
        return and_(key <= value, or_(key < value, id_column > row_id))
    return and_(key >= value, or_(key > value, id_column > row_id))
