"""Resolve spaCy DATE/TIME mentions to calendar dates, relative to the article's publication date.

Rules (news is written in the past tense, so bare references look backwards):

* A bare weekday ("Thursday", "on Thursday", "late Tuesday", "Monday's attack") is the most recent such
  day strictly before the publication day, or the publication day itself when it has that weekday
  ("Friday" in an article published on a Friday is that Friday). "last Friday" is always strictly before
  the publication day, "next Friday" strictly after, "this Friday" the Friday of the publication week.
* "today", "this morning", "tonight", "earlier today" are the publication day; "yesterday" and
  "last night" the day before (also when the article went out in the small hours).
* A month without a year ("in September", "early September", "mid-October") is the most recent such
  month at or before the publication month; "last September" is strictly before it.
* A day and month without a year ("November 14", "on 14 Nov.") is the most recent such date at or
  before the publication day. All-numeric dates need a year; "14/11/2025" is read day first unless only
  the month-first reading is valid or (both being valid) only it lies at or before the publication day.
* Week precision values are the Monday of the week, month precision the first of the month, year
  precision 1 January. "the weekend" / "over the weekend" is the most recent weekend (the current one
  when published on a Saturday or Sunday); "last weekend" is the same except during a weekend, when it is
  the one before; "this weekend" is the weekend of the publication week (ahead of a weekday article:
  "protests planned for this weekend"), "next weekend" the one after. All resolve to the Monday of the
  ISO week holding that weekend, precision week, so the week-is-a-Monday invariant holds and the
  interval still covers the weekend. "the start of the year" (or week, month) is the publication's.
* Durations, ages, frequencies, decades, seasons and anaphora ("for three days", "11-year-old",
  "daily", "24 hours", "the past five years", "the 1990s", "the summer", "the previous day") are not
  calendar references and resolve to None. A decade has no precision in our model, so it is dropped rather
  than pinned to a misleading first year.
* Future references ("tomorrow", "next week") resolve forward: they date threats and plans.
* Without a publication date only expressions that carry their own year resolve.

Our own grammar runs first; ``dateparser`` (past-preferring, relative to the publication date) is only a
fallback for phrases that name a month or weekday and that the grammar does not know.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Sequence
from typing import Any

from eventwire.model import DatePrecision, DateSource, EntityMention, TimeExpr
from eventwire.resolve.time_grammar import (
    NOT_A_DATE,
    Resolved,
    monday,
    names_calendar,
    normalise,
    resolve_phrase,
)

logger = logging.getLogger(__name__)

__all__ = ["looks_forward", "pick_event_date", "published_fallback", "resolve_date", "resolve_text"]

_LABELS = frozenset({"DATE", "TIME"})
# Words before a date in the same clause that make it a plan or a deadline ("will begin on April 7",
# "postponed until Saturday", "is due to be published in May", reported plans: "said they would march
# on Saturday", "was ready to meet the union on Friday"): the date then looks forward. "planned" after
# a determiner is an adjective ("withdrew a planned levy on Friday") and says nothing of the date.
_FORWARD_CUE = re.compile(
    r"\b(?:will|'ll|shall|would|due|scheduled|(?<!\ba )(?<!\ban )(?<!\bthe )(?<!\bits )(?<!\btheir )planned|"
    r"plans? to|set to|is to|are to|expected to|ready to|"
    r"postponed|delayed|adjourned|deadline|upcoming|ahead of|from now)\b[^.;!?]*$",
    re.IGNORECASE,
)
_FORWARD_WINDOW = 60
_FOR_WEEKDAY = re.compile(r"\bfor\s+$", re.IGNORECASE)
_WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)


def looks_forward(before: str) -> bool:
    """True when the words just before a date (same sentence) make it a future reference."""
    return bool(_FORWARD_CUE.search(before[-_FORWARD_WINDOW:]))


def resolve_date(
    mention: EntityMention, published: dt.datetime | None, *, text: str | None = None, forward: bool = False
) -> TimeExpr | None:
    """Resolve one DATE/TIME mention against the publication date; None when it names no calendar date.

    With ``text`` (the article text the offsets point into) a future cue before the mention ("will begin
    on", "until") turns bare weekdays and months forward. A value whose period starts after the
    publication day is kept but flagged ``after_published``.
    """
    if mention.label.upper() not in _LABELS:
        return None
    before = text[max(0, mention.start - _FORWARD_WINDOW) : mention.start] if text is not None else ""
    # "a strike for Friday", "a march called for Saturday": a weekday one is aiming for lies ahead.
    aimed = bool(_FOR_WEEKDAY.search(before) and _WEEKDAY.match(mention.text))
    forward = forward or aimed or (text is not None and looks_forward(before))
    resolved = resolve_text(mention.text, published, forward=forward)
    if resolved is None:
        logger.debug("date mention %r did not resolve", mention.text)
        return None
    value, precision = resolved
    return TimeExpr(
        text=mention.text,
        value=value,
        precision=precision,
        source=DateSource.TEXT,
        start=mention.start,
        end=mention.end,
        after_published=published is not None and value > published.date(),
    )


def published_fallback(published: dt.datetime) -> TimeExpr:
    """Date an event by its article's publication day when the text gives no usable date."""
    return TimeExpr(
        text=None,
        value=published.date(),
        precision=DatePrecision.DAY,
        source=DateSource.PUBLISHED_FALLBACK,
        start=None,
        end=None,
    )


# Reporting verbs whose date is when something was said, not when the event happened.
_REPORTING_CUE = re.compile(
    r"\b(?:said|says|say|told|tells|announced|announces|reported|reports|stated|added|confirmed|claimed|"
    r"according to|statement|wrote|posted|tweeted|briefing|interview)\b(?:\s+[\w.'’-]+)?"
    r"\s*(?:on|late|early|in)?\s*$",
    re.IGNORECASE,
)
_CUE_WINDOW = 40


def pick_event_date(
    candidates: Sequence[EntityMention],
    trigger_start: int,
    published: dt.datetime | None,
    *,
    text: str | None = None,
    forward: bool = False,
) -> TimeExpr | None:
    """Choose and resolve the DATE/TIME mention that dates an event: the nearest resolvable one.

    ``forward`` (a planned or threatened event: "would march on Saturday") reads bare weekdays and
    months as the next such date.

    Mentions that resolve to nothing (durations, ages, frequencies) are skipped. When ``text`` (the
    article text the offsets point into) is given, a date governed by a reporting verb ("officials said
    on Friday") is only used when nothing else resolves, because it dates the statement, not the event.
    """
    best: TimeExpr | None = None
    best_key = (2, 0)
    for mention in candidates:
        resolved = resolve_date(mention, published, text=text, forward=forward)
        if resolved is None:
            continue
        if mention.start >= trigger_start:
            distance = mention.start - trigger_start
        else:
            distance = max(0, trigger_start - mention.end)
        reporting = 0
        if text is not None:
            before = text[max(0, mention.start - _CUE_WINDOW) : mention.start]
            possessive = text[mention.end : mention.end + 2] in {"'s", "’s"}  # "said Thursday's attack"
            reporting = 1 if _REPORTING_CUE.search(before) and not possessive else 0
        key = (reporting, distance)
        if best is None or key < best_key:
            best, best_key = resolved, key
    return best


def resolve_text(text: str, published: dt.datetime | None, *, forward: bool = False) -> Resolved | None:
    """Resolve a temporal phrase to (date, precision), or None; the grammar first, then dateparser.

    ``forward`` reads bare weekdays, months and days without a year as the next such date (a plan)
    instead of the most recent one (a report).
    """
    phrase = normalise(text)
    if not phrase or NOT_A_DATE.search(phrase):
        return None
    today = published.date() if published is not None else None
    resolved = resolve_phrase(phrase, today, forward=forward)
    if resolved is None and names_calendar(phrase):
        resolved = _dateparser_fallback(phrase, published, forward=forward)
    return resolved


_PERIODS = {
    "day": DatePrecision.DAY,
    "time": DatePrecision.DAY,
    "week": DatePrecision.WEEK,
    "month": DatePrecision.MONTH,
    "year": DatePrecision.YEAR,
}


def _dateparser_fallback(phrase: str, published: dt.datetime | None, *, forward: bool) -> Resolved | None:
    if published is not None:
        base = published.replace(tzinfo=None)
    else:
        # Without a publication date only a phrase with its own year may resolve.
        year = re.search(r"\b(?:19|20)\d\d\b", phrase)
        if year is None:
            return None
        base = dt.datetime(int(year.group()), 12, 31)
    try:
        data = _date_parser(base, forward).get_date_data(phrase)
    except Exception:  # dateparser raises assorted errors on odd input; a miss is not our failure
        logger.debug("dateparser failed on %r", phrase, exc_info=True)
        return None
    if data is None or data.date_obj is None:
        return None
    value: dt.date = data.date_obj.date()
    # dateparser reads "September 14-16" as the year 2016; distrust anything far from the base.
    if abs(value.year - base.year) > 30:
        return None
    precision = _PERIODS.get(data.period or "day", DatePrecision.DAY)
    if precision is DatePrecision.WEEK:
        value = monday(value)
    elif precision is DatePrecision.MONTH:
        value = value.replace(day=1)
    elif precision is DatePrecision.YEAR:
        value = dt.date(value.year, 1, 1)
    logger.debug("dateparser resolved %r to %s (%s)", phrase, value, precision)
    return value, precision


@functools.lru_cache(maxsize=32)
def _date_parser(base: dt.datetime, forward: bool) -> Any:
    # Imported lazily: dateparser is slow to import and only a fallback.
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "future" if forward else "past",
            "RELATIVE_BASE": base,
            "PREFER_DAY_OF_MONTH": "first",
        },
    )
