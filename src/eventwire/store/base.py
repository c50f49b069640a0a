"""The Store protocol every backend implements, and the filters it is queried with."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from eventwire.errors import BadInputError
from eventwire.model import ArticleKeys, ArticleResult, Reject

#: Orders `query_events` can sort by: event date, killed, the article's publication time.
SORT_KEYS = ("date", "killed", "published")
ORDERS = ("asc", "desc")


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Filters shared by `eventwire events`, `GET /api/events`, `/api/stats` and the exports.

    Every text filter matches case-insensitively; ``actor`` is a substring of an actor's name or text;
    ``q`` is full-text (every word must occur in the article text or the event's evidence sentence).
    ``bbox`` is (min_lon, min_lat, max_lon, max_lat); ``radius`` is (lat, lon, km). ``cursor`` is the
    opaque ``next_cursor`` of the previous page (keyset pagination; ``offset`` is then ignored).
    """

    country: str | None = None  # ISO 3166-1 alpha-3
    type: str | None = None  # PLOVER event type
    since: dt.date | None = None  # inclusive, on the event date
    until: dt.date | None = None  # inclusive, on the event date
    limit: int = 1000
    offset: int = 0
    mode: str | None = None
    acled_event_type: str | None = None
    admin1: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    radius: tuple[float, float, float] | None = None
    actor: str | None = None
    outlet: str | None = None
    min_killed: int | None = None
    claim_status: str | None = None
    q: str | None = None
    min_outlets: int | None = None
    sort: str = "date"
    order: str = "desc"
    cursor: str | None = None
    as_of: str | int | None = None  # a version number, snapshot name or ISO time (docs/versions.md)

    def check(self) -> None:
        """Raise BadInputError for values no query can answer (so the API can say 400)."""
        if self.limit < 0 or self.offset < 0:
            raise BadInputError("limit and offset must not be negative")
        if self.sort not in SORT_KEYS:
            raise BadInputError(f"sort must be one of {', '.join(SORT_KEYS)}, got {self.sort!r}")
        if self.order not in ORDERS:
            raise BadInputError(f"order must be asc or desc, got {self.order!r}")
        if self.since and self.until and self.since > self.until:
            raise BadInputError(f"since ({self.since}) is after until ({self.until})")
        if self.bbox is not None:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
                raise BadInputError(
                    f"bbox must be min_lon,min_lat,max_lon,max_lat within -180..180 / -90..90, got {self.bbox}"
                )
        if self.radius is not None:
            lat, lon, km = self.radius
            if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < km <= 20_050):
                raise BadInputError(f"radius must be lat,lon,km with 0 < km <= 20050, got {self.radius}")
        for name in ("min_killed", "min_outlets"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise BadInputError(f"{name} must not be negative, got {value}")


def parse_numbers(name: str, value: str, count: int) -> tuple[float, ...]:
    """``count`` comma-separated numbers from a query parameter or option (BadInputError otherwise)."""
    parts = [part.strip() for part in value.split(",")]
    try:
        numbers = tuple(float(part) for part in parts)
    except ValueError:
        numbers = ()
    if len(numbers) != count or not all(math.isfinite(number) for number in numbers):
        raise BadInputError(f"{name} must be {count} comma-separated numbers, got {value!r}")
    return numbers


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """``min_lon,min_lat,max_lon,max_lat`` as four floats."""
    min_lon, min_lat, max_lon, max_lat = parse_numbers("bbox", value, 4)
    return min_lon, min_lat, max_lon, max_lat


def parse_radius(value: str) -> tuple[float, float, float]:
    """``lat,lon,km`` as three floats."""
    lat, lon, km = parse_numbers("radius", value, 3)
    return lat, lon, km


@dataclass(frozen=True, slots=True)
class EventPage:
    """One page of events and the cursor of the next page (None on the last page)."""

    events: list[dict[str, Any]]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class EventDocumentPage:
    """A page of events as JSON texts: each is one `EventPage.events` item, encoded (a JSON object)."""

    documents: list[str]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class QuotePage:
    """One page of quotes (each with its article summary) and the cursor of the next page."""

    quotes: list[dict[str, Any]]
    next_cursor: str | None


class Store(Protocol):
    """Where articles, their events, quotes and rejects live. Writes of one article are atomic."""

    def add_result(self, result: ArticleResult, keys: ArticleKeys | None = None) -> bool:
        """Store an article with its events, quotes and dedup keys in one transaction; False if already
        stored."""
        ...

    def add_reject(self, reject: Reject) -> None:
        """Store a reject; the same (source, reason) twice is stored once."""
        ...

    def batch(self) -> AbstractContextManager[None]:
        """One transaction for every read and write made inside it (committed at the end, rolled back
        on an error): ingest stores a batch of articles and merges them with one commit."""
        ...

    def list_rejects(self, limit: int = 100) -> list[dict[str, Any]]:
        """The latest rejects first (source, reason, detail, at)."""
        ...

    def find_duplicate(self, url_key: str | None, text_hash: str | None) -> str | None:
        """The id of a stored article with this normalized URL or normalized-text hash, else None."""
        ...

    def iter_signatures(self) -> Iterator[tuple[str, str | None, bytes]]:
        """(article id, syndication root, MinHash bytes) of every stored article."""
        ...

    def has_article(self, article_id: str) -> bool: ...

    def query_events(self, event_filter: EventFilter) -> list[dict[str, Any]]:
        """Events in the output-contract shape, each with an ``article`` summary, newest first."""
        ...

    def page_events(self, event_filter: EventFilter) -> EventPage:
        """Like `query_events`, with the cursor of the next page."""
        ...

    def page_event_documents(self, event_filter: EventFilter) -> EventDocumentPage:
        """Like `page_events`, each event as its JSON text (for answering without decoding it)."""
        ...

    def iter_events(self, event_filter: EventFilter) -> Iterator[dict[str, Any]]:
        """Every matching event (``limit`` ignored), streamed from the database for exports."""
        ...

    def stats(self, event_filter: EventFilter) -> dict[str, Any]:
        """Counts of matching events: total, by day, by PLOVER type, by country."""
        ...

    def query_quotes(
        self, speaker: str | None = None, q: str | None = None, since: dt.date | None = None,
        limit: int = 100, cursor: str | None = None, as_of: str | int | None = None,
    ) -> QuotePage:
        """Quotes by speaker (any form of the name), full-text ``q``, published since a day; newest first."""
        ...

    def get_event(self, event_id: str, as_of: str | int | None = None) -> dict[str, Any] | None:
        """One event in the output-contract shape with its ``article`` summary; None when unknown."""
        ...

    def get_article(self, article_id: str, as_of: str | int | None = None) -> dict[str, Any] | None:
        """The article's metadata and text, its events and quotes; None when unknown."""
        ...

    def merge_candidates(self, family: str, country: str, first: int, last: int) -> list[dict[str, Any]]:
        """Members of stored merged events whose block overlaps (see store/merged.py)."""
        ...

    def merge_candidates_of(self, blocks: Iterable[tuple[str, str, int, int]], *,
                            with_decisions: bool = True, nearest: int | None = None) -> Iterator[dict[str, Any]]:
        """Members of the stored merged events any of the blocks (family, country, first, last) overlaps,
        each once, grouped by event; without decisions, each has its link ``score`` instead. With
        ``nearest``, only the events each block's mentions would be compared with (`candidates.max`)."""
        ...

    def link_decisions(self, mention_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Mention id -> the stored decision that linked it to its merged event."""
        ...

    def unmerged_mentions(self) -> list[dict[str, Any]]:
        """Stored mentions no merged event links (negated, hypothetical, or left by a killed run)."""
        ...

    def save_merged(
        self, event_rows: list[dict[str, Any]], links: list[dict[str, Any]], retired: list[tuple[str, str]]
    ) -> int | None:
        """Save merged events and mention links and log the changes as a version, in one transaction."""
        ...

    def get_merged_event(self, event_id: str, as_of: str | int | None = None) -> dict[str, Any] | None:
        """A merged event with its links and decisions; None when unknown."""
        ...

    def merged_members_of_article(self, article_id: str) -> list[dict[str, Any]]:
        """Members of every merged event holding a mention of the article."""
        ...

    def retract_article(self, article_id: str, reason: str, event_rows: list[dict[str, Any]],
                        links: list[dict[str, Any]], emptied: list[str]) -> int:
        """Retract an article at a new version, saving the merged events rebuilt without it."""
        ...

    def watch_state(self, source: str) -> dict[str, Any] | None:
        """What `eventwire watch` stored about a source, or None."""
        ...

    def record_poll(self, source: str, **outcome: Any) -> None:
        """Record one poll of a source: status, error, validators."""
        ...

    def unmerged_results(self) -> list[ArticleResult]:
        """Articles stored after the last merge version (a merge that never committed)."""
        ...

    def resolve_version(self, value: str | int | None) -> int | None:
        """A version number from a number, snapshot name or ISO time (None: now)."""
        ...

    def version_info(self, version: int | None = None) -> dict[str, Any]:
        """``{"version", "at"}`` of a version (the current one by default)."""
        ...

    def snapshot(self, name: str | None = None) -> dict[str, Any]:
        """Name the current version."""
        ...

    def changes(self, since: str | int | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Changes after a version, oldest first."""
        ...

    def counts(self) -> dict[str, int]:
        """Numbers of articles, events, quotes and rejects stored."""
        ...

    def close(self) -> None: ...
