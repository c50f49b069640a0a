"""CSV, GeoJSON and JSONL exports over stored events, asserting the written values."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from sample_results import sample_results

from eventwire.export import write_csv, write_geojson, write_jsonl
from eventwire.export.csv import COLUMNS, event_row
from eventwire.store import EventFilter
from eventwire.store.sqlite import SQLiteStore


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    path: Path = tmp_path_factory.mktemp("export") / "events.sqlite"
    with SQLiteStore(path) as store:
        for result in sample_results():
            store.add_result(result)
        return store.query_events(EventFilter())


def test_jsonl_round_trips_every_event(events: list[dict[str, Any]]) -> None:
    out = io.StringIO()
    assert write_jsonl(events, out) == 5
    lines = out.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == events
    assert "Bogotá" in out.getvalue()  # not \u-escaped


def test_geojson_points_skip_events_without_coordinates(events: list[dict[str, Any]]) -> None:
    out = io.StringIO()
    assert write_geojson(events, out) == 4
    collection = json.loads(out.getvalue())
    assert collection["type"] == "FeatureCollection"
    assert [feature["id"] for feature in collection["features"]] == [
        "strike-1", "protest-1", "protest-2", "talks-1"
    ]
    strike = collection["features"][0]
    assert strike["geometry"] == {"type": "Point", "coordinates": [-66.88, 10.49]}
    location = strike["properties"]["location"]
    assert "lat" not in location and "lon" not in location
    assert location["name"] == "Caracas" and location["geonameid"] == 3646738
    assert strike["properties"]["fatalities"]["killed"] == 11
    assert strike["properties"]["article"]["outlet"] == "Example Daily"
    # The input dicts are not modified.
    assert events[0]["location"]["lat"] == 10.49


def test_geojson_of_nothing_is_an_empty_collection() -> None:
    out = io.StringIO()
    assert write_geojson([], out) == 0
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_csv_rows_use_acled_columns(events: list[dict[str, Any]]) -> None:
    out = io.StringIO()
    assert write_csv(events, out) == 5
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0].keys()) == COLUMNS
    by_id = {row["event_id"]: row for row in rows}
    assert set(by_id) == {"VEN-strike-1", "VEN-protest-1", "VEN-protest-2", "COL-talks-1", "talks-2"}
    assert by_id["VEN-strike-1"] == {
        "event_id": "VEN-strike-1", "event_date": "2025-11-13", "year": "2025", "time_precision": "1",
        "disorder_type": "Political violence", "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike", "actor1": "unidentified aircraft", "actor2": "",
        "country": "VEN", "admin1": "Distrito Capital", "location": "Caracas", "latitude": "10.49",
        "longitude": "-66.88", "geo_precision": "1", "source": "Example Daily",
        "source_url": "https://news.example.org/depot-struck",
        "notes": "Reports indicate that aircraft struck a fuel depot near Caracas on Thursday night, "
                 "leaving eleven people dead and four injured.",
        "fatalities": "11", "plover_type": "ASSAULT", "plover_mode": "aerial", "claim_status": "reported",
    }
    assert by_id["VEN-protest-2"]["disorder_type"] == "Political violence; Demonstrations"
    assert by_id["VEN-protest-1"]["disorder_type"] == "Demonstrations"
    assert by_id["COL-talks-1"]["time_precision"] == "3"  # month
    assert by_id["COL-talks-1"]["event_type"] == ""  # not an ACLED event
    assert by_id["talks-2"]["latitude"] == "" and by_id["talks-2"]["geo_precision"] == ""
    assert by_id["talks-2"]["fatalities"] == ""  # unknown, not zero


@pytest.mark.parametrize(
    ("precision", "expected"),
    [("point", 1), ("city", 1), ("admin2", 2), ("region", 2), ("admin1", 3), ("country", 3)],
)
def test_geo_precision_codes(precision: str, expected: int) -> None:
    event = {"id": "x", "type": "PROTEST", "location": {"country": "FRA", "precision": precision}}
    assert event_row(event)["geo_precision"] == expected


def test_merged_event_uses_every_report_and_best_count() -> None:
    merged = {
        "id": "m1", "type": "ASSAULT", "fatalities": {"killed": {"min": 11, "max": 14, "best": 12}},
        "reports": [
            {"outlet": "Example Daily", "url": "https://news.example.org/a"},
            {"outlet": "Example Wire", "url": "https://wire.example.org/b"},
            {"outlet": "Example Daily", "url": "https://news.example.org/c"},
        ],
    }
    row = event_row(merged)
    assert row["fatalities"] == 12
    assert row["source"] == "Example Daily; Example Wire"
    assert row["source_url"] == "https://news.example.org/a https://wire.example.org/b https://news.example.org/c"
