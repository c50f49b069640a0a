"""Full-text article search and the quote queries (by speaker key, words, date), for both dialects."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, literal_column, or_, select, text
from sqlalchemy.sql.elements import ColumnElement

from eventwire.errors import BadInputError
from eventwire.resolve.speakers import display_name, speaker_name
from eventwire.store import filters
from eventwire.store.base import QuotePage
from eventwire.store.schema import articles, quotes


def search_articles(connection: Connection, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Articles holding every word of ``query`` (title or text), best first, with a [marked] snippet."""
    if limit < 0:
        raise BadInputError("limit must not be negative")
    if connection.dialect.name == "sqlite":
        fts = filters.fts5_query(query)
        if fts is None:
            return []
        rows = connection.execute(text(
            "SELECT s.article_id, a.title, a.outlet, a.published,"
            " snippet(article_search, 2, '[', ']', '…', 12) AS snippet"
            " FROM article_search s JOIN articles a ON a.id = s.article_id"
            " WHERE article_search MATCH :fts AND a.retracted_version IS NULL ORDER BY rank LIMIT :limit"
        ), {"fts": fts, "limit": limit}).mappings().all()
        return [dict(row) for row in rows]
    if not filters.fts5_query(query):
        return []
    tsquery = func.plainto_tsquery("english", bindparam("q", query))
    tsv = literal_column(filters.PG_ARTICLE_TSV)
    statement = (
        select(articles.c.id.label("article_id"), articles.c.title, articles.c.outlet, articles.c.published,
               func.ts_headline("english", articles.c.text, tsquery,
                                "StartSel=[, StopSel=], MinWords=5, MaxWords=12").label("snippet"))
        .where(tsv.op("@@")(tsquery), articles.c.retracted_version.is_(None))
        .order_by(func.ts_rank(tsv, tsquery).desc(), articles.c.id)
        .limit(limit)
    )
    return [dict(row) for row in connection.execute(statement).mappings().all()]


def query_quotes(connection: Connection, *, speaker: str | None, q: str | None, since: dt.date | None,
                 limit: int, cursor: str | None, visible: ColumnElement[bool] | None = None) -> QuotePage:
    """Quotes newest first (article publication time), with a canonical speaker name where one is known."""
    if limit < 0:
        raise BadInputError("limit must not be negative")
    conditions = [] if visible is None else [visible]
    if speaker is not None and speaker.strip():
        parsed = speaker_name(speaker)
        if parsed is None:
            raise BadInputError(f"speaker {speaker!r} names no one: give a name such as a surname")
        conditions.append(quotes.c.speaker_key == parsed.key)
        if parsed.given:
            # A full name also finds quotes that gave the surname only ("Hegseth said").
            conditions.append(or_(quotes.c.speaker_given.is_(None), quotes.c.speaker_given == parsed.given))
    if q and q.strip():
        matched = filters.full_text(connection.dialect.name, q, sqlite_table="quote_search",
                                    id_column="quote_id", pg_tsv=filters.PG_QUOTE_TSV, target=quotes.c.id)
        if matched is None:
            return QuotePage([], None)
        conditions.append(matched)
    if since is not None:
        conditions.append(articles.c.published >= since.isoformat())
    key = func.coalesce(articles.c.published, "")
    if cursor:
        value, row_id = filters.decode_cursor(cursor, "quotes", "published", "desc")
        conditions.append(filters.after_cursor(key, quotes.c.id, "desc", value, row_id))
    statement = (
        select(quotes.c.id, quotes.c.data, quotes.c.speaker_key, quotes.c.speaker_given, quotes.c.article_id,
               articles.c.url, articles.c.outlet, articles.c.title, articles.c.published,
               key.label("sort_value"))
        .select_from(quotes.join(articles, articles.c.id == quotes.c.article_id))
        .where(and_(True, *conditions))
        .order_by(key.desc(), quotes.c.id.asc())
        .limit(limit)
    )
    rows = connection.execute(statement).all()
    names = _full_names(connection, {row.speaker_key for row in rows if row.speaker_key})
    found = []
    for row in rows:
        quote: dict[str, Any] = json.loads(row.data)
        quote["speaker_key"] = row.speaker_key
        quote["speaker_name"] = _canonical(names.get(row.speaker_key, {}), row.speaker_given, quote["speaker"])
        quote["article"] = {"id": row.article_id, "url": row.url, "outlet": row.outlet, "title": row.title,
                            "published": row.published}
        found.append(quote)
    next_cursor = None
    if rows and len(rows) == limit:
        next_cursor = filters.encode_cursor("quotes", "published", "desc", rows[-1].sort_value, rows[-1].id)
    return QuotePage(found, next_cursor)


def _full_names(connection: Connection, keys: set[str]) -> dict[str, dict[str, Counter[str]]]:
    """For each speaker key: given name -> how often each full name was written, over the whole store."""
    names: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    if not keys:
        return names
    statement = (
        select(quotes.c.speaker_key, quotes.c.speaker_given, quotes.c.speaker, func.count().label("count"))
        .where(quotes.c.speaker_key.in_(sorted(keys)), quotes.c.speaker_given.is_not(None))
        .group_by(quotes.c.speaker_key, quotes.c.speaker_given, quotes.c.speaker)
    )
    for row in connection.execute(statement):
        names[row.speaker_key][row.speaker_given][display_name(row.speaker)] += row.count
    return names


def _canonical(by_given: dict[str, Counter[str]], given: str | None, written: str | None) -> str | None:
    """The full name (titles dropped) most often written for this person; a surname alone gets one only when
    one person with that surname is known."""
    if given is None:
        if len(by_given) != 1:
            return written  # no full name known, or two people share the surname: do not pick one
        given = next(iter(by_given))
    counts = by_given.get(given)
    if not counts:
        return written
    return min(counts, key=lambda name: (-counts[name], -len(name), name))
