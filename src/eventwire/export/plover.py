"""PLOVER/POLECAT-style JSON Lines: one event per line with PLOVER's field names (docs/exports.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from eventwire.export.csv import best_value


def _actors(event: dict[str, Any], role: str) -> list[dict[str, Any]]:
    return [
        {"actorText": actor.get("text"), "name": actor.get("name"), "code": actor.get("country"),
         "sector": actor.get("sector"), "start": actor.get("start"), "end": actor.get("end")}
        for actor in event.get("actors") or [] if actor.get("role") == role
    ]


def plover_record(event: dict[str, Any]) -> dict[str, Any]:
    """One stored event as a PLOVER record (``event``, ``mode``, ``source``, ``target``, ``eventLoc`` ...)."""
    location = event.get("location")
    date = event.get("date") or {}
    fatalities = event.get("fatalities") or {}
    trigger = event.get("trigger") or {}
    sentence = event.get("sentence") or {}
    article = event.get("article") or {}
    claim = event.get("claim") or {}
    return {
        "id": event.get("id"),
        "date": date.get("value"),
        "datePrecision": date.get("precision"),
        "event": event.get("type"),
        "mode": event.get("mode"),
        "source": _actors(event, "source"),
        "target": _actors(event, "target"),
        "eventText": trigger.get("text"),
        "text": sentence.get("text"),
        "eventLoc": None if not location else {
            "name": location.get("name"), "text": location.get("text"), "country": location.get("country"),
            "admin1": location.get("admin1"), "geonameid": location.get("geonameid"),
            "lat": location.get("lat"), "lon": location.get("lon"), "precision": location.get("precision"),
        },
        "dead": best_value(fatalities.get("killed")),
        "injured": best_value(fatalities.get("injured")),
        "acled": event.get("acled"),
        "claim": claim.get("status"),
        "negated": event.get("negated"),
        "hypothetical": event.get("hypothetical"),
        "confidence": event.get("confidence"),
        "language": "en",
        "publication": article.get("outlet"),
        "url": article.get("url"),
        "storyId": article.get("id"),
        "storyDate": article.get("published"),
        "evidence": {
            "trigger": [trigger.get("start"), trigger.get("end")],
            "sentence": [sentence.get("start"), sentence.get("end")],
        },
    }


def write_plover_jsonl(events: Iterable[dict[str, Any]], out: TextIO, meta: dict[str, Any] | None = None) -> int:
    """Write one PLOVER record per line (after a ``{"_meta": ...}`` line when given); returns the number
    of records."""
    from eventwire.export.jsonl import write_meta_line

    write_meta_line(out, meta)
    written = 0
    for event in events:
        out.write(json.dumps(plover_record(event), ensure_ascii=False, separators=(",", ":")))
        out.write("\n")
        written += 1
    return written
