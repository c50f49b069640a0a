"""RSS 2.0, Atom and JSON Feed: each item's full content when the feed carries it, else its page fetched."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import time
import xml.sax
from collections.abc import Iterator
from typing import Any

import feedparser

from eventwire.errors import BadInputError
from eventwire.ingest.article import Known
from eventwire.ingest.context import IngestContext
from eventwire.ingest.detect import Kind
from eventwire.ingest.html import fragment_text
from eventwire.ingest.text import parse_published
from eventwire.model import Article, Reject


def parse_feed_date(value: Any, parsed: time.struct_time | None = None) -> dt.datetime | None:
    """A feed date with its own timezone: ISO 8601 (Atom, JSON Feed) or RFC 822 (RSS)."""
    if isinstance(value, str) and value.strip():
        try:
            return parse_published(value)
        except BadInputError:
            pass
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            when = None
        if when is not None:
            return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    if parsed is not None:
        # feedparser's own parse covers odd formats but keeps only UTC
        return dt.datetime(*parsed[:6], tzinfo=dt.UTC)
    return None


def _item_text(content: str | None, is_html: bool) -> str:
    if not content:
        return ""
    return fragment_text(content) if is_html else content


def _rss_atom_items(data: bytes) -> tuple[list[tuple[str | None, str, Known]], str | None]:
    """(link, content text, metadata) per item, and the XML error a broken feed was read up to (or
    None); BadInputError when nothing could be read."""
    try:
        parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    except (UnicodeError, LookupError) as error:
        # feedparser decodes the XML declaration itself: a stray byte in encoding="..." raises
        raise BadInputError(f"malformed feed: unreadable encoding declaration ({error})") from error
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if problem is not None and not parsed.entries:
        raise BadInputError(f"malformed feed: {problem}")
    # feedparser also flags harmless things (a declared encoding that was wrong); only XML errors count.
    broken = f"malformed feed, read up to the error: {problem}" if isinstance(problem, xml.sax.SAXException) else None
    outlet = parsed.feed.get("title") or None
    items = []
    for entry in parsed.entries:
        contents = entry.get("content") or []
        best = max(contents, key=lambda c: len(c.get("value", "")), default=None)
        if best is not None:
            text = _item_text(best.get("value"), "html" in best.get("type", "html"))
        else:
            text = _item_text(entry.get("summary"), True)
        published = parse_feed_date(entry.get("published"), entry.get("published_parsed")) or parse_feed_date(
            entry.get("updated"), entry.get("updated_parsed")
        )
        authors = tuple(a.get("name") for a in entry.get("authors", []) if a.get("name"))
        known = Known(
            title=entry.get("title") or None,
            outlet=outlet,
            url=entry.get("link") or None,
            authors=authors,
            fallback_published=published,
            fallback_source="feed" if published else None,
        )
        items.append((entry.get("link") or None, text, known))
    return items, broken


def _json_feed_items(data: bytes) -> tuple[list[tuple[str | None, str, Known]], str | None]:
    try:
        feed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise BadInputError(f"malformed JSON Feed: {error}") from error
    if not isinstance(feed, dict) or not isinstance(feed.get("items"), list):
        raise BadInputError("malformed JSON Feed: no 'items' list")
    outlet = feed.get("title") if isinstance(feed.get("title"), str) else None
    items = []
    for item in feed["items"]:
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("content_html"), str):
            text = fragment_text(item["content_html"])
        else:
            text = str(item.get("content_text") or "")
        people = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        authors = tuple(p["name"] for p in people if isinstance(p, dict) and isinstance(p.get("name"), str))
        published = parse_feed_date(item.get("date_published"))
        url = item.get("url") if isinstance(item.get("url"), str) else None
        known = Known(
            title=item.get("title") if isinstance(item.get("title"), str) else None,
            outlet=outlet,
            url=url,
            authors=authors,
            fallback_published=published,
            fallback_source="feed" if published else None,
        )
        items.append((url, text, known))
    return items, outlet


def read_feed(data: bytes, source: str, kind: Kind, context: IngestContext) -> Iterator[Article | Reject]:
    """Articles of a feed, in item order: full content used as is, otherwise the item's page fetched."""
    try:
        items, broken = (_json_feed_items(data)[0], None) if kind is Kind.JSON_FEED else _rss_atom_items(data)
    except BadInputError as error:
        yield Reject(source, "bad-feed", error.message)
        return
    if not items:
        yield Reject(source, "empty", "the feed has no items")
        return
    enough = context.options.feed_full_content_words
    pending: list[tuple[str, Known]] = []
    for number, (link, text, known) in enumerate(items, start=1):
        where = link or f"{source}#item{number}"
        if len(text.split()) >= enough or (text.strip() and not link):
            if pending:
                yield from context.fetch_articles(pending)
                pending = []
            yield context.article(text, where, known)
        elif link:
            pending.append((link, known))
        else:
            yield Reject(where, "empty", "a feed item with neither content nor a link")
    if pending:
        yield from context.fetch_articles(pending)
    if broken:
        yield Reject(source, "bad-feed", broken)
