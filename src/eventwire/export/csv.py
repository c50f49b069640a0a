"""ACLED-style CSV export: one row per event, ACLED column names plus PLOVER type/mode and claim status."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

COLUMNS: tuple[str, ...] = (
    "event_id", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
    "source", "source_url", "notes", "fatalities", "plover_type", "plover_mode", "claim_status",
)

#: ACLED time_precision: 1 = day, 2 = week (or a few days), 3 = month (ACLED has nothing coarser).
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}

#: ACLED geo_precision: 1 = the town or point, 2 = a nearby/larger area, 3 = the province or country.
GEO_PRECISION = {"point": 1, "city": 1, "admin2": 2, "region": 2, "admin1": 3, "country": 3}

#: ACLED disorder types by event type; one sub-type is both violence and demonstration in ACLED.
DISORDER_TYPE = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
DISORDER_BY_SUB_TYPE = {
    "Excessive force against protesters": "Political violence; Demonstrations",
    "Mob violence": "Political violence; Demonstrations",
}


def best_value(value: Any) -> Any:
    """A merged event carries numbers as {min, max, best}; a single report carries the number."""
    if isinstance(value, dict):
        return value.get("best")
    return value


def _actor_names(event: dict[str, Any], role: str) -> str:
    names = [actor.get("name") or actor.get("text") for actor in event.get("actors") or []
             if actor.get("role") == role]
    return "; ".join(dict.fromkeys(name for name in names if name))


def _sources(event: dict[str, Any]) -> tuple[str, str]:
    """Outlets and URLs reporting the event: a merged event's reports, else its one article."""
    reports = event.get("reports") or [event.get("article") or {}]
    outlets = dict.fromkeys(report.get("outlet") for report in reports if report.get("outlet"))
    urls = dict.fromkeys(report.get("url") for report in reports if report.get("url"))
    return "; ".join(outlets), " ".join(urls)


def _cell(value: Any) -> Any:
    return "" if value is None else value


def event_row(event: dict[str, Any]) -> dict[str, Any]:
    """One event's CSV row as {column: value}; unknown values are empty (not zero)."""
    location = event.get("location") or {}
    date = event.get("date") or {}
    acled = event.get("acled") or {}
    fatalities = event.get("fatalities") or {}
    claim = event.get("claim") or {}
    sentence = event.get("sentence") or {}
    event_date = date.get("value")
    country = location.get("country")
    event_type = acled.get("event_type")
    sub_event_type = acled.get("sub_event_type")
    outlets, urls = _sources(event)
    row = {
        # Like ACLED's event_id_cnty: the country code in front of an id unique in the store.
        "event_id": f"{country}-{event['id']}" if country else event["id"],
        "event_date": event_date,
        "year": event_date[:4] if event_date else None,
        "time_precision": TIME_PRECISION.get(date.get("precision", "")),
        "disorder_type": DISORDER_BY_SUB_TYPE.get(sub_event_type or "") or DISORDER_TYPE.get(event_type or ""),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": _actor_names(event, "source"),
        "actor2": _actor_names(event, "target"),
        "country": country,
        "admin1": location.get("admin1"),
        "location": location.get("name"),
        "latitude": location.get("lat"),
        "longitude": location.get("lon"),
        "geo_precision": GEO_PRECISION.get(location.get("precision", "")),
        "source": outlets,
        "source_url": urls,
        "notes": sentence.get("text"),
        "fatalities": best_value(fatalities.get("killed")),
        "plover_type": event.get("type"),
        "plover_mode": event.get("mode"),
        "claim_status": claim.get("status"),
    }
    return {column: _cell(row[column]) for column in COLUMNS}


def write_csv(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write a header and one row per event; returns the number of rows (without the header)."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    written = 0
    for event in events:
        writer.writerow(event_row(event))
        written += 1
    return written
