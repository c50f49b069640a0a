"""Query parameters of the event endpoints, validated into an EventFilter (a bad value names its parameter)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from fastapi import Query

from eventwire.errors import BadInputError, BadParameterError
from eventwire.model import MODES_BY_TYPE, ClaimStatus, EventType
from eventwire.store import EventFilter
from eventwire.store.base import parse_bbox, parse_radius

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO3 = re.compile(r"^[A-Za-z]{3}$")
#: Every PLOVER mode name, for validating ``mode`` without knowing the type.
ALL_MODES = frozenset(mode for modes in MODES_BY_TYPE.values() for mode in modes)
#: Free-text filters longer than this are refused: no place, actor or outlet name is that long.
MAX_TEXT_PARAMETER = 200
#: Page sizes: the page asks for up to MAX_PAGE events at once to draw them all on the map.
DEFAULT_PAGE = 100
MAX_PAGE = 5000
#: Parameter names the store's own BadInputError messages start with (so the envelope can name them).
_STORE_PARAMETERS = ("limit", "offset", "sort", "order", "since", "until", "bbox", "radius", "cursor",
                     "min_killed", "min_outlets")


def parse_day(name: str, value: str | None) -> dt.date | None:
    """A YYYY-MM-DD query parameter as a date (BadParameterError otherwise)."""
    if value is None or value == "":
        return None
    if not _ISO_DATE.match(value):
        raise BadParameterError(name, f"{name} must be a date as YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise BadParameterError(name, f"{name} is not a valid date: {value!r} ({error})") from error


def _text(name: str, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if len(value) > MAX_TEXT_PARAMETER:
        raise BadParameterError(name, f"{name} is longer than {MAX_TEXT_PARAMETER} characters")
    return value.strip()


def _choice(name: str, what: str, value: str | None, allowed: list[str], fold: str = "upper") -> str | None:
    if value is None or not value.strip():
        return None
    folded = value.strip().upper() if fold == "upper" else value.strip().lower()
    if folded not in allowed:
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise BadParameterError(name, f"{name} must be {what} ({', '.join(allowed)}), got {shown!r}")
    return folded


def parameter_of(error: BadInputError) -> str | None:
    """The parameter a store-raised BadInputError is about, from the start of its message."""
    if isinstance(error, BadParameterError):
        return error.parameter
    first = error.message.split(" ", 1)[0].strip("(:")
    return first if first in _STORE_PARAMETERS else None


def build_event_filter(
    *, type_: str | None = None, mode: str | None = None, acled_type: str | None = None,
    country: str | None = None, admin1: str | None = None, bbox: str | None = None, radius: str | None = None,
    since: str | None = None, until: str | None = None, actor: str | None = None, outlet: str | None = None,
    min_outlets: int | None = None, min_killed: int | None = None, claim: str | None = None,
    q: str | None = None, sort: str = "date", order: str = "desc", limit: int = DEFAULT_PAGE,
    offset: int = 0, cursor: str | None = None,
) -> EventFilter:
    """Validate raw query values into an EventFilter; BadParameterError names the first bad one."""
    if country and country.strip():
        if not _ISO3.match(country.strip()):
            raise BadParameterError("country", f"country must be an ISO 3166-1 alpha-3 code like VEN, got {country[:40]!r}")
        country = country.strip().upper()
    else:
        country = None
    try:
        bbox_value = parse_bbox(bbox) if bbox else None
    except BadInputError as error:
        raise BadParameterError("bbox", error.message) from error
    try:
        radius_value = parse_radius(radius) if radius else None
    except BadInputError as error:
        raise BadParameterError("radius", error.message) from error
    if cursor is not None and len(cursor) > 1000:
        raise BadParameterError("cursor", "cursor is not valid (too long)")
    event_filter = EventFilter(
        type=_choice("type", "a PLOVER event type", type_, list(EventType.__members__)),
        mode=_choice("mode", "a PLOVER mode", mode, sorted(ALL_MODES), fold="lower"),
        acled_event_type=_text("acled_type", acled_type),
        country=country,
        admin1=_text("admin1", admin1),
        bbox=bbox_value,
        radius=radius_value,
        since=parse_day("since", since),
        until=parse_day("until", until),
        actor=_text("actor", actor),
        outlet=_text("outlet", outlet),
        min_outlets=min_outlets,
        min_killed=min_killed,
        claim_status=_choice("claim", "a claim status", claim, [status.value for status in ClaimStatus], fold="lower"),
        q=_text("q", q),
        sort=sort,
        order=order,
        limit=limit,
        offset=offset,
        cursor=cursor or None,
    )
    try:
        event_filter.check()
    except BadInputError as error:
        raise BadParameterError(parameter_of(error) or "query", error.message) from error
    return event_filter


def _filter_dependency(page_size: bool) -> object:
    """A FastAPI dependency taking every filter parameter (and, for lists, the page parameters).

    The dependencies are ``async`` because they only validate: FastAPI runs a plain ``def`` dependency in
    its thread pool, one more hand-off between threads per request (about 0.5 ms, bench/api.py).
    """

    async def dependency(
        type: str | None = Query(None, description="PLOVER event type, e.g. ASSAULT (any case)."),
        mode: str | None = Query(None, description="PLOVER mode, e.g. aerial, demo."),
        acled_type: str | None = Query(None, description="ACLED event type, e.g. 'Explosions/Remote violence'."),
        country: str | None = Query(None, description="ISO 3166-1 alpha-3 code of the event's place, e.g. VEN."),
        admin1: str | None = Query(None, description="First-level region name of the event's place."),
        bbox: str | None = Query(None, description="min_lon,min_lat,max_lon,max_lat."),
        radius: str | None = Query(None, description="lat,lon,km: events within km of the point."),
        since: str | None = Query(None, description="First event date, YYYY-MM-DD (inclusive)."),
        until: str | None = Query(None, description="Last event date, YYYY-MM-DD (inclusive)."),
        actor: str | None = Query(None, description="Part of an actor's name or text, any case."),
        outlet: str | None = Query(None, description="Outlet name (whole name, any case)."),
        min_outlets: int | None = Query(None, ge=0, description="At least this many outlets report the event."),
        min_killed: int | None = Query(None, ge=0, description="At least this many killed (unknown never matches)."),
        claim: str | None = Query(None, description="Claim status: confirmed, reported, claimed, alleged, denied, unconfirmed."),
        q: str | None = Query(None, description="Full text: every word in the article or the evidence sentence."),
        sort: Literal["date", "killed", "published"] = Query("date", description="Sort key."),
        order: Literal["asc", "desc"] = Query("desc", description="Sort order."),
        limit: int = Query(DEFAULT_PAGE, ge=1, le=MAX_PAGE, description="Page size."),
        offset: int = Query(0, ge=0, description="Events to skip (ignored with cursor)."),
        cursor: str | None = Query(None, description="next_cursor of the previous page."),
    ) -> EventFilter:
        return build_event_filter(
            type_=type, mode=mode, acled_type=acled_type, country=country, admin1=admin1, bbox=bbox,
            radius=radius, since=since, until=until, actor=actor, outlet=outlet, min_outlets=min_outlets,
            min_killed=min_killed, claim=claim, q=q, sort=sort, order=order,
            limit=limit if page_size else DEFAULT_PAGE, offset=offset if page_size else 0,
            cursor=cursor if page_size else None,
        )

    if not page_size:
        # /api/stats takes the filters only: drop the paging and sorting parameters from its signature.
        async def stats_dependency(
            type: str | None = Query(None, description="PLOVER event type."),
            mode: str | None = Query(None, description="PLOVER mode."),
            acled_type: str | None = Query(None, description="ACLED event type."),
            country: str | None = Query(None, description="ISO 3166-1 alpha-3 code."),
            admin1: str | None = Query(None, description="First-level region name."),
            bbox: str | None = Query(None, description="min_lon,min_lat,max_lon,max_lat."),
            radius: str | None = Query(None, description="lat,lon,km."),
            since: str | None = Query(None, description="First event date, YYYY-MM-DD."),
            until: str | None = Query(None, description="Last event date, YYYY-MM-DD."),
            actor: str | None = Query(None, description="Part of an actor's name or text."),
            outlet: str | None = Query(None, description="Outlet name."),
            min_outlets: int | None = Query(None, ge=0),
            min_killed: int | None = Query(None, ge=0),
            claim: str | None = Query(None, description="Claim status."),
            q: str | None = Query(None, description="Full-text words."),
        ) -> EventFilter:
            return build_event_filter(
                type_=type, mode=mode, acled_type=acled_type, country=country, admin1=admin1, bbox=bbox,
                radius=radius, since=since, until=until, actor=actor, outlet=outlet,
                min_outlets=min_outlets, min_killed=min_killed, claim=claim, q=q,
            )

        return stats_dependency
    return dependency


#: Dependencies for FastAPI's Depends(): list endpoints (filters + paging) and /api/stats (filters).
event_list_filter = _filter_dependency(page_size=True)
event_stats_filter = _filter_dependency(page_size=False)
