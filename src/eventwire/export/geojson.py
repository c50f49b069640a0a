"""GeoJSON export: a FeatureCollection with one Point per event that has coordinates, written as it streams."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO


def event_feature(event: dict[str, Any]) -> dict[str, Any] | None:
    """The event as a GeoJSON Point feature (lat/lon moved into the geometry); None without coordinates."""
    location = event.get("location")
    if not location or location.get("lat") is None or location.get("lon") is None:
        return None
    properties = dict(event)
    properties["location"] = {key: value for key, value in location.items() if key not in ("lat", "lon")}
    return {
        "type": "Feature",
        "id": event.get("id"),
        "geometry": {"type": "Point", "coordinates": [location["lon"], location["lat"]]},
        "properties": properties,
    }


def feature_collection(events: Iterable[dict[str, Any]], meta: dict[str, Any] | None = None) -> dict[str, Any]:
    features = [feature for feature in map(event_feature, events) if feature is not None]
    collection: dict[str, Any] = {"type": "FeatureCollection"}
    if meta is not None:
        collection["metadata"] = meta
    return collection | {"features": features}


def write_geojson(events: Iterable[dict[str, Any]], out: TextIO, meta: dict[str, Any] | None = None) -> int:
    """Stream a FeatureCollection of the events that have coordinates; returns the number of features.
    ``meta`` (version and citation) is a ``metadata`` foreign member (RFC 7946 section 6.1)."""
    out.write('{"type": "FeatureCollection", ')
    if meta is not None:
        out.write('"metadata": ' + json.dumps(meta, ensure_ascii=False, sort_keys=True) + ", ")
    out.write('"features": [')
    written = 0
    for feature in map(event_feature, events):
        if feature is None:
            continue
        out.write(",\n" if written else "\n")
        json.dump(feature, out, ensure_ascii=False)
        written += 1
    out.write("\n]}\n")
    return written
