"""The merge stage's input record (a mention with its article metadata) and its fixed ordering."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from eventwire.model import ArticleResult, DatePrecision, DateSource, EventMention


@dataclass(frozen=True, slots=True)
class MentionRecord:
    """One event mention as the merge sees it: the mention plus the article it came from.

    ``copy_of`` is the article id of the syndication root when this article is a near-copy of another
    (from the ingestion stage), else None; copies of one root count as one independent source.
    ``position`` is the mention's index in its article (a tie-breaker of the fixed ordering).
    """

    mention: EventMention
    article_id: str
    outlet: str | None = None
    url: str | None = None
    published: dt.datetime | None = None
    copy_of: str | None = None
    position: int = 0

    @property
    def id(self) -> str:
        return self.mention.id

    @property
    def document(self) -> str:
        """The independent document this mention comes from: the syndication root, else the article."""
        return self.copy_of or self.article_id

    @property
    def source_key(self) -> str:
        """What counts once for corroboration: the outlet (or the document when the outlet is unknown)."""
        return (self.outlet or "").strip().lower() or f"doc:{self.document}"


def records_from_result(result: ArticleResult, copy_of: str | None = None) -> list[MentionRecord]:
    """Merge records of one article's events (negated and hypothetical events are left out: they
    did not happen, so they are not reports of an occurrence). ``copy_of``: the syndication root."""
    article = result.article
    # The ingestion stage sets Article.copy_of on syndicated near-copies (branch `ingest`); an explicit
    # argument wins, and an Article without the field (older model) means "not a copy".
    copy_of = copy_of or getattr(article, "copy_of", None)
    return [
        MentionRecord(
            mention=event,
            article_id=article.id,
            outlet=article.outlet,
            url=article.url,
            published=article.published,
            copy_of=copy_of if copy_of and copy_of != article.id else None,
            position=position,
        )
        for position, event in enumerate(result.events)
        if not event.negated and not event.hypothetical
    ]


@dataclass(frozen=True, slots=True)
class DateInterval:
    """The days an event may have happened on (inclusive ordinals), and how it was known."""

    first: int
    last: int
    precision: str  # day | week | month | year | undated | unknown

    def gap_days(self, other: DateInterval) -> int:
        """Days between the two intervals; 0 when they overlap."""
        return max(0, other.first - self.last, self.first - other.last)


def date_interval(record: MentionRecord, undated_before_days: int) -> DateInterval | None:
    """The interval of days of the record's event date (None when neither a date nor a publication
    date is known). A date taken from the publication day is treated as undated: the event happened
    on or up to ``undated_before_days`` before publication."""
    date = record.mention.date
    if date is not None and date.source is DateSource.TEXT:
        value = date.value
        if date.precision is DatePrecision.DAY:
            return DateInterval(value.toordinal(), value.toordinal(), "day")
        if date.precision is DatePrecision.WEEK:
            return DateInterval(value.toordinal(), value.toordinal() + 6, "week")
        if date.precision is DatePrecision.MONTH:
            first = value.replace(day=1)
            following = (first + dt.timedelta(days=32)).replace(day=1)
            return DateInterval(first.toordinal(), following.toordinal() - 1, "month")
        first = value.replace(month=1, day=1)
        return DateInterval(first.toordinal(), first.replace(month=12, day=31).toordinal(), "year")
    published = record.published.date() if record.published else (date.value if date else None)
    if published is None:
        return None
    return DateInterval(published.toordinal() - undated_before_days, published.toordinal(), "undated")


def order_key(record: MentionRecord) -> tuple[str, str, int, str]:
    """The fixed ordering of mentions: publication time, article id, position, mention id.

    Processing in this order makes the result independent of the order the caller gave."""
    if record.published is None:
        published = "9999"  # unknown publication times sort last
    elif record.published.tzinfo is None:
        published = record.published.isoformat()
    else:
        published = record.published.astimezone(dt.UTC).isoformat()
    return (published, record.article_id, record.position, record.id)


def event_id_for(record: MentionRecord) -> str:
    """The id of an event founded by this mention: stable across runs and input orders."""
    return "evt-" + hashlib.sha256(f"event:{record.id}".encode()).hexdigest()[:16]
