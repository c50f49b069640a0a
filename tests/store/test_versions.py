"""Versions on both backends: as-of reads give earlier states after later ingests, merges and retractions;
every change is in the log with its version, cause and article."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from eventwire.errors import BadInputError
from eventwire.merge import MentionRecord
from eventwire.model import Article, ArticleResult
from eventwire.pipeline import merge_stored, retract
from eventwire.store.base import EventFilter
from eventwire.store.sql import SqlStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "merge"))
from builders import record  # tests/merge/builders.py

STRIKE_A = record("a1", "art-a", "An air strike hit the fuel depot in Nyala on Monday, killing nine people.", killed=9)
STRIKE_B = record("b1", "art-b", "Warplanes struck a fuel depot in Nyala, killing 12 people, medics said.", killed=12,
                  published="2025-11-11T10:00:00+00:00")
BRIDGE_X = record("x1", "art-x", "Warplanes bombed the fuel depot in Nyala on Monday.", killed=4,
                  published="2025-11-11T06:00:00+00:00")
BRIDGE_Y = record("y1", "art-y", "Medics counted dead after the raid on the city's depot.", place="sudan", killed=9,
                  mode=None, published="2025-11-11T07:00:00+00:00")
BRIDGE_Z = record("z1", "art-z", "Warplanes bombed the fuel depot in Nyala, medics counted the dead after the raid.",
                  killed=6, published="2025-11-11T08:00:00+00:00")


def _result(records: list[MentionRecord]) -> ArticleResult:
    first = records[0]
    article = Article(id=first.article_id, text=f"(invented) {first.mention.sentence.text if first.mention.sentence else ''}",
                      outlet=first.outlet, url=first.url, published=first.published)
    return ArticleResult(article, tuple(r.mention for r in records), ())


def _ingest(store: SqlStore, *records: MentionRecord) -> None:
    batch = [_result([item]) for item in records]
    for result in batch:
        assert store.add_result(result)
    merge_stored(store, batch)


def _ids(store: SqlStore, as_of: str | int | None = None) -> set[str]:
    return {event["id"] for event in store.query_events(EventFilter(as_of=as_of))}


def test_as_of_reads_after_ingest_report_and_retraction(store_url: str) -> None:
    with SqlStore(store_url) as store:
        assert store.version_info() == {"version": 0, "at": None}
        _ingest(store, STRIKE_A)
        first = store.snapshot("first")
        event_id = store.get_merged_event("a1")["event"]["id"]
        _ingest(store, STRIKE_B)
        second = store.version_info()["version"]
        assert second > first["version"]
        # Now: both reports, best killed 12; as of "first": one report, nine killed.
        assert _ids(store) == {"a1", "b1"}
        assert _ids(store, "first") == {"a1"}
        assert _ids(store, str(first["version"])) == {"a1"}
        assert _ids(store, first["at"]) == {"a1"}
        now = store.get_merged_event(event_id)["event"]
        then = store.get_merged_event(event_id, as_of="first")["event"]
        assert now["fatalities"]["killed"]["best"] == 12 and now["corroboration"]["articles"] == 2
        assert then["fatalities"]["killed"] == {"best": 9, "min": 9, "max": 9}
        assert then["corroboration"]["articles"] == 1
        kinds = [(c["kind"], c["field"]) for c in store.changes(since="first")]
        assert ("article_added", None) in kinds and ("report_added", None) in kinds
        assert ("field_changed", "killed_best") in kinds
        changed = next(c for c in store.changes(since="first") if c["field"] == "killed_best")
        assert (changed["old_value"], changed["new_value"], changed["article_id"]) == (9, 12, "art-b")
        assert changed["cause"] == "merge" and changed["event_id"] == event_id

        report = retract(store, "art-b", reason="corrected by the outlet")
        assert report.updated == (event_id,) and report.removed == ()
        assert _ids(store) == {"a1"}
        assert store.get_event("b1") is None and store.get_article("art-b") is None
        assert store.get_event("b1", as_of=second) is not None
        assert store.get_article("art-b", as_of=second)["article"]["id"] == "art-b"
        assert _ids(store, second) == {"a1", "b1"}
        assert store.get_merged_event(event_id)["event"]["fatalities"]["killed"]["best"] == 9
        assert store.get_merged_event(event_id, as_of=second)["event"]["fatalities"]["killed"]["best"] == 12
        retraction = store.changes(since=second)
        assert [c["kind"] for c in retraction][:2] == ["article_retracted", "report_removed"]
        assert all(c["version"] == report.version and c["cause"] == "retract" for c in retraction)
        assert retraction[0]["new_value"] == "corrected by the outlet"
        assert store.stats(EventFilter(as_of=second))["total"] == 2
        assert store.stats(EventFilter())["total"] == 1
        with pytest.raises(BadInputError):
            retract(store, "art-b")
        # The only report of an event retracted: the event is gone now, there before.
        gone = retract(store, "art-a")
        assert gone.removed == (event_id,)
        assert store.get_merged_event(event_id) is None
        assert store.get_merged_event(event_id, as_of="first") is not None
        assert _ids(store) == set() and _ids(store, "first") == {"a1"}


def test_merge_of_two_events_is_logged_and_undone_as_of_before(store_url: str) -> None:
    with SqlStore(store_url) as store:
        _ingest(store, BRIDGE_X, BRIDGE_Y)
        before = store.snapshot()
        assert before["name"] == f"v{before['version']}"
        x_event = store.get_merged_event("x1")["event"]["id"]
        y_event = store.get_merged_event("y1")["event"]["id"]
        assert x_event != y_event
        _ingest(store, BRIDGE_Z)
        merged = [c for c in store.changes(since=before["name"]) if c["kind"] == "events_merged"]
        assert len(merged) == 1 and merged[0]["article_id"] == "art-z"
        retired, survivor = merged[0]["event_id"], merged[0]["new_value"]
        assert {retired, survivor} == {x_event, y_event}
        assert store.get_merged_event(retired)["event"]["id"] == survivor
        assert store.get_merged_event(retired, as_of=before["name"])["event"]["id"] == retired
        assert store.get_merged_event(survivor, as_of=before["name"])["event"]["corroboration"]["articles"] == 1


def test_bad_versions_and_snapshot_names(store_url: str) -> None:
    with SqlStore(store_url) as store:
        _ingest(store, STRIKE_A)
        with pytest.raises(BadInputError, match="does not exist yet"):
            store.resolve_version("999")
        with pytest.raises(BadInputError, match="not a version number"):
            store.resolve_version("last tuesday")
        assert store.resolve_version("2000-01-01") == 0
        assert _ids(store, "2000-01-01") == set()
        store.snapshot("pub")
        with pytest.raises(BadInputError, match="never move"):
            store.snapshot("pub")
        with pytest.raises(BadInputError, match="min_outlets"):
            store.query_events(EventFilter(as_of="pub", min_outlets=2))
        # A failed write leaves no version behind.
        versions = store.version_info()["version"]
        assert not store.add_result(_result([STRIKE_A]))
        assert store.version_info()["version"] == versions
