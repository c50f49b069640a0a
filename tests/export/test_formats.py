"""PLOVER JSONL, plain CSV and Parquet exports, and export_events writing files whole or not at all."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sample_results import sample_results

from eventwire.errors import StoreError
from eventwire.export.flat import FLAT_COLUMNS, flat_row, write_flat_csv
from eventwire.export.geojson import feature_collection, write_geojson
from eventwire.export.parquet import write_parquet
from eventwire.export.plover import plover_record
from eventwire.export.run import ExportFormat, export_events
from eventwire.store import EventFilter, open_store


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    store = open_store(tmp_path_factory.mktemp("formats") / "events.sqlite")
    for result in sample_results():
        store.add_result(result)
    found = store.query_events(EventFilter())
    store.close()
    return found


def test_plover_record(events: list[dict[str, Any]]) -> None:
    record = plover_record(events[0])
    assert record["event"] == "ASSAULT" and record["mode"] == "aerial"
    assert record["date"] == "2025-11-13" and record["dead"] == 11 and record["injured"] == 4
    assert record["source"] == [{"actorText": "aircraft", "name": "unidentified aircraft", "code": None,
                                 "sector": "military", "start": 22, "end": 30}]
    assert record["target"] == []
    assert record["eventText"] == "struck"
    assert record["eventLoc"]["geonameid"] == 3646738 and record["eventLoc"]["country"] == "VEN"
    assert record["publication"] == "Example Daily" and record["storyId"] == "article-strike"
    assert record["claim"] == "reported"
    assert plover_record(events[3])["eventLoc"] is None  # talks-2 has no place


def test_merged_numbers_use_best() -> None:
    merged = {"id": "m1", "fatalities": {"killed": {"min": 11, "max": 14, "best": 12}, "injured": None}}
    assert flat_row(merged)["killed"] == 12
    assert plover_record(merged)["dead"] == 12


def test_flat_csv(events: list[dict[str, Any]]) -> None:
    out = io.StringIO()
    assert write_flat_csv(events, out) == 5
    header, strike, *_ = out.getvalue().splitlines()
    assert header.split(",") == list(FLAT_COLUMNS)
    row = dict(zip(FLAT_COLUMNS, next(csv.reader([strike])), strict=True))
    assert row["latitude"] == "10.49" and row["killed"] == "11" and row["injured"] == "4"
    assert row["source_actors"] == "unidentified aircraft" and row["target_actors"] == ""


def test_parquet_types(events: list[dict[str, Any]], tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "e.parquet"
    assert write_parquet(events, path) == 5
    table = pq.read_table(path)
    assert table.column_names == list(FLAT_COLUMNS)
    rows = table.to_pylist()
    assert rows[0]["event_date"] == dt.date(2025, 11, 13)
    assert rows[0]["published"] == dt.datetime(2025, 11, 14, 6, 30, tzinfo=dt.UTC)
    assert rows[0]["killed"] == 11 and rows[1]["killed"] is None
    assert rows[4]["latitude"] == 4.61
    empty = tmp_path / "none.parquet"
    assert write_parquet([], empty) == 0 and pq.read_table(empty).num_rows == 0


def test_streamed_geojson_equals_the_collection(events: list[dict[str, Any]]) -> None:
    out = io.StringIO()
    write_geojson(events, out)
    assert json.loads(out.getvalue()) == json.loads(json.dumps(feature_collection(events)))


class FailingStore:
    """Yields two events, then fails as a dropped database connection would."""

    def __init__(self, events: list[dict[str, Any]]) -> None:
        self.events = events

    def resolve_version(self, value: object) -> int | None:
        return None

    def version_info(self, version: int | None = None) -> dict[str, Any]:
        return {"version": 7, "at": "2025-11-14T00:00:00.000000+00:00"}

    def iter_events(self, event_filter: EventFilter) -> Iterator[dict[str, Any]]:
        yield from self.events[:2]
        raise StoreError("read from store failed: connection lost")


@pytest.mark.parametrize("export_format", list(ExportFormat))
def test_failed_export_leaves_no_file(events: list[dict[str, Any]], tmp_path: Path,
                                      export_format: ExportFormat) -> None:
    target = tmp_path / f"out.{export_format.value}"
    target.write_text("previous export")
    with pytest.raises(StoreError):
        export_events(FailingStore(events), EventFilter(), export_format, target)  # type: ignore[arg-type]
    assert target.read_text() == "previous export"
    assert [path.name for path in tmp_path.iterdir()] == [target.name]
