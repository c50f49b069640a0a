"""The Store protocol every backend implements, and the filter it is queried with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from eventwire.model import ArticleResult, Reject


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Filters shared by `eventwire events`, `GET /api/events` and the exports."""

    country: str | None = None  # ISO 3166-1 alpha-3
    type: str | None = None  # PLOVER event type
    since: dt.date | None = None  # inclusive, on the event date
    until: dt.date | None = None  # inclusive, on the event date
    limit: int = 1000
    offset: int = 0


class Store(Protocol):
    """Where articles, their events, quotes and rejects live. Writes of one article are atomic."""

    def add_result(self, result: ArticleResult) -> bool:
        """Store an article with its events and quotes in one transaction; False if already stored."""
        ...

    def add_reject(self, reject: Reject) -> None: ...

    def has_article(self, article_id: str) -> bool: ...

    def query_events(self, event_filter: EventFilter) -> list[dict[str, Any]]:
        """Events in the output-contract shape, each with an ``article`` summary, newest first."""
        ...

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        """One event in the output-contract shape with its ``article`` summary; None when unknown."""
        ...

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """The article's metadata and text, its events and quotes; None when unknown."""
        ...

    def counts(self) -> dict[str, int]:
        """Numbers of articles, events, quotes and rejects stored."""
        ...

    def close(self) -> None: ...
