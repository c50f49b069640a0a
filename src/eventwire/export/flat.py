"""Flat rows of our own fields (one per event): the plain CSV export and the Parquet export share them."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from eventwire.export.csv import best_value

#: Column name -> kind ("text", "int", "float", "date", "datetime"); Parquet types follow the kind.
FLAT_COLUMNS: dict[str, str] = {
    "id": "text",
    "article_id": "text",
    "type": "text",
    "mode": "text",
    "acled_event_type": "text",
    "acled_sub_event_type": "text",
    "event_date": "date",
    "date_precision": "text",
    "date_source": "text",
    "date_text": "text",
    "country": "text",
    "admin1": "text",
    "location": "text",
    "geonameid": "int",
    "latitude": "float",
    "longitude": "float",
    "location_precision": "text",
    "killed": "int",
    "injured": "int",
    "claim_status": "text",
    "claim_cue": "text",
    "negated": "bool",
    "hypothetical": "bool",
    "confidence": "float",
    "source_actors": "text",
    "target_actors": "text",
    "trigger": "text",
    "sentence": "text",
    "sentence_start": "int",
    "sentence_end": "int",
    "outlet": "text",
    "url": "text",
    "title": "text",
    "published": "datetime",
}


def _actors(event: dict[str, Any], role: str) -> str | None:
    names = [actor.get("name") or actor.get("text") for actor in event.get("actors") or []
             if actor.get("role") == role]
    joined = "; ".join(dict.fromkeys(name for name in names if name))
    return joined or None


def flat_row(event: dict[str, Any]) -> dict[str, Any]:
    """One event as {column: value} over FLAT_COLUMNS; unknown values are None."""
    location = event.get("location") or {}
    date = event.get("date") or {}
    acled = event.get("acled") or {}
    fatalities = event.get("fatalities") or {}
    claim = event.get("claim") or {}
    sentence = event.get("sentence") or {}
    trigger = event.get("trigger") or {}
    article = event.get("article") or {}
    return {
        "id": event.get("id"),
        "article_id": article.get("id"),
        "type": event.get("type"),
        "mode": event.get("mode"),
        "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "event_date": date.get("value"),
        "date_precision": date.get("precision"),
        "date_source": date.get("source"),
        "date_text": date.get("text"),
        "country": location.get("country"),
        "admin1": location.get("admin1"),
        "location": location.get("name"),
        "geonameid": location.get("geonameid"),
        "latitude": location.get("lat"),
        "longitude": location.get("lon"),
        "location_precision": location.get("precision"),
        "killed": best_value(fatalities.get("killed")),
        "injured": best_value(fatalities.get("injured")),
        "claim_status": claim.get("status"),
        "claim_cue": claim.get("cue"),
        "negated": event.get("negated"),
        "hypothetical": event.get("hypothetical"),
        "confidence": event.get("confidence"),
        "source_actors": _actors(event, "source"),
        "target_actors": _actors(event, "target"),
        "trigger": trigger.get("text"),
        "sentence": sentence.get("text"),
        "sentence_start": sentence.get("start"),
        "sentence_end": sentence.get("end"),
        "outlet": article.get("outlet"),
        "url": article.get("url"),
        "title": article.get("title"),
        "published": article.get("published"),
    }


def write_flat_csv(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write a header and one FLAT_COLUMNS row per event (empty cell = unknown); returns the row count."""
    writer = csv.DictWriter(out, fieldnames=list(FLAT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    written = 0
    for event in events:
        writer.writerow({key: "" if value is None else value for key, value in flat_row(event).items()})
        written += 1
    return written
